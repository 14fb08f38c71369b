import Hummingbird
import KeHoachCore

/// Per-request context: who is signed in (set by the session middleware) and their form token.
public struct AppContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The signed-in user, if any.
    public var user: User?
    /// The session's anti-forgery token, put in every form and checked on every POST.
    public var csrfToken: String?
    /// Hash of the session token (to end the session on sign-out).
    public var sessionHash: String?
    /// The user's unread notifications: the count in the header.
    public var unread = 0
    /// The API key the request came with (`Authorization: Bearer`); `user` is then the key's principal.
    public var token: APIToken?

    public init(source: Source) {
        coreContext = .init(source: source)
    }

    /// Uploads are read explicitly with their own limit; JSON and form bodies stay small.
    public var maxUploadSize: Int { 1 * 1024 * 1024 }

    /// Who the audit log names: the account, or the API key's client (no account behind it).
    var actor: Actor {
        if let token { return Actor(userID: nil, username: APIToken.username(client: token.client, id: token.id)) }
        return Actor(userID: user?.id, username: user?.username ?? "anonymous")
    }
}
