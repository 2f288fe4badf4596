import Foundation
import PSDCore

// Lineage: every frame a session builds knows the statements that built it from loaded files.
// The graph is data (operations with their fitted state frozen inside), never text to re-parse,
// so a model's feature recipe can be replayed on new applications by the data layer alone.

/// A column's name and type as a step produced it.
package struct ColumnSchema: Sendable, Codable, Equatable {
  package var name: String
  package var type: ColumnType
  package init(name: String, type: ColumnType) {
    self.name = name
    self.type = type
  }
}

/// The levels of a categorical column when `encode` ran: new data is encoded with these,
/// never with its own (an unseen level must not shift the other columns).
package struct FrozenLevels: Sendable, Codable, Equatable {
  package var column: String
  package var levels: [String]
  package init(column: String, levels: [String]) {
    self.column = column
    self.levels = levels
  }
}

/// `NEW = EXPR` in a derive statement.
package struct DerivedColumn: Sendable, Codable, Equatable {
  package var name: String
  package var expression: FrameExpression
  package init(name: String, expression: FrameExpression) {
    self.name = name
    self.expression = expression
  }
}

package struct RenamePair: Sendable, Codable, Equatable {
  package var from: String
  package var to: String
  package init(from: String, to: String) {
    self.from = from
    self.to = to
  }
}

/// What one statement did to its input frames, with anything it learnt from the rows.
package enum LineageOperation: Sendable, Codable, Equatable {
  /// A CSV file read by `load` (the separator and missing-value tokens it was read with).
  case load(path: String, separator: UInt8, missingTokens: [String])
  case replace(columns: [String], value: ReplaceValue, with: ReplaceValue)
  case derive([DerivedColumn])
  case filter(FrameExpression)
  case select([String])
  case drop([String])
  case rename([RenamePair])
  case sort([SortKey])
  case aggregate(keys: [String], specs: [AggregateSpec], prefix: String, sizeColumn: Bool)
  case join(keys: [String], kind: JoinKind, suffix: String)
  /// The levels of every encoded column, frozen when the statement ran.
  case encode(EncodeMethod, [FrozenLevels])
  case concat
  /// A row selection that only chose training rows (split, a filter on the target, a sort, the
  /// other branches of a concat): scoring passes the rows through unchanged. The text says why.
  case keep(String)
  /// A statement the recipe cannot replay (the text names it).
  case unreplayable(String)

  /// The command word, for messages.
  package var command: String {
    switch self {
    case .load: return "load"
    case .replace: return "replace"
    case .derive: return "derive"
    case .filter: return "filter"
    case .select: return "select"
    case .drop: return "drop"
    case .rename: return "rename"
    case .sort: return "sort"
    case .aggregate: return "aggregate"
    case .join: return "join"
    case .encode: return "encode"
    case .concat: return "concat"
    case .keep: return "keep"
    case .unreplayable(let what): return what
    }
  }
}

/// One node of a frame's lineage: the statement that produced the frame, its inputs' lineages,
/// and the columns it produced. Immutable and shared: `bureau` feeds several aggregates.
package final class FrameLineage: Sendable {
  /// Creation order in the process: statements ran in this order, so a recipe prints in it.
  package let serial: Int
  package let operation: LineageOperation
  package let inputs: [FrameLineage]
  /// The frames' names as the statement wrote them (`app`, `buro`), one per input.
  package let inputNames: [String]
  /// The name the statement bound the frame to.
  package let boundName: String
  /// The statement's source text.
  package let statement: String
  package let schema: [ColumnSchema]

  package init(
    _ operation: LineageOperation, inputs: [FrameLineage], inputNames: [String],
    boundName: String, statement: String, schema: [ColumnSchema]
  ) {
    self.serial = FrameLineage.nextSerial()
    self.operation = operation
    self.inputs = inputs
    self.inputNames = inputNames
    self.boundName = boundName
    self.statement = statement
    self.schema = schema
  }

  private static let counter = SerialCounter()
  private static func nextSerial() -> Int { counter.next() }

  /// True when `self` is `node` or was built from it through row-preserving steps (the same
  /// rows, maybe more columns): `evaluate m on tr` after `tr2 = derive tr ...` is still `tr`.
  package func hasRows(of node: FrameLineage) -> Bool {
    if self === node { return true }
    switch operation {
    case .replace, .derive, .select, .drop, .rename, .encode, .sort:
      return inputs.first?.hasRows(of: node) ?? false
    case .join(_, let kind, _) where kind == .left:
      return inputs.first?.hasRows(of: node) ?? false
    default:
      return false
    }
  }
}

extension DataFrame {
  /// The frame's columns as a schema.
  package var schema: [ColumnSchema] { columns.map { ColumnSchema(name: $0.name, type: $0.type) } }
}

/// Thread-safe increasing numbers. `@unchecked Sendable`: `value` is only touched under `lock`.
final class SerialCounter: @unchecked Sendable {
  private var value = 0
  private let lock = NSLock()
  func next() -> Int {
    lock.lock()
    defer { lock.unlock() }
    value += 1
    return value
  }
}
