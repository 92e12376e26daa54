import Foundation

/// What a tenant-session token may say (SPEC §5): exactly what checks allow when it is issued, never more.
/// Built from the decision itself, so the token and `/v1/check` cannot disagree.
public struct TenantGrant: Sendable, Equatable {
    /// Only where a `platform_admin` check allows.
    public var platformAdmin: Bool
    /// Role by product, for products licensed now on which a check allows at least one permission.
    public var roles: [String: String]
    /// Per product, the permissions a check allows, in the order read, write, admin.
    public var permissions: [String: [Permission]]
    /// The relationship's effective privilege for a partner membership; nil for home and team.
    public var privilege: DataPrivilege?
    /// When the grant stops being true without any write: the membership's expiry or the end of a granted
    /// product's licence, whichever is first; nil when neither ends.
    public var expiresAt: Date?

    public init(platformAdmin: Bool, roles: [String: String], permissions: [String: [Permission]], privilege: DataPrivilege?, expiresAt: Date?) {
        self.platformAdmin = platformAdmin
        self.roles = roles
        self.permissions = permissions
        self.privilege = privilege
        self.expiresAt = expiresAt
    }

    /// The grant of the live membership these facts describe, or nil when there is none a session may open on
    /// (no membership, ended, expired, its relationship inactive, the user deactivated, or a partner membership
    /// whose effective privilege is `none`, under which no check allows).
    public static func of(_ facts: AccessFacts, at now: Date) -> TenantGrant? {
        switch Decider.decide(facts, product: nil, permission: .platformAdmin, at: now).reason {
        case .noAccess, .relationshipInactive, .expired: return nil
        default: break
        }
        guard let membership = facts.membership else { return nil }
        if membership.source == .partner, (facts.privilege ?? .noAccess) == .noAccess { return nil }
        var grant = TenantGrant(
            platformAdmin: Decider.decide(facts, product: nil, permission: .platformAdmin, at: now).allowed, roles: [:], permissions: [:],
            privilege: membership.source == .partner ? facts.privilege : nil, expiresAt: membership.expiresAt
        )
        for product in facts.products where grant.roles[product.product] == nil {
            let allowed = Permission.allCases.filter { permission in
                Decider.decide(facts, product: product.product, permission: CheckPermission(permission), at: now).allowed
            }
            guard !allowed.isEmpty else { continue }
            grant.roles[product.product] = product.role
            grant.permissions[product.product] = allowed
            // The token ends no later than the product's licence: it must not outlive what it grants.
            let valid = facts.licenses.filter { $0.product == product.product && $0.isValid(at: now) }
            if !valid.contains(where: { $0.expiresAt == nil }), let end = valid.compactMap(\.expiresAt).max() {
                grant.expiresAt = min(grant.expiresAt ?? end, end)
            }
        }
        return grant
    }
}

extension CheckPermission {
    /// The check that asks for a product permission.
    public init(_ permission: Permission) {
        switch permission {
        case .read: self = .read
        case .write: self = .write
        case .admin: self = .admin
        }
    }
}
