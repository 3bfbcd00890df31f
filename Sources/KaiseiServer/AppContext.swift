import Hummingbird
import NIOCore
import Counter

/// Each request's context: Hummingbird's core plus who is asking (set by `SessionMiddleware`)
/// and from where (for the login limiter; never logged with a person's data).
public struct AppContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public var caller: Caller?
    public var session: SessionStore.Session?
    /// A session cookie came with the request but its session had ended (expiry, logout,
    /// password reset): the answer says so rather than just "log in".
    public var sessionExpired = false
    /// The submitted form of a page's POST, parsed by `SessionMiddleware`.
    var form: FormFields?
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The client's address without the port, as the login limiter keys it.
    var clientKey: String { remoteAddress?.ipAddress ?? "unknown" }
}
