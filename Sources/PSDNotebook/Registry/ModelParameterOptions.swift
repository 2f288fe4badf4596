import PSDModels

/// The options of the model commands built from the trainers' parameter tables
/// (`GBDTOptions.parameters`, `LogisticOptions.parameters`): the name, kind, range, help and
/// default of each are declared there once.
enum ModelParameterOptions {
  /// The option of one trainer parameter; its default is the options struct's.
  static func option<O: ParameterizedOptions>(_ parameter: ModelParameter<O>, defaults: O = O()) -> OptionSpec {
    OptionSpec(
      parameter.name, OptionKind(parameter.kind), default: .value(OptionValue(parameter.value(in: defaults))),
      parameter.summary)
  }

  /// The options of `O`'s parameters, in table order (only `names`, when given), with the
  /// defaults of `defaults` (the struct's own unless a learner sets others, like scorecard's
  /// regression).
  static func options<O: ParameterizedOptions>(_ type: O.Type, only names: [String]? = nil, defaults: O = O())
    -> [OptionSpec]
  {
    O.parameters.filter { names?.contains($0.name) ?? true }.map { option($0, defaults: defaults) }
  }

  /// "gbdt: A; logistic, scorecard: B": what each group of learners has, once per distinct text.
  private static func byLearner(_ entries: [(learner: String, text: String)], format: (String, String) -> String)
    -> String
  {
    var order: [String] = []
    var learners: [String: [String]] = [:]
    for e in entries {
      if learners[e.text] == nil { order.append(e.text) }
      learners[e.text, default: []].append(e.learner)
    }
    return order.map { format(learners[$0]!.joined(separator: ", "), $0) }.joined(
      separator: order.count > 1 ? "; " : "")
  }

  /// Several learners' options as one list: a parameter two learners share (l2, balance) is one
  /// option whose choices are the union, and whose help and default name each learner where they
  /// differ ("gbdt: ..., 0; logistic: ..., 1"). The first list's order, then the new names.
  static func merged(_ groups: [(learner: String, options: [OptionSpec])]) -> [OptionSpec] {
    var order: [String] = []
    var byName: [String: [(learner: String, option: OptionSpec)]] = [:]
    for group in groups {
      for o in group.options {
        if byName[o.name] == nil { order.append(o.name) }
        byName[o.name, default: []].append((group.learner, o))
      }
    }
    return order.map { name in
      let entries = byName[name]!
      var merged = entries[0].option
      guard entries.count > 1 else { return merged }
      if case .choice = merged.kind {
        var values: [String] = []
        for e in entries { if case .choice(let c) = e.option.kind { values += c.filter { !values.contains($0) } } }
        merged.kind = .choice(values)
      }
      let summaries = entries.map(\.option.summary)
      if let longest = summaries.max(by: { $0.count < $1.count }), summaries.allSatisfy({ longest.hasPrefix($0) }) {
        merged.summary = longest  // "class weights" and "class weights, or undersample (gbdt)"
      } else if Set(summaries).count > 1 {
        merged.summary = byLearner(entries.map { ($0.learner, $0.option.summary) }) { "\($0): \($1)" }
      }
      if Set(entries.map { $0.option.defaultValue.text ?? "" }).count > 1 {
        merged.defaultValue = .described(
          byLearner(entries.map { ($0.learner, $0.option.defaultValue.text ?? "none") }) {
            "\($1) (\($0))"
          }.replacingOccurrences(of: "; ", with: ", "))
      }
      return merged
    }
  }
}

extension CommandContext {
  /// Writes into `options` every parameter of its table that the statement gives and the command
  /// declares, each read and checked with the table's kind and range.
  func readParameters<O: ParameterizedOptions>(into options: inout O) throws {
    for parameter in O.parameters where hasOption(parameter.name) && spec.option(parameter.name) != nil {
      if let value = try read(parameter.name, as: OptionKind(parameter.kind)) {
        parameter.write(value.parameterValue, into: &options)
      }
    }
  }
}
