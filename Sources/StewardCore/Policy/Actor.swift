/// Who is asking: a signed-in user, seen through their home org.
public struct Actor: Sendable, Equatable {
    public var userID: UserID
    public var orgID: OrgID
    public var orgKind: OrgKind
    public var role: HomeRole

    public init(userID: UserID, orgID: OrgID, orgKind: OrgKind, role: HomeRole) {
        self.userID = userID
        self.orgID = orgID
        self.orgKind = orgKind
        self.role = role
    }

    /// Operators are the admins of the single vendor org (SPEC §1).
    public var isOperator: Bool { orgKind == .vendor && role == .admin }

    /// Whether this actor is an admin of the given org.
    public func isAdmin(of org: OrgID) -> Bool { role == .admin && orgID == org }
}

/// The answer of a policy: allowed, visible but not allowed (403), or out of reach (404).
public enum Authorization: Sendable, Equatable {
    case allowed
    case forbidden
    case hidden

    /// Throws the matching `AccessDenied` unless allowed.
    public func require() throws {
        switch self {
        case .allowed: return
        case .forbidden: throw AccessDenied.forbidden
        case .hidden: throw AccessDenied.hidden
        }
    }
}

/// Thrown when a policy refuses; the server answers 403 or 404.
public enum AccessDenied: Error, Sendable, Equatable {
    case forbidden
    case hidden
}
