import PSDCore
import PSDData
import PSDModels

/// `w = woe B X`: every binned column of X replaced by its bin's weight of evidence.
enum WoECommand {
  static let spec = CommandSpec(
    name: "woe", topic: "models",
    usage: ["W = woe BINNING FRAME"],
    summary: "replace each binned column by the WoE of its bin (other columns are kept)",
    details: """
      Each column the binning holds becomes a float column of the same name with its bin's \
      WoE = ln(%good / %bad), from the frame the bins were fitted on. Missing values take the Missing bin's \
      WoE; a category level unseen when binning is read as missing. The target and other columns stay, so \
      `train logistic on W` fits a WoE logistic regression.
      """,
    examples: ["w = woe b te"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    let (binning, name) = try c.binning()
    let (frame, frameName) = try c.frame("a frame to transform")
    let out = try binning.woeFrame(frame, frameName: frameName)
    c.print(
      "replaced \(Format.count(binning.features.count, "column")) of \(frameName) by their WoE in \(name) (\(Format.count(frame.rowCount)) rows)"
    )
    c.result(.frame(out))
  }
}
