import Foundation

/// One entry of the append-only audit trail (SPEC §7).
public struct AuditEvent: Sendable, Equatable {
    public var seq: Int
    public var id: String
    public var at: Date
    public var actorUserID: UserID?
    public var actorOrgID: OrgID?
    public var tenantID: OrgID?
    public var action: String
    public var targetType: String
    public var targetID: String
    public var before: JSONValue?
    public var after: JSONValue?
    public var prevHash: String
    public var hash: String
    /// The other org an event concerns (a relationship's partner), so both sides see it.
    public var relatedOrgID: OrgID?

    public init(
        seq: Int, id: String, at: Date, actorUserID: UserID?, actorOrgID: OrgID?, tenantID: OrgID?, action: String,
        targetType: String, targetID: String, before: JSONValue?, after: JSONValue?, prevHash: String, hash: String,
        relatedOrgID: OrgID? = nil
    ) {
        self.seq = seq
        self.id = id
        self.at = at
        self.actorUserID = actorUserID
        self.actorOrgID = actorOrgID
        self.tenantID = tenantID
        self.action = action
        self.targetType = targetType
        self.targetID = targetID
        self.before = before
        self.after = after
        self.prevHash = prevHash
        self.hash = hash
        self.relatedOrgID = relatedOrgID
    }
}
