import Foundation
import Synchronization

/// The Prometheus text for `/metrics`, kept by hand: request counts by method, route and status,
/// and a latency histogram per route. swift-prometheus would add a package and its build time for
/// two metric families.
final class ServeMetrics: Sendable {
  static let buckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

  struct Latency {
    var counts = [Int](repeating: 0, count: ServeMetrics.buckets.count)
    var sum = 0.0
    var count = 0
  }
  struct State {
    var requests: [String: Int] = [:]
    var latency: [String: Latency] = [:]
    var nextID = 0
  }
  private let state = Mutex(State())
  let modelLabels: String

  init(modelName: String, sha256: String) {
    modelLabels = "name=\"\(Self.escape(modelName))\",sha256=\"\(sha256)\""
  }

  /// A short, unique, increasing request id for this process.
  func nextRequestID() -> String {
    let n = state.withLock { s -> Int in
      s.nextID += 1; return s.nextID
    }
    return "r" + String(n, radix: 36)
  }

  func record(method: String, route: String, status: Int, seconds: Double) {
    let key = "method=\"\(method)\",route=\"\(Self.escape(route))\",status=\"\(status)\""
    let routeKey = "route=\"\(Self.escape(route))\""
    state.withLock { s in
      s.requests[key, default: 0] += 1
      var l = s.latency[routeKey] ?? Latency()
      if let b = Self.buckets.firstIndex(where: { seconds <= $0 }) { l.counts[b] += 1 }
      l.sum += seconds
      l.count += 1
      s.latency[routeKey] = l
    }
  }

  func text() -> String {
    let s = state.withLock { $0 }
    var out = "# HELP psd_http_requests_total HTTP requests by method, route and status.\n"
    out += "# TYPE psd_http_requests_total counter\n"
    for (k, v) in s.requests.sorted(by: { $0.key < $1.key }) { out += "psd_http_requests_total{\(k)} \(v)\n" }
    out += "# HELP psd_http_request_duration_seconds Time from request to response, by route.\n"
    out += "# TYPE psd_http_request_duration_seconds histogram\n"
    for (k, l) in s.latency.sorted(by: { $0.key < $1.key }) {
      var cumulative = 0
      for (i, le) in Self.buckets.enumerated() {
        cumulative += l.counts[i]
        out += "psd_http_request_duration_seconds_bucket{\(k),le=\"\(le)\"} \(cumulative)\n"
      }
      out += "psd_http_request_duration_seconds_bucket{\(k),le=\"+Inf\"} \(l.count)\n"
      out += "psd_http_request_duration_seconds_sum{\(k)} \(l.sum)\n"
      out += "psd_http_request_duration_seconds_count{\(k)} \(l.count)\n"
    }
    out +=
      "# HELP psd_model_info The model being served.\n# TYPE psd_model_info gauge\npsd_model_info{\(modelLabels)} 1\n"
    return out
  }

  static func escape(_ s: String) -> String {
    s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
      .replacingOccurrences(of: "\n", with: "\\n")
  }
}
