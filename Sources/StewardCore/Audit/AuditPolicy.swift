/// Who reads which audit trail (SPEC §7, §8): operators everything, an org's admins the events of their org.
public enum AuditPolicy {
    /// The org whose trail `actor` reads when asking for `requested` (nil: all, operators only).
    /// Another org's trail is out of reach, whether it exists or not.
    public static func scope(requested: OrgID?, actor: Actor) -> Result<OrgID?, Refused> {
        if actor.isOperator { return .success(requested) }
        guard actor.role == .admin else { return .failure(.notAllowed) }
        if let requested, requested != actor.orgID { return .failure(.notFound) }
        return .success(actor.orgID)
    }

    /// `filter` narrowed to what `actor` may read: its other filters only ever narrow further.
    public static func scoped(_ filter: AuditFilter, actor: Actor) -> Result<AuditFilter, Refused> {
        scope(requested: filter.org, actor: actor).map { org in
            var scoped = filter
            scoped.org = org
            return scoped
        }
    }
}
