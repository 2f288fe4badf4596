/// How a GBDT is trained. Defaults follow LightGBM's so results compare directly.
package struct GBDTOptions: ParameterizedOptions, Equatable {
  package enum Balance: String, Sendable, Equatable, CaseIterable {
    /// Every row weighs 1.
    case none
    /// Class weights n / (2 n_class): both classes weigh the same in total.
    case weights
    /// Keep every row of the smaller class and as many of the larger one, drawn at random (seeded).
    case undersample
  }

  /// Boosting rounds (trees); fewer when early stopping ends training.
  package var trees = 100
  /// Learning rate (shrinkage) multiplied into every leaf value.
  package var rate = 0.1
  /// Maximum leaves per tree (leaf-wise growth).
  package var leaves = 31
  /// Maximum depth; 0 = unlimited.
  package var depth = 0
  /// Minimum training rows in a leaf.
  package var minLeaf = 20
  /// Minimum sum of hessians in a leaf.
  package var minHessian = 1e-3
  package var l1 = 0.0
  package var l2 = 0.0
  /// Minimum loss reduction to make a split.
  package var minGain = 0.0
  /// Fraction of rows drawn (without replacement) for each tree.
  package var subsample = 1.0
  /// Fraction of features drawn for each tree.
  package var colsample = 1.0
  package var seed: UInt64 = 0
  /// Value bins per feature (at most 255); missing values have a bin of their own on top.
  package var maxBins = 255
  package var balance = Balance.none
  /// Weight of a default (positive) row; multiplies any class weights.
  package var scalePos = 1.0
  /// Early stopping: stop after this many trees without a better validation AUC.
  package var stop = 50
  /// Categorical splits: smoothing added to the hessian when ordering categories, extra L2 on
  /// categorical splits, minimum rows for a category to take part, most categories on a side.
  package var catSmooth = 10.0
  package var catL2 = 10.0
  package var catMinRows = 100
  package var maxCatThreshold = 32
  /// Rows sampled to find the bin boundaries.
  package var binSampleRows = 200_000
  /// Monotone constraints by feature name: +1 = PD never falls as the value rises, -1 = never
  /// rises. Numeric features only; enforced while trees grow (LightGBM's "basic" method).
  package var monotone: [String: Int] = [:]
  /// How leaf histograms read the bins (internal: tests force each path to check they agree).
  var histogramLayout = HistogramLayout.auto

  package init() {}

  /// The parameters `train gbdt`, `cv gbdt` and `tune gbdt` take, declared once: the notebook's
  /// options, their checks, help and docs come from this table; defaults are the ones above.
  /// (seed, monotone and the validation frame are read by the commands: they are not numbers.)
  package static let parameters: [ModelParameter<GBDTOptions>] = [
    .integer("trees", \.trees, .atLeast(1), "boosting rounds"),
    .number("rate", \.rate, .fraction, "learning rate"),
    .integer("leaves", \.leaves, .atLeast(2), "most leaves per tree"),
    .integer("depth", \.depth, .atLeast(0), "most depth, 0 = unlimited"),
    .integer("min_leaf", \.minLeaf, .atLeast(1), "fewest training rows in a leaf"),
    .number("min_hessian", \.minHessian, .atLeast(0), "smallest hessian sum in a leaf"),
    .number("l1", \.l1, .atLeast(0), "L1 penalty on leaf values"),
    .number("l2", \.l2, .atLeast(0), "L2 penalty on leaf values"),
    .number("min_gain", \.minGain, .atLeast(0), "smallest loss reduction for a split"),
    .number("subsample", \.subsample, .fraction, "share of rows drawn for each tree"),
    .number("colsample", \.colsample, .fraction, "share of features drawn for each tree"),
    .integer("bins", \.maxBins, .between(2, 255), "histogram bins per feature"),
    .integer("stop", \.stop, .atLeast(1), "with valid=: stop after N trees without a better AUC"),
    .number("cat_smooth", \.catSmooth, .atLeast(0), "smoothing when ordering categories for a split"),
    .integer("cat_min_rows", \.catMinRows, .atLeast(0), "fewest rows for a category to be split on its own"),
    .choice(
      "balance", \.balance, "class imbalance: class weights n/(2·n_class), or (gbdt) undersample the larger class"),
    .number("scale_pos", \.scalePos, .above(0), "weight of a default row (multiplies balance=weights)")
  ]
}

/// Which copy of the bins a leaf's histogram is built from. All give the same histograms up
/// to rounding (sparse rows sum in another order; dense rows and columns are bit for bit equal).
enum HistogramLayout: Sendable, Equatable {
  /// Sparse rows when they keep few enough pairs (`BinnedMatrix.sparseRowDensity`) for the
  /// features sampled per tree, else `denseRows`.
  case auto
  /// Always the column-major bins (no row copy is made).
  case columns
  /// Always the sparse rows (`SparseRowBins`).
  case rows
  /// Columns for the root, dense row blocks (`DenseRowBins`) for the leaves below it.
  case denseRows
}
