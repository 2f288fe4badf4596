import PSDCore
import PSDPlots

/// Charts of a model on a frame. They need the models and decision code (CreditModel, metrics,
/// TreeSHAP); until those are on main these charts say so.
enum ModelPlots {
  static func chart(_ kind: String, _ c: CommandContext, _ options: PlotOptions) throws -> [String] {
    throw c.error("plot-ascii \(kind): model charts are not available in this build yet")
  }

  static func importance(_ c: CommandContext, _ options: PlotOptions) throws -> [String] {
    throw c.error("plot-ascii bar importance: model charts are not available in this build yet")
  }
}
