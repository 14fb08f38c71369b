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

    public init(source: Source) {
        coreContext = .init(source: source)
    }

    /// Uploads are read explicitly with their own limit; JSON and form bodies stay small.
    public var maxUploadSize: Int { 1 * 1024 * 1024 }

    var actor: Actor { Actor(userID: user?.id, username: user?.username ?? "anonymous") }
}
