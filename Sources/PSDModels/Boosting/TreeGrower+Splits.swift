import Foundation
import PSDCore

/// Split finding: the best numeric, monotone-constrained or categorical split of a leaf.
extension TreeGrower {
  func bestSplit(_ leaf: Leaf, features: [Int]) -> SplitCandidate {
    let hist = UnsafePointer(pool[leaf.histogram])
    var perFeature = [SplitCandidate](repeating: SplitCandidate(), count: features.count)
    perFeature.withUnsafeMutableBufferPointer { out in
      let o = out.baseAddress!
      let indices = Array(0..<features.count)
      parallelOver(indices, cost: data.totalBins / max(1, features.count) * 4, chunksPerThread: 4) { k in
        let f = features[k]
        let hf = hist + data.offsets[f]
        if data.binners[f].isCategorical {
          o[k] = categoricalSplit(hf, binCount: data.binners[f].binCount, leaf: leaf, feature: f)
        } else if let monotone, monotone[f] != 0 || leaf.lower.isFinite || leaf.upper.isFinite {
          // Free features in leaves no constrained split has bounded yet search as before.
          o[k] = constrainedNumericSplit(
            hf, binCount: data.binners[f].binCount, leaf: leaf, feature: f,
            direction: monotone[f])
        } else {
          o[k] = numericSplit(hf, binCount: data.binners[f].binCount, leaf: leaf, feature: f)
        }
      }
    }
    var best = SplitCandidate()
    for c in perFeature where c.isValid && c.gain > best.gain { best = c }
    return best
  }

  private func numericSplit(_ hist: UnsafePointer<HistogramBin>, binCount: Int, leaf: Leaf, feature: Int)
    -> SplitCandidate
  {
    var best = SplitCandidate()
    if binCount < 3 && hist[0].n == 0 { return best }
    let l2 = options.l2, minLeaf = Double(options.minLeaf), minH = options.minHessian
    let totalN = Double(leaf.count)
    let parentScore = score(leaf.g, leaf.h, l2)
    let missing = hist[0]
    let minGain = max(options.minGain, 0)
    let l1Free = options.l1 <= 0
    for pass in 0..<(missing.n > 0 ? 2 : 1) {
      let missingLeft = pass == 1
      var lg = missingLeft ? missing.g : 0, lh = missingLeft ? missing.h : 0, ln = missingLeft ? missing.n : 0
      // Missing sent right: the last threshold (all values left) splits missing from the rest.
      let lastBin = missingLeft || missing.n == 0 ? binCount - 1 : binCount
      for b in 1..<lastBin {
        let bin = hist[b]
        // An empty bin gives the same split as the one before it.
        if bin.n == 0 { continue }
        lg += bin.g; lh += bin.h; ln += bin.n
        if ln < minLeaf || lh < minH { continue }
        let rn = totalN - ln, rh = leaf.h - lh
        if rn < minLeaf || rh < minH { break }
        let rg = leaf.g - lg
        let gain =
          l1Free
          ? lg * lg / (lh + l2) + rg * rg / (rh + l2) - parentScore
          : score(lg, lh, l2) + score(rg, rh, l2) - parentScore
        if gain > best.gain && gain > minGain {
          best.feature = feature
          best.gain = gain
          best.thresholdBin = b
          best.leftG = lg; best.leftH = lh; best.leftN = ln
          // Without missing values in training, missing values follow the larger side.
          best.defaultLeft = missing.n > 0 ? missingLeft : ln >= rn
        }
      }
    }
    return best
  }

  /// `numericSplit` when some feature is monotone: child outputs are clamped to the leaf's
  /// bounds, the gain is the loss reduction at those outputs, and on a constrained feature a
  /// split whose outputs go the wrong way is skipped. A copy, so the free path keeps its speed.
  private func constrainedNumericSplit(
    _ hist: UnsafePointer<HistogramBin>, binCount: Int, leaf: Leaf,
    feature: Int, direction: Int8
  ) -> SplitCandidate {
    var best = SplitCandidate()
    if binCount < 3 && hist[0].n == 0 { return best }
    let l2 = options.l2, minLeaf = Double(options.minLeaf), minH = options.minHessian
    let totalN = Double(leaf.count)
    let parentScore = score(leaf.g, leaf.h, l2, output: leafOutput(leaf.g, leaf.h, leaf.lower, leaf.upper))
    let missing = hist[0]
    let minGain = max(options.minGain, 0)
    for pass in 0..<(missing.n > 0 ? 2 : 1) {
      let missingLeft = pass == 1
      var lg = missingLeft ? missing.g : 0, lh = missingLeft ? missing.h : 0, ln = missingLeft ? missing.n : 0
      let lastBin = missingLeft || missing.n == 0 ? binCount - 1 : binCount
      for b in 1..<lastBin {
        let bin = hist[b]
        if bin.n == 0 { continue }
        lg += bin.g; lh += bin.h; ln += bin.n
        if ln < minLeaf || lh < minH { continue }
        let rn = totalN - ln, rh = leaf.h - lh
        if rn < minLeaf || rh < minH { break }
        let rg = leaf.g - lg
        let lo = leafOutput(lg, lh, leaf.lower, leaf.upper), ro = leafOutput(rg, rh, leaf.lower, leaf.upper)
        if (direction > 0 && lo > ro) || (direction < 0 && lo < ro) { continue }
        let gain = score(lg, lh, l2, output: lo) + score(rg, rh, l2, output: ro) - parentScore
        if gain > best.gain && gain > minGain {
          best.feature = feature
          best.gain = gain
          best.thresholdBin = b
          best.leftG = lg; best.leftH = lh; best.leftN = ln
          best.defaultLeft = missing.n > 0 ? missingLeft : ln >= rn
        }
      }
    }
    return best
  }

  private func categoricalSplit(_ hist: UnsafePointer<HistogramBin>, binCount: Int, leaf: Leaf, feature: Int)
    -> SplitCandidate
  {
    var best = SplitCandidate()
    let smooth = options.catSmooth
    let minRows = Double(max(1, options.catMinRows))
    // Categories (and the missing bin) with enough rows, ordered by gradient / hessian.
    var used = (0..<binCount).filter { hist[$0].n >= minRows }
    if used.count < 2 { return best }
    let ratio = { (b: Int) in hist[b].g / (hist[b].h + smooth) }
    used.sort { ratio($0) != ratio($1) ? ratio($0) < ratio($1) : $0 < $1 }
    let l2 = options.l2 + options.catL2, minLeaf = Double(options.minLeaf), minH = options.minHessian
    let totalN = Double(leaf.count)
    let parentScore = score(leaf.g, leaf.h, l2)
    let maxLeft = min(options.maxCatThreshold, used.count - 1)
    for fromLow in [true, false] {
      var lg = 0.0, lh = 0.0, ln = 0.0
      for k in 0..<maxLeft {
        let b = fromLow ? used[k] : used[used.count - 1 - k]
        lg += hist[b].g; lh += hist[b].h; ln += hist[b].n
        if ln < minLeaf || lh < minH { continue }
        let rn = totalN - ln, rh = leaf.h - lh
        if rn < minLeaf || rh < minH { break }
        let gain = score(lg, lh, l2) + score(leaf.g - lg, rh, l2) - parentScore
        if gain > best.gain && gain > options.minGain {
          let chosen = fromLow ? Array(used[0...k]) : Array(used[(used.count - 1 - k)...])
          best.feature = feature
          best.gain = gain
          best.categoryBins = chosen.sorted()
          best.defaultLeft = chosen.contains(0)
          best.leftG = lg; best.leftH = lh; best.leftN = ln
        }
      }
    }
    return best
  }
}
