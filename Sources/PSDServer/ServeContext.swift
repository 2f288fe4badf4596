import Hummingbird

/// The per-request context: Hummingbird's core storage plus the request id the access log, the
/// problem documents and the `X-Request-Id` header share.
package struct ServeContext: RequestContext {
  package var coreContext: CoreRequestContextStorage
  package var requestID = ""

  package init(source: ApplicationRequestContextSource) {
    coreContext = .init(source: source)
  }
}
