/// What an API token may do (API.md "Auth and self").
public enum TokenScope: String, Codable, Sendable, CaseIterable {
    /// Access decisions and tenant lists about any user; only operators may mint it.
    case check
    /// The rights of the user who made it.
    case admin
}

/// How a caller proved who they are.
public enum Credential: Sendable, Equatable {
    /// A signed-in session: the console's cookie or the API's login token.
    case session
    /// An API token with its scopes.
    case apiToken(Set<TokenScope>)
}

/// Who is asking and with what: the actor, their credential and their second factor.
public struct Caller: Sendable, Equatable {
    public var actor: Actor
    public var credential: Credential
    /// Whether the user's TOTP is in force.
    public var mfaEnrolled: Bool
    /// A session opened before a required TOTP enrolment.
    public var openedBeforeEnrolment: Bool

    public init(actor: Actor, credential: Credential, mfaEnrolled: Bool = false, openedBeforeEnrolment: Bool = false) {
        self.actor = actor
        self.credential = credential
        self.mfaEnrolled = mfaEnrolled
        self.openedBeforeEnrolment = openedBeforeEnrolment
    }

    public var isSession: Bool { credential == .session }

    /// A token that may ask about anyone's access: `check`, held by a machine.
    public var mayCheckAnyone: Bool {
        if case .apiToken(let scopes) = credential { return scopes.contains(.check) }
        return false
    }
}
