import Hummingbird
import StewardCore
import StewardStore

/// The signed-in caller behind a request.
public struct Identity: Sendable {
    public var user: User
    public var org: Org
    /// The sign-in session, or nil for an API token.
    public var session: Session?
    /// An API token's scopes; nil for a session, which has the user's full rights.
    public var scopes: Set<TokenScope>?
    /// Whether the user's TOTP is in force.
    public var mfaEnrolled = false

    /// Console only: the tenants the user may switch to now (home first) and the one chosen.
    public var tenants: [ConsoleTenant] = []
    public var currentTenant: OrgID?
    /// Console only: the customers the user is a delegated administrator of (`DelegationPolicy`).
    public var administered: [ConsoleTenant] = []
    /// Console only: the confirmation of the action that led to this page.
    public var notice: String?

    /// The console's CSRF token (sessions only).
    var csrfToken: String { session?.csrfToken ?? "" }

    /// The caller as the domain's policies see them.
    public var actor: Actor {
        Actor(userID: user.id, orgID: org.id, orgKind: org.kind, role: user.role)
    }

    /// The caller with their credential, as `CredentialPolicy` sees them.
    public var caller: Caller {
        Caller(
            actor: actor, credential: scopes.map(Credential.apiToken) ?? .session, mfaEnrolled: mfaEnrolled,
            openedBeforeEnrolment: session?.restricted == true
        )
    }

    /// What the console offers them.
    public var audience: Audience { Audience.of(actor, program: org.program, administers: !administered.isEmpty) }

    var auditActor: AuditActor { AuditActor(actor) }
}

/// A tenant as the console's switcher and picker show it.
public struct ConsoleTenant: Sendable {
    public var membership: Membership
    public var name: String
    public var kind: OrgKind
    /// Known only for a membership with the admin flag, whose relationship decides whether it delegates.
    public var relationship: Relationship?
}

/// Per-request state: who is calling and how large a body may be.
public struct AppContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: Identity?
    public var maxBodyBytes = 1 << 20
    /// The socket's peer address, if any; `clientAddress` applies the trusted proxies to it.
    public var peerAddress: String?
    /// The client address sign-in throttling counts by; set by the auth middleware.
    public var clientAddress = "unknown"

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerAddress = source.channel.remoteAddress?.ipAddress
    }

    public var maxUploadSize: Int { maxBodyBytes }

    /// The caller, or 401.
    func requireIdentity() throws -> Identity {
        guard let identity else { throw Refused.signInFirst }
        return identity
    }
}
