/// An expression over a frame's columns, as used by `derive` and `filter`.
/// The language layer parses text into its own syntax tree; the notebook turns that into this
/// type, so the data layer knows nothing of scripts. Evaluated a column at a time.
package indirect enum FrameExpression: Sendable, Equatable, Codable {
  case column(String)
  case number(Double)
  case string(String)
  case bool(Bool)
  case missing
  case negate(FrameExpression)
  case not(FrameExpression)
  case binary(BinaryOperator, FrameExpression, FrameExpression)
  /// `e is missing` (negated: `e is not missing`).
  case isMissing(FrameExpression, negated: Bool)
  /// log, abs, sqrt, exp, min, max, clip, coalesce, if, ...
  case call(String, [FrameExpression])

  package enum BinaryOperator: String, Sendable, Equatable, Codable {
    case add = "+", subtract = "-", multiply = "*", divide = "/"
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case equal = "==", notEqual = "!="
    case and, or
  }
}
