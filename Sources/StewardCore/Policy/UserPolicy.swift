/// The fields of a user that an edit may touch.
public enum UserField: String, Sendable, CaseIterable {
    case name, email, role, timeZone = "time_zone", password
}

/// Who may see and manage users (SPEC §4): operators all, an org's admins their own users,
/// members only themselves.
public enum UserPolicy {
    /// Listing or adding users of `org`.
    public static func mayManageUsers(of org: OrgID, ancestors: [OrgID], actor: Actor) -> Authorization {
        switch OrgPolicy.visibility(of: org, ancestors: ancestors, to: actor) {
        case .none: return .hidden
        case .outline: return .forbidden
        case .full: return actor.isOperator || actor.isAdmin(of: org) ? .allowed : .forbidden
        }
    }

    /// Reading one user; anyone else's user is out of reach.
    public static func mayRead(user: UserID, homeOrg: OrgID, actor: Actor) -> Authorization {
        if actor.userID == user || actor.isOperator || actor.isAdmin(of: homeOrg) { return .allowed }
        return .hidden
    }

    /// Editing the given fields of a user. Nobody changes their own role, so an org cannot lose its
    /// last admin by accident; members may change their own name, time zone and password.
    public static func mayEdit(user: UserID, homeOrg: OrgID, fields: Set<UserField>, actor: Actor) -> Authorization {
        let read = mayRead(user: user, homeOrg: homeOrg, actor: actor)
        guard read == .allowed else { return read }
        let isSelf = actor.userID == user
        let isManager = actor.isOperator || actor.isAdmin(of: homeOrg)
        if isSelf && fields.contains(.role) { return .forbidden }
        if isManager { return .allowed }
        let selfService: Set<UserField> = [.name, .timeZone, .password]
        return fields.isSubset(of: selfService) ? .allowed : .forbidden
    }

    /// Deactivating a user: their org's admins or an operator, never oneself.
    public static func mayDeactivate(user: UserID, homeOrg: OrgID, actor: Actor) -> Authorization {
        let read = mayRead(user: user, homeOrg: homeOrg, actor: actor)
        guard read == .allowed else { return read }
        if actor.userID == user { return .forbidden }
        return actor.isOperator || actor.isAdmin(of: homeOrg) ? .allowed : .forbidden
    }
}
