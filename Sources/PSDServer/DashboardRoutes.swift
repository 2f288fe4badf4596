import Foundation
import Hummingbird
import PSDDashboard
import PSDService

/// The dashboard's routes: the page and its assets (embedded in the binary), the client search
/// and the SVG charts drawn by PSDPlots. Thin like ServeRoutes: each calls one PSDDashboard function.
enum DashboardRoutes {
  static func add(to router: Router<ServeContext>, service: ScoringService) {
    // Measured once: the labelled rows do not change while the server runs.
    let performance = ModelPerformance.measure(service)
    @Sendable func measured() throws -> ModelPerformance {
      guard let performance else {
        throw ServiceError.notFound(
          "no labelled rows are loaded: start psd serve with --reference FILE (or labelled --clients)")
      }
      return performance
    }

    router.get("/") { _, _ in try asset("index.html") }
    router.get("/assets/{name}") { _, context in try asset(context.parameters.get("name") ?? "") }
    router.get("/v1/clients") { request, _ in
      try ServeRoutes.json(
        ClientSearch.run(
          service, prefix: request.uri.queryParameters.get("prefix"),
          limit: request.uri.queryParameters.get("limit")))
    }
    router.get("/v1/clients/{id}/charts/gauge.svg") { _, context in
      svg(try DashboardCharts.gauge(service, id: context.parameters.get("id") ?? ""))
    }
    router.get("/v1/clients/{id}/charts/waterfall.svg") { _, context in
      svg(try DashboardCharts.waterfall(service, id: context.parameters.get("id") ?? ""))
    }
    router.get("/v1/clients/{id}/charts/comparison.svg") { request, context in
      svg(
        try DashboardCharts.comparison(
          service, id: context.parameters.get("id") ?? "",
          feature: request.uri.queryParameters.get("feature"),
          cohort: request.uri.queryParameters.get("cohort")))
    }
    router.get("/v1/model/performance") { _, _ in try ServeRoutes.json(try measured()) }
    router.get("/v1/charts/importance.svg") { _, _ in svg(try DashboardCharts.importance(service)) }
    router.get("/v1/charts/cost.svg") { _, _ in svg(try measured().costChart()) }
    router.get("/v1/charts/calibration.svg") { _, _ in svg(try measured().calibrationChart()) }
  }

  static func asset(_ name: String) throws -> Response {
    guard let file = DashboardAssets.files[name] else {
      throw ServiceError.notFound("no dashboard asset '\(name)'")
    }
    return ServeRoutes.text(file.text, type: file.contentType)
  }

  static func svg(_ text: String) -> Response { ServeRoutes.text(text, type: "image/svg+xml") }
}
