import PSDCore

/// Input checks shared by the charts: missing values are counted (and said in a note), and
/// inputs no chart can show get a message that names what is wrong.
enum PlotInput {
  /// Finite values, and how many were missing (NaN) or infinite.
  static func present(_ values: [Double]) -> (values: [Double], missing: Int) {
    var kept: [Double] = []
    kept.reserveCapacity(values.count)
    for v in values where v.isFinite { kept.append(v) }
    return (kept, values.count - kept.count)
  }

  static func missingNote(_ missing: Int, of what: String = "") -> String? {
    guard missing > 0 else { return nil }
    let label = what.isEmpty ? "" : " \(what)"
    return "\(NumberFormat.grouped(missing))\(label) missing not shown"
  }

  /// Range of present values, or a message for empty, all-missing and constant input.
  static func range(_ present: [Double], missing: Int, label: String, chart: String) throws
    -> (min: Double, max: Double)
  {
    guard let low = present.min(), let high = present.max() else {
      if missing > 0 {
        throw PSDError.data("'\(label)' has no values to plot: all \(NumberFormat.grouped(missing)) are missing",
                            subject: label)
      }
      throw PSDError.data("'\(label)' is empty: nothing to plot", subject: label)
    }
    guard high > low else {
      let rows = present.count == 1 ? "only one row" : "every value is \(NumberFormat.compact(low))"
      throw PSDError.data("'\(label)' is constant (\(rows)): a \(chart) needs at least two distinct values",
                          subject: label)
    }
    return (low, high)
  }

  static func ensurePositive(_ value: Int, _ name: String, max: Int) throws {
    guard value >= 1, value <= max else {
      throw PSDError.usage("\(name)=\(value) is out of range: use 1 to \(max)", subject: name)
    }
  }
}
