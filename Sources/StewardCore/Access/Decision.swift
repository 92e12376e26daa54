import Foundation

/// What a check asks for: a product permission, or platform administration of the tenant.
public enum CheckPermission: String, Codable, Sendable, CaseIterable {
    case read, write, admin
    case platformAdmin = "platform_admin"

    @usableFromInline var productPermission: Permission? {
        switch self {
        case .read: .read
        case .write: .write
        case .admin: .admin
        case .platformAdmin: nil
        }
    }
}

/// Why a decision came out as it did (SPEC §3).
public enum DecisionReason: String, Codable, Sendable, CaseIterable {
    case allowed
    case noAccess = "no_access"
    case relationshipInactive = "relationship_inactive"
    case expired
    case roleInsufficient = "role_insufficient"
    case privilegeCeiling = "privilege_ceiling"
    case productNotLicensed = "product_not_licensed"
    case noProductRole = "no_product_role"
}

/// An access decision and its reason.
public struct Decision: Codable, Sendable, Equatable {
    public var allowed: Bool
    public var reason: DecisionReason

    @inlinable public init(_ reason: DecisionReason) {
        allowed = reason == .allowed
        self.reason = reason
    }
}

/// What a decision needs of a membership apart from its product roles: no ids, authorship or times.
public struct MembershipTerms: Sendable, Equatable {
    public var source: MembershipSource
    public var status: MembershipStatus
    public var platformAdmin: Bool
    public var expiresAt: Date?

    public init(_ membership: Membership) {
        source = membership.source
        status = membership.status
        platformAdmin = membership.platformAdmin
        expiresAt = membership.expiresAt
    }

    @inlinable public func status(at now: Date) -> MembershipStatus {
        status.reading(expiresAt: expiresAt, at: now)
    }
}

/// What the decision of SPEC §3 reads about one user in one tenant. The database builds it whole
/// (`AccessFacts`); the decision index answers the same questions from its compact tables.
public protocol DecisionFacts {
    var userActive: Bool { get }
    /// The user's membership in the tenant that is not ended, if any.
    var membership: MembershipTerms? { get }
    /// Whether the user's latest membership there ended with its relationship.
    var latestEndedWithRelationship: Bool { get }
    /// For a partner membership: the relationship's status now and its effective privilege (the lower of the
    /// customer's and the vendor's).
    var relationshipStatus: RelationshipStatus? { get }
    var privilege: DataPrivilege? { get }
    /// Whether the tenant holds a licence for `product` valid at `now`.
    func isLicensed(_ product: String, at now: Date) -> Bool
    /// What the membership's role on `product` permits; nil when it holds no role there. A role the catalog
    /// no longer defines permits nothing.
    func permissions(on product: String) -> PermissionSet?
}

/// Everything a decision about one user in one tenant depends on, as the database holds it.
public struct AccessFacts: DecisionFacts, Sendable, Equatable {
    public var userActive: Bool
    public var membership: MembershipTerms?
    /// The live membership's product roles.
    public var products: [ProductGrant]
    public var latestEndedWithRelationship: Bool
    public var relationshipStatus: RelationshipStatus?
    public var privilege: DataPrivilege?
    /// The tenant's licences.
    public var licenses: [License]
    /// Role definitions by product and role key.
    public var roles: [String: [String: Set<Permission>]]

    public init(
        userActive: Bool, membership: Membership?, latestEndedWithRelationship: Bool = false, relationshipStatus: RelationshipStatus? = nil,
        privilege: DataPrivilege? = nil, licenses: [License] = [], roles: [String: [String: Set<Permission>]] = [:]
    ) {
        self.userActive = userActive
        self.membership = membership.map(MembershipTerms.init)
        products = membership?.products ?? []
        self.latestEndedWithRelationship = latestEndedWithRelationship
        self.relationshipStatus = relationshipStatus
        self.privilege = privilege
        self.licenses = licenses
        self.roles = roles
    }

    public func isLicensed(_ product: String, at now: Date) -> Bool {
        licenses.contains { $0.product == product && $0.isValid(at: now) }
    }

    public func permissions(on product: String) -> PermissionSet? {
        products.first { $0.product == product }?.permissions(in: roles)
    }

    /// Of a user's memberships in one tenant, oldest first: the one not ended (at most one is), and whether,
    /// without one, the latest ended with its relationship (SPEC §3 then answers `relationship_inactive`).
    public static func live(of memberships: [Membership]) -> (live: Membership?, endedWithRelationship: Bool) {
        let live = memberships.first { $0.status != .ended }
        return (live, live == nil && memberships.last.map { $0.status == .ended && $0.source == .partner } == true)
    }
}

/// The decision of SPEC §3, step by step. Inlinable, so the index's check path gets a copy made for its facts.
public enum Decider {
    @inlinable
    public static func decide<Facts: DecisionFacts>(_ facts: Facts, product: String?, permission: CheckPermission, at now: Date) -> Decision {
        // 1. an active user with a membership here that is not ended, and not expired
        guard facts.userActive, let membership = facts.membership, membership.status != .ended else {
            return Decision(facts.userActive && facts.latestEndedWithRelationship ? .relationshipInactive : .noAccess)
        }
        if membership.status(at: now) == .expired { return Decision(.expired) }
        // 2. a partner membership lives within an active relationship, whose effective privilege is the
        // ceiling; one that names none is read as none
        var ceiling: DataPrivilege?
        if membership.source == .partner {
            guard facts.relationshipStatus == .active else { return Decision(.relationshipInactive) }
            let effective = facts.privilege ?? .noAccess
            if effective == .noAccess { return Decision(.privilegeCeiling) }
            ceiling = effective
        }
        // 3. platform administration
        guard let wanted = permission.productPermission else {
            guard membership.platformAdmin else { return Decision(.roleInsufficient) }
            return Decision(ceiling == .support ? .privilegeCeiling : .allowed)
        }
        // 4. a product permission
        guard let product, facts.isLicensed(product, at: now) else { return Decision(.productNotLicensed) }
        guard let permissions = facts.permissions(on: product) else { return Decision(.noProductRole) }
        guard permissions.contains(wanted) else { return Decision(.roleInsufficient) }
        if ceiling == .support && wanted != .read { return Decision(.privilegeCeiling) }
        // 5.
        return Decision(.allowed)
    }
}
