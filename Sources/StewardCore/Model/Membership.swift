import Foundation

/// How a membership came to be (SPEC §2).
public enum MembershipSource: String, Codable, Sendable, CaseIterable {
    case home, partner, team
}

/// Whether a membership grants anything now.
public enum MembershipStatus: String, Codable, Sendable, CaseIterable {
    case active, expired, ended

    /// A stored status as it reads at `now`: `active` past its expiry reads as `expired`.
    @inlinable public func reading(expiresAt: Date?, at now: Date) -> MembershipStatus {
        if self == .active, let expiresAt, expiresAt <= now { return .expired }
        return self
    }
}

/// A role held on one product inside a tenant.
public struct ProductGrant: Codable, Sendable, Hashable {
    public var product: String
    public var role: String

    public init(product: String, role: String) {
        self.product = product
        self.role = role
    }

    /// What the role permits under `roles` (by product, then role key); a role no longer defined permits nothing.
    public func permissions(in roles: [String: [String: Set<Permission>]]) -> PermissionSet {
        PermissionSet(roles[product]?[role] ?? [])
    }
}

/// "User U may enter tenant T", with the admin flag, expiry and product roles.
public struct Membership: Sendable, Equatable {
    public var id: MembershipID
    public var userID: UserID
    public var tenantID: OrgID
    public var source: MembershipSource
    public var relationshipID: String?
    public var platformAdmin: Bool
    public var expiresAt: Date?
    public var products: [ProductGrant]
    public var lastAccessAt: Date?
    public var status: MembershipStatus
    public var version: Int
    public var createdBy: UserID?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: MembershipID, userID: UserID, tenantID: OrgID, source: MembershipSource, relationshipID: String? = nil,
        platformAdmin: Bool, expiresAt: Date? = nil, products: [ProductGrant] = [], lastAccessAt: Date? = nil,
        status: MembershipStatus = .active, version: Int = 1, createdBy: UserID?, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.userID = userID
        self.tenantID = tenantID
        self.source = source
        self.relationshipID = relationshipID
        self.platformAdmin = platformAdmin
        self.expiresAt = expiresAt
        self.products = products
        self.lastAccessAt = lastAccessAt
        self.status = status
        self.version = version
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The status at `now`: a stored `active` membership whose time has passed reads as `expired`.
    public func status(at now: Date) -> MembershipStatus {
        status.reading(expiresAt: expiresAt, at: now)
    }
}
