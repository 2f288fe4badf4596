import Hummingbird

/// The per-request context: Hummingbird's core storage plus the request id the access log, the
/// problem documents and the `X-Request-Id` header share.
public struct ServeContext: RequestContext {
  public var coreContext: CoreRequestContextStorage
  public var requestID = ""

  public init(source: ApplicationRequestContextSource) {
    coreContext = .init(source: source)
  }
}
