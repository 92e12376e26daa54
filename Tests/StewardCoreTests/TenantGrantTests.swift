import Foundation
import StewardCore
import Testing

/// A tenant token says what a check allows, never more (SPEC §5). Checked against a separately written
/// model of what each claim must be, over seeded random facts.
@Suite("tenant-session grants")
struct TenantGrantTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let roles: [String: [String: Set<Permission>]] = [
        "edr": ["viewer": [.read], "analyst": [.read, .write], "admin": [.read, .write, .admin], "auditor": []],
        "siem": ["viewer": [.read], "admin": [.read, .write, .admin]],
    ]

    /// The model: a live membership, then per product the role's permissions, licensed now, capped by the ceiling.
    static func expected(_ facts: AccessFacts, source: MembershipSource, platformAdmin: Bool) -> TenantGrant? {
        guard facts.userActive, let membership = facts.membership, membership.status == .active,
              membership.expiresAt.map({ $0 > now }) ?? true else { return nil }
        if source == .partner, facts.relationshipStatus != .active { return nil }
        let ceiling = source == .partner ? facts.privilege : nil
        if source == .partner, ceiling == .noAccess { return nil }
        var grant = TenantGrant(platformAdmin: platformAdmin && ceiling != .support, roles: [:], permissions: [:], privilege: ceiling, expiresAt: membership.expiresAt)
        for product in facts.products {
            guard facts.licenses.contains(where: { $0.product == product.product && $0.startsAt <= now && ($0.expiresAt.map { now < $0 } ?? true) }),
                  var permissions = roles[product.product]?[product.role] else { continue }
            if ceiling == .support { permissions = permissions.intersection([.read]) }
            guard !permissions.isEmpty else { continue }
            grant.roles[product.product] = product.role
            grant.permissions[product.product] = permissions.sorted()
            let valid = facts.licenses.filter { $0.product == product.product && $0.startsAt <= now && ($0.expiresAt.map { now < $0 } ?? true) }
            if valid.allSatisfy({ $0.expiresAt != nil }), let end = valid.compactMap(\.expiresAt).max() {
                grant.expiresAt = [grant.expiresAt, end].compactMap { $0 }.min()
            }
        }
        return grant
    }

    @Test("every claim equals the model over 5,000 seeded cases of ceilings, licences, roles and states")
    func matchesModel() {
        let now = Self.now
        var random = SeededGenerator(state: 42)
        for _ in 0..<5000 {
            let source = [MembershipSource.home, .partner, .team].randomElement(using: &random)!
            let platformAdmin = Bool.random(using: &random)
            var products: [ProductGrant] = []
            for product in ["edr", "siem", "gone"] where Bool.random(using: &random) {
                let role = ["viewer", "analyst", "admin", "auditor", "owner"].randomElement(using: &random)!
                products.append(ProductGrant(product: product, role: role))
            }
            let expiry: Date? = [nil, now.addingTimeInterval(3600), now.addingTimeInterval(-1)].randomElement(using: &random)!
            let membership = Membership(
                id: MembershipID("m"), userID: UserID("u"), tenantID: OrgID("t"), source: source, relationshipID: source == .partner ? "r" : nil,
                platformAdmin: platformAdmin, expiresAt: expiry, products: products,
                status: [MembershipStatus.active, .active, .active, .ended].randomElement(using: &random)!, createdBy: nil, createdAt: now, updatedAt: now
            )
            var licenses: [License] = []
            for product in ["edr", "siem"] where Bool.random(using: &random) {
                let (start, end): (Date, Date?) = [(now.addingTimeInterval(-10), nil), (now.addingTimeInterval(-10), now.addingTimeInterval(-1)),
                                                   (now.addingTimeInterval(10), nil), (now.addingTimeInterval(-10), now.addingTimeInterval(100))].randomElement(using: &random)!
                licenses.append(License(id: LicenseID("l"), customerID: OrgID("t"), product: product, kind: .paid, region: "us", startsAt: start, expiresAt: end, createdAt: now))
            }
            let facts = AccessFacts(
                userActive: Int.random(in: 0..<10, using: &random) > 0, membership: membership,
                relationshipStatus: source == .partner ? [RelationshipStatus.active, .active, .revoked, .pending].randomElement(using: &random)! : nil,
                privilege: source == .partner ? [DataPrivilege.noAccess, .support, .manage].randomElement(using: &random)! : nil, licenses: licenses, roles: Self.roles
            )
            #expect(TenantGrant.of(facts, at: Self.now) == Self.expected(facts, source: source, platformAdmin: platformAdmin), "\(facts)")
        }
    }
}
