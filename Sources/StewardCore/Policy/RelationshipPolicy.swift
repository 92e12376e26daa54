/// Which relationships a listing may include.
public enum RelationshipScope: Sendable, Equatable {
    case all
    /// Those with this org on either side.
    case involving(OrgID)
    case none
}

/// Who opens and lists relationships (SPEC §4); transitions are `RelationshipMachine`'s.
public enum RelationshipPolicy {
    /// The vendor opens every relationship.
    public static func mayOpen(_ actor: Actor) -> Authorization {
        actor.isOperator ? .allowed : .forbidden
    }

    /// Only operators and the admins of either side see a relationship.
    public static func listScope(_ actor: Actor) -> RelationshipScope {
        if actor.isOperator { return .all }
        return actor.role == .admin ? .involving(actor.orgID) : .none
    }
}
