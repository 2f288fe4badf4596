import PSDData

extension CommandContext {
  /// `frame` with a lineage node for this statement: the operation, its inputs' lineages and the
  /// columns it produced. An input with no lineage (a frame built by `score`, say) makes the
  /// node unreplayable, so `train` can say which statement broke the chain.
  func traced(
    _ frame: DataFrame, _ operation: LineageOperation, from inputs: [(frame: DataFrame, name: String)],
    target: Int = 0
  ) -> DataFrame {
    var out = frame
    let lineages = inputs.compactMap(\.frame.lineage)
    var op = operation
    if lineages.count != inputs.count, let unknown = inputs.first(where: { $0.frame.lineage == nil }) {
      op = .unreplayable("'\(unknown.name)', a frame not built from loaded files by the feature commands")
    }
    let bound = target < statement.targets.count ? statement.targets[target].name : "_"
    out.lineage = FrameLineage(
      op, inputs: lineages.count == inputs.count ? lineages : [],
      inputNames: inputs.map(\.name), boundName: bound, statement: statement.text,
      schema: frame.schema)
    return out
  }
}
