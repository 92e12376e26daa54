import Foundation

public enum RelationshipTag {}
public typealias RelationshipID = Identifier<RelationshipTag>

/// Where a managed-customer relationship stands (SPEC §2).
public enum RelationshipStatus: String, Codable, Sendable, CaseIterable {
    case pending, active, rejected, expired, revoked, terminated

    /// Pending and active relationships are open: at most one per partner–customer pair.
    public var isOpen: Bool { self == .pending || self == .active }

    /// A stored status as it reads at `now`: a pending request whose approval window has passed reads as expired.
    public func reading(approvalExpiresAt: Date, at now: Date) -> RelationshipStatus {
        self == .pending && approvalExpiresAt <= now ? .expired : self
    }
}

/// The customer's ceiling on every partner user: `support` is read-only, `manage` is full.
public enum Privilege: String, Codable, Sendable, CaseIterable {
    case support, manage
}

/// The vendor's ceiling on what a partner's users may do in its customers' data (SPEC §2, a partner portal's
/// "customer data access privileges"), set by operators per partner. Ordered: `none` < `support` < `manage`.
public enum DataPrivilege: String, Codable, Sendable, CaseIterable, Comparable {
    /// Named apart from `Optional.none`, which a bare `.none` would silently mean.
    case noAccess = "none"
    case support, manage

    public init(_ privilege: Privilege) {
        switch privilege {
        case .support: self = .support
        case .manage: self = .manage
        }
    }

    /// A new partner's, until an operator says otherwise.
    public static let partnerDefault = DataPrivilege.support

    private var rank: Int {
        switch self {
        case .noAccess: 0
        case .support: 1
        case .manage: 2
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// A partner managing a customer, with the customer's consent.
public struct Relationship: Sendable, Equatable {
    public var id: RelationshipID
    public var partnerID: OrgID
    public var customerID: OrgID
    public var status: RelationshipStatus
    public var privilege: Privilege?
    public var requestedAt: Date
    public var approvalExpiresAt: Date
    public var decidedAt: Date?
    public var endedAt: Date?
    public var version: Int
    public var createdBy: UserID?
    public var updatedAt: Date
    /// The partner's `DataPrivilege` as read with the relationship; not stored with it.
    public var vendorPrivilege: DataPrivilege

    public init(
        id: RelationshipID, partnerID: OrgID, customerID: OrgID, status: RelationshipStatus = .pending, privilege: Privilege? = nil,
        requestedAt: Date, approvalExpiresAt: Date, decidedAt: Date? = nil, endedAt: Date? = nil, version: Int = 1,
        createdBy: UserID?, updatedAt: Date, vendorPrivilege: DataPrivilege = .partnerDefault
    ) {
        self.id = id
        self.partnerID = partnerID
        self.customerID = customerID
        self.status = status
        self.privilege = privilege
        self.requestedAt = requestedAt
        self.approvalExpiresAt = approvalExpiresAt
        self.decidedAt = decidedAt
        self.endedAt = endedAt
        self.version = version
        self.createdBy = createdBy
        self.updatedAt = updatedAt
        self.vendorPrivilege = vendorPrivilege
    }

    /// What the partner's users may do: the lower of the customer's choice and the vendor's; nil until the
    /// customer has chosen.
    public var effectivePrivilege: DataPrivilege? {
        privilege.map { min(DataPrivilege($0), vendorPrivilege) }
    }

    /// The status as of `now`: a pending request whose approval window has passed reads as expired at once.
    public func status(at now: Date) -> RelationshipStatus {
        status.reading(approvalExpiresAt: approvalExpiresAt, at: now)
    }

    /// The relationship as it reads at `now`.
    public func reading(at now: Date) -> Relationship {
        var copy = self
        copy.status = status(at: now)
        return copy
    }
}
