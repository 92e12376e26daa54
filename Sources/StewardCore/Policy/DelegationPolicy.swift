import Foundation

/// A delegated customer admin (SPEC §1): an analyst whose membership on customer C holds the admin flag under
/// an active relationship whose effective privilege is `manage`. What they may grant on C is bounded by that membership.
public enum DelegationPolicy {
    /// Whether `membership` makes its user a delegated administrator of its tenant at `now`; `relationship` is
    /// the one the membership lives in (read by its `relationshipID`).
    public static func administers(_ membership: Membership, under relationship: Relationship?, at now: Date) -> Bool {
        guard membership.source == .partner, membership.platformAdmin, membership.status(at: now) == .active,
              let relationship, relationship.customerID == membership.tenantID, relationship.status(at: now) == .active, relationship.effectivePrivilege == .manage
        else { return false }
        return true
    }

    /// The most a delegated administrator holding `own` may grant to a colleague.
    public static func limits(of own: Membership, roles: [String: [String: Set<Permission>]], licensed: Set<String>) -> DelegationLimits {
        var grantable: [String: Set<String>] = [:]
        for held in own.products where licensed.contains(held.product) {
            guard let catalog = roles[held.product], let mine = catalog[held.role] else { continue }
            grantable[held.product] = Set(catalog.filter { $0.value.isSubset(of: mine) }.keys)
        }
        return DelegationLimits(roles: grantable, latestExpiry: own.expiresAt)
    }
}

/// Roles per product a delegated administrator may grant (none stronger than their own), and the latest
/// expiry (nil: their own access is permanent, so any expiry, or none, is within it).
public struct DelegationLimits: Sendable, Equatable {
    public var roles: [String: Set<String>]
    public var latestExpiry: Date?

    public init(roles: [String: Set<String>], latestExpiry: Date?) {
        self.roles = roles
        self.latestExpiry = latestExpiry
    }

    /// Whether `draft` grants nothing beyond these limits: what a delegated administrator may change or remove.
    public func covers(_ draft: MembershipDraft) -> Bool {
        draft.products.allSatisfy { roles[$0.product]?.contains($0.role) == true } && allows(expiry: draft.expiresAt)
    }

    /// Whether an access ending at `expiry` (nil: never) ends no later than the administrator's own.
    public func allows(expiry: Date?) -> Bool {
        guard let latestExpiry else { return true }
        return expiry.map { $0 <= latestExpiry } ?? false
    }
}
