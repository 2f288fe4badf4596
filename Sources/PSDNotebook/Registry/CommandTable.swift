/// Every command psd knows, in help order. This one table dispatches statements and drives
/// `help`, Tab completion, did-you-mean suggestions and Docs/language.md.
/// To add a command: write Commands/<Name>Command.swift with a `static let spec`, add one line here.
package enum CommandTable {
  package static let all: [CommandSpec] = [
    // data
    LoadCommand.spec,
    DescribeCommand.spec,
    ShowCommand.spec,
    ColumnsCommand.spec,
    CrosstabCommand.spec,
    // features
    AggregateCommand.spec,
    JoinCommand.spec,
    DeriveCommand.spec,
    FilterCommand.spec,
    ReplaceCommand.spec,
    SelectCommand.spec,
    DropCommand.spec,
    RenameCommand.spec,
    SortCommand.spec,
    ConcatCommand.spec,
    EncodeCommand.spec,
    CorrCommand.spec,
    VIFCommand.spec,
    SplitCommand.spec,
    // models
    TrainCommand.spec,
    CVCommand.spec,
    TuneCommand.spec,
    ScoreCommand.spec,
    RecipeCommand.spec,
    ServeModelCommand.spec,
    CoefficientsCommand.spec,
    BinCommand.spec,
    IVCommand.spec,
    WoECommand.spec,
    ScorecardCommand.spec,
    // decision
    EvaluateCommand.spec,
    ThresholdCommand.spec,
    ReliabilityCommand.spec,
    CalibrateCommand.spec,
    ExplainCommand.spec,
    WhatIfCommand.spec,
    PSICommand.spec,
    CompareCommand.spec,
    GainsCommand.spec,
    FairnessCommand.spec,
    // charts
    PlotASCIICommand.spec,
    // warehouse
    ConnectCommand.spec,
    TableCommand.spec,
    QueryCommand.spec,
    CollectCommand.spec,
    SampleCommand.spec,
    SQLCommand.spec,
    // session
    HelpCommand.spec,
    NamesCommand.spec,
    ForgetCommand.spec,
    HistoryCommand.spec,
    SetCommand.spec,
    TimerCommand.spec,
    RunCommand.spec,
    SaveCommand.spec,
    PrintCommand.spec,
    SleepCommand.spec
  ]

  package static let byName: [String: CommandSpec] = {
    var table: [String: CommandSpec] = [:]
    for spec in all {
      precondition(table[spec.name] == nil, "command '\(spec.name)' registered twice")
      table[spec.name] = spec
    }
    return table
  }()

  package static var names: [String] { all.map(\.name) }

  /// Topic order for help and docs.
  package static let topics: [(name: String, title: String)] = [
    ("data", "Data"),
    ("features", "Feature engineering"),
    ("models", "Models"),
    ("decision", "Decisions and explanations"),
    ("charts", "Charts"),
    ("warehouse", "Warehouse"),
    ("session", "Session")
  ]
}
