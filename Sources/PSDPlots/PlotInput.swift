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
    return "\(Format.count(missing))\(label) missing not shown"
  }

  /// Range of present values, or a message for empty, all-missing and constant input.
  static func range(_ present: [Double], missing: Int, label: String, chart: String) throws
    -> (min: Double, max: Double)
  {
    guard let low = present.min(), let high = present.max() else {
      if missing > 0 {
        throw PSDError.data(
          "'\(label)' has no values to plot: all \(Format.count(missing)) are missing",
          subject: label)
      }
      throw PSDError.data("'\(label)' is empty: nothing to plot", subject: label)
    }
    guard high > low else {
      let rows = present.count == 1 ? "only one row" : "every value is \(Format.compact(low))"
      throw PSDError.data(
        "'\(label)' is constant (\(rows)): a \(chart) needs at least two distinct values",
        subject: label)
    }
    // Every chart maps values to cells through (v - low) / (high - low): an infinite span
    // (±1e308) crashed the histogram, a span below the values' precision (1e20 + small
    // steps) never ended the tick loop.
    // Beyond the range of the compact form (1e308 would print 300 digits), %g; to show values
    // that differ in their 17th digit, all 17.
    func show(_ v: Double, digits: Int) -> String {
      abs(v) < 1e12 ? Format.compact(v) : String(format: "%.\(digits)g", v)
    }
    var span = "from \(show(low, digits: 6)) to \(show(high, digits: 6))"
    guard (high - low).isFinite else {
      throw PSDError.data(
        "'\(label)' spans \(span), more than a \(chart) can scale",
        notes: ["plot a rescaled column: derive X = \(label) / 1e300, or clip the extreme values"],
        subject: label)
    }
    guard high - low > max(abs(low), abs(high)) * 1e-12 else {
      span = "from \(show(low, digits: 17)) to \(show(high, digits: 17))"
      throw PSDError.data(
        "'\(label)' varies too little for its size (\(span)): a \(chart) cannot tell the values apart",
        notes: ["plot the difference from a constant: derive X = \(label) - \(show(low, digits: 17))"],
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
