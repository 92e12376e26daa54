import Foundation

/// Everything opening and answering relationships reads and writes, inside one transaction.
public protocol RelationshipRecords: MembershipWriting, MailRecords {
    func org(_ id: OrgID) async throws -> Org?
    func user(_ id: UserID) async throws -> User?
    func relationship(_ id: RelationshipID) async throws -> Relationship?
    /// Every relationship of the pair, whatever its status.
    func relationships(partner: OrgID, customer: OrgID) async throws -> [Relationship]
    func newRelationshipID() -> RelationshipID
    /// Stores a new pending relationship with its approval link and records `relationship.requested`.
    func insert(_ relationship: Relationship, approvalTokenHash: String) async throws
    /// Stores `after` over `before` (refused if another writer changed it) and records `action`.
    func replace(_ before: Relationship, with after: Relationship, action: String) async throws
    /// The memberships under a relationship that have not ended.
    func liveMemberships(under relationship: RelationshipID) async throws -> [Membership]
    func approvalLink(tokenHash: String) async throws -> ApprovalLink?
    /// Marks the link used, with the answer it carried.
    func spendApprovalLink(tokenHash: String) async throws
}

/// An emailed approval link as stored: only the token's hash is kept.
public struct ApprovalLink: Sendable {
    public var relationshipID: RelationshipID
    public var expiresAt: Date
    public var usedAt: Date?

    public init(relationshipID: RelationshipID, expiresAt: Date, usedAt: Date?) {
        self.relationshipID = relationshipID
        self.expiresAt = expiresAt
        self.usedAt = usedAt
    }
}

/// Why an approval link cannot be used.
public enum ApprovalLinkRefusal: Refusal, Equatable {
    case unknown
    case used
    case expired

    public var refused: Refused {
        switch self {
        case .unknown: .notFound
        case .used: Refused(.gone, "this approval link has already been used")
        case .expired: Refused(.gone, "this approval link has expired")
        }
    }
}

/// The orgs and admins around a relationship, for composing its emails.
public struct RelationshipParties: Sendable {
    public var relationship: Relationship
    public var partner: Org
    public var customer: Org
    public var partnerAdmins: [EmailAddress]
    public var customerAdmins: [EmailAddress]

    public init(relationship: Relationship, partner: Org, customer: Org, partnerAdmins: [EmailAddress], customerAdmins: [EmailAddress]) {
        self.relationship = relationship
        self.partner = partner
        self.customer = customer
        self.partnerAdmins = partnerAdmins
        self.customerAdmins = customerAdmins
    }
}

/// Makes the emails of a change (nil: the request), given who is around it; nil sends nothing.
public typealias RelationshipMailComposer = @Sendable (RelationshipAction?, RelationshipParties) -> MailMessage?
