import Foundation
import PSDPlots
import PSDService

/// The dashboard's charts: the service's numbers drawn by PSDPlots' SVG renderer, the same code
/// `plot-ascii ... out="x.svg"` and the HTML report use. No HTTP here: PSDServer only routes.
package enum DashboardCharts {
  /// `GET /v1/clients/{id}/charts/gauge.svg`: the probability of default with the model's threshold.
  package static func gauge(_ service: ScoringService, id: String) throws -> String {
    let s = try service.score(.object(["client_id": .string(id)]))
    return try drawn { try SVGChart.gauge(probability: s.probabilityDefault, threshold: s.threshold, client: id) }
  }

  /// `GET /v1/clients/{id}/charts/waterfall.svg`: every contribution from the base value (exact TreeSHAP).
  package static func waterfall(_ service: ScoringService, id: String) throws -> String {
    let e = try service.explanation(id: id)
    let pd = String(format: "(probability %.3f)", e.probabilityDefault)
    return try drawn {
      try SVGChart.waterfall(
        base: e.baseValue, contributions: e.contributions.map { ($0.label, $0.contribution) },
        title: "How client \(id)'s score adds up (log-odds of default)", finalNote: pd, limit: 8)
    }
  }

  /// `GET /v1/clients/{id}/charts/comparison.svg?feature=F&cohort=...`: the feature's distribution
  /// among good and defaulted clients (all, or the cohort), with the client's bin marked.
  package static func comparison(_ service: ScoringService, id: String, feature: String?, cohort: String?) throws
    -> String
  {
    let c = try service.comparison(id: id, feature: feature, cohort: cohort)
    let bins = c.bins.map { b in
      SVGChart.ClassBin(
        label: b.level ?? binLabel(b.from, b.to), from: b.from, to: b.to, good: b.good ?? 0, bad: b.bad ?? 0)
    }
    let among = c.cohort.by.isEmpty ? "all clients" : "similar clients (\(c.cohort.size))"
    let title = "\(c.label): client \(id) among \(among)"
    return try drawn {
      switch c.value {
      case .number(let v):
        return try SVGChart.classHistogram(
          bins, title: title, marker: .init(value: v, label: "client \(id): \(compact(v))"))
      case .string(let level):
        return try SVGChart.classHistogram(bins, title: title, marker: nil, markerLevel: level)
      default:
        return try SVGChart.classHistogram(bins, title: title + " (client's value missing)", marker: nil)
      }
    }
  }

  /// `GET /v1/charts/importance.svg`: mean |contribution| per feature over the loaded clients.
  package static func importance(_ service: ScoringService, limit: Int = 12) throws -> String {
    let g = service.globalExplanation()
    let bars = g.features.compactMap { f in f.meanAbsContribution.map { (f.label, $0) } }.prefix(limit)
    return try drawn {
      try SVGChart.bars(
        Array(bars), title: "What the model looks at: mean |contribution| per feature", values: .magnitude("log-odds"))
    }
  }

  /// Chart input the renderer refuses (an empty distribution) is the caller's 422, not a 500.
  static func drawn(_ body: () throws -> String) throws -> String {
    do { return try body() } catch let e as ServiceError { throw e } catch {
      throw ServiceError.invalid([FieldError("chart", "\(error)")])
    }
  }

  static func compact(_ v: Double) -> String {
    v == v.rounded() && abs(v) < 1e12 ? String(Int64(v)) : String(format: "%.3g", v)
  }

  static func binLabel(_ from: Double?, _ to: Double?) -> String {
    switch (from, to) {
    case let (a?, b?): return "\(compact(a))–\(compact(b))"
    case let (a?, nil): return "≥ \(compact(a))"
    case let (nil, b?): return "< \(compact(b))"
    default: return "missing"
    }
  }
}

/// `GET /v1/clients?prefix=P&limit=N`: the type-ahead over the loaded clients' ids. At most
/// `limit` (≤ 50) ids starting with the prefix, so the browser never receives the whole table.
package struct ClientSearch: Codable, Sendable {
  package var prefix: String
  package var total: Int
  package var ids: [String]

  package static func run(_ service: ScoringService, prefix: String?, limit: String?) throws -> ClientSearch {
    let p = (prefix ?? "").trimmingCharacters(in: .whitespaces)
    var n = 10
    if let limit {
      guard let v = Int(limit), (1...50).contains(v) else {
        throw ServiceError.invalid([FieldError("limit", "a whole number from 1 to 50, got '\(limit)'")])
      }
      n = v
    }
    guard let clients = service.clients else { return ClientSearch(prefix: p, total: 0, ids: []) }
    var found: [String] = []
    var total = 0
    for id in clients.ids where !id.isEmpty && id.hasPrefix(p) {
      total += 1
      if found.count < n { found.append(id) }
    }
    return ClientSearch(prefix: p, total: total, ids: found)
  }
}
