/// Decisions and errors of a model for one group of applicants (e.g. one CODE_GENDER level).
/// "Approved" = granted (PD < threshold); a default is the positive class, so TPR is the share
/// of the group's defaulters refused and FPR the share of its good clients refused.
package struct FairnessGroup: Sendable, Equatable {
  package var group: String
  package var rows: Int
  package var defaults: Int
  package var approved: Int
  package var approvalRate: Double
  /// Defaults among the approved (NaN when nobody is approved).
  package var approvedDefaultRate: Double
  package var truePositiveRate: Double
  package var falsePositiveRate: Double
}

/// The fairness table: one row per group, groups in first-seen order.
package func fairnessGroups(groups: [String], labels: [Bool], probabilities: [Double], threshold: Double)
  -> [FairnessGroup]
{
  precondition(groups.count == labels.count && labels.count == probabilities.count)
  var index: [String: Int] = [:]
  var names: [String] = []
  var counts:
    [(rows: Int, defaults: Int, approved: Int, approvedDefaults: Int, refusedDefaults: Int, refusedGood: Int)] = []
  for i in groups.indices {
    let g: Int
    if let k = index[groups[i]] {
      g = k
    } else {
      g = names.count
      index[groups[i]] = g
      names.append(groups[i])
      counts.append((0, 0, 0, 0, 0, 0))
    }
    let approved = probabilities[i] < threshold
    counts[g].rows += 1
    if labels[i] { counts[g].defaults += 1 }
    if approved {
      counts[g].approved += 1
      if labels[i] { counts[g].approvedDefaults += 1 }
    } else if labels[i] {
      counts[g].refusedDefaults += 1
    } else {
      counts[g].refusedGood += 1
    }
  }
  func ratio(_ a: Int, _ b: Int) -> Double { b > 0 ? Double(a) / Double(b) : .nan }
  return names.indices.map { g in
    let c = counts[g]
    return FairnessGroup(
      group: names[g], rows: c.rows, defaults: c.defaults, approved: c.approved,
      approvalRate: ratio(c.approved, c.rows), approvedDefaultRate: ratio(c.approvedDefaults, c.approved),
      truePositiveRate: ratio(c.refusedDefaults, c.defaults),
      falsePositiveRate: ratio(c.refusedGood, c.rows - c.defaults))
  }
}

/// The four-fifths (80 %) rule of adverse impact: a group whose approval rate is below 0.8 times
/// the reference group's is flagged.
package func failsFourFifthsRule(approvalRate: Double, reference: Double) -> Bool {
  reference > 0 && approvalRate / reference < 0.8
}
