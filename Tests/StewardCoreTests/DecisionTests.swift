import Foundation
import StewardCore
import Testing

@Suite("the decision of SPEC §3")
struct DecisionTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let roles: [String: [String: Set<Permission>]] = [
        "edr": ["viewer": [.read], "analyst": [.read, .write], "admin": [.read, .write, .admin]],
        "siem": ["viewer": [.read], "analyst": [.read, .write], "admin": [.read, .write, .admin]],
    ]
    static let edrLicense = License(
        id: LicenseID("lic"), customerID: OrgID("c"), product: "edr", kind: .paid, region: "us", startsAt: now.addingTimeInterval(-86400), expiresAt: nil,
        createdAt: now.addingTimeInterval(-86400)
    )

    static func membership(_ source: MembershipSource = .partner, admin: Bool = false, expires: Date? = nil, role: String? = "analyst", status: MembershipStatus = .active) -> Membership {
        Membership(
            id: MembershipID("m"), userID: UserID("u"), tenantID: OrgID("c"), source: source, relationshipID: source == .partner ? "rel" : nil,
            platformAdmin: admin, expiresAt: expires, products: role.map { [ProductGrant(product: "edr", role: $0)] } ?? [], status: status,
            createdBy: nil, createdAt: now, updatedAt: now
        )
    }

    static func facts(_ membership: Membership?, active: Bool = true, relationship: RelationshipStatus? = .active, privilege: DataPrivilege? = .manage,
                      licenses: [License] = [edrLicense], endedWithRelationship: Bool = false) -> AccessFacts {
        AccessFacts(
            userActive: active, membership: membership, latestEndedWithRelationship: endedWithRelationship, relationshipStatus: relationship,
            privilege: privilege, licenses: licenses, roles: roles
        )
    }

    func decide(_ facts: AccessFacts, _ product: String? = "edr", _ permission: CheckPermission) -> DecisionReason {
        Decider.decide(facts, product: product, permission: permission, at: Self.now).reason
    }

    @Test("an analyst in an active manage relationship may write")
    func allowed() {
        #expect(decide(Self.facts(Self.membership()), "edr", .write) == .allowed)
        #expect(Decider.decide(Self.facts(Self.membership()), product: "edr", permission: .write, at: Self.now).allowed)
    }

    @Test("no membership, a deactivated user, or an ended membership: no_access")
    func noAccess() {
        #expect(decide(Self.facts(nil), "edr", .read) == .noAccess)
        #expect(decide(Self.facts(Self.membership(), active: false), "edr", .read) == .noAccess)
        #expect(decide(Self.facts(Self.membership(status: .ended)), "edr", .read) == .noAccess)
    }

    @Test("the latest membership ended with its relationship: relationship_inactive")
    func endedWithRelationship() {
        #expect(decide(Self.facts(nil, endedWithRelationship: true), "edr", .read) == .relationshipInactive)
        #expect(decide(Self.facts(nil, active: false, endedWithRelationship: true), "edr", .read) == .noAccess)
    }

    @Test("a membership past its expiry: expired, even before the sweeper marks it")
    func expired() {
        #expect(decide(Self.facts(Self.membership(expires: Self.now)), "edr", .read) == .expired)
        #expect(decide(Self.facts(Self.membership(expires: Self.now.addingTimeInterval(1))), "edr", .read) == .allowed)
    }

    @Test("a partner membership needs its relationship active", arguments: [RelationshipStatus.pending, .revoked, .terminated, .expired, .rejected])
    func relationshipInactive(status: RelationshipStatus) {
        #expect(decide(Self.facts(Self.membership(), relationship: status), "edr", .read) == .relationshipInactive)
        #expect(decide(Self.facts(Self.membership(.team), relationship: status), "edr", .read) == .allowed, "team memberships need no relationship")
    }

    @Test("platform administration needs the flag, and a manage ceiling for partner users")
    func platformAdmin() {
        #expect(decide(Self.facts(Self.membership(admin: false)), nil, .platformAdmin) == .roleInsufficient)
        #expect(decide(Self.facts(Self.membership(admin: true)), nil, .platformAdmin) == .allowed)
        #expect(decide(Self.facts(Self.membership(admin: true), privilege: .support), nil, .platformAdmin) == .privilegeCeiling)
        #expect(decide(Self.facts(Self.membership(.team, admin: true), relationship: nil, privilege: nil), nil, .platformAdmin) == .allowed)
    }

    @Test("a product permission needs a valid licence, a role on it, and the permission in that role")
    func productChecks() {
        #expect(decide(Self.facts(Self.membership()), "siem", .read) == .productNotLicensed)
        #expect(decide(Self.facts(Self.membership(), licenses: []), "edr", .read) == .productNotLicensed)
        var lapsed = Self.edrLicense
        lapsed.expiresAt = Self.now
        #expect(decide(Self.facts(Self.membership(), licenses: [lapsed]), "edr", .read) == .productNotLicensed)
        var future = Self.edrLicense
        future.startsAt = Self.now.addingTimeInterval(1)
        #expect(decide(Self.facts(Self.membership(), licenses: [future]), "edr", .read) == .productNotLicensed)
        #expect(decide(Self.facts(Self.membership(role: nil)), "edr", .read) == .noProductRole)
        #expect(decide(Self.facts(Self.membership(role: "viewer")), "edr", .write) == .roleInsufficient)
        #expect(decide(Self.facts(Self.membership(role: "analyst")), "edr", .admin) == .roleInsufficient)
        #expect(decide(Self.facts(Self.membership(role: "gone")), "edr", .read) == .roleInsufficient)
    }

    @Test("a support ceiling allows read and denies write and admin")
    func supportCeiling() {
        let facts = Self.facts(Self.membership(role: "admin"), privilege: .support)
        #expect(decide(facts, "edr", .read) == .allowed)
        #expect(decide(facts, "edr", .write) == .privilegeCeiling)
        #expect(decide(facts, "edr", .admin) == .privilegeCeiling)
    }

    @Test("a none ceiling denies everything to a partner membership, and a partner membership without a ceiling reads as none")
    func noneCeiling() {
        for privilege in [DataPrivilege.noAccess, nil] {
            let facts = Self.facts(Self.membership(admin: true, role: "admin"), privilege: privilege)
            for permission in [CheckPermission.read, .write, .admin] { #expect(decide(facts, "edr", permission) == .privilegeCeiling) }
            #expect(decide(facts, nil, .platformAdmin) == .privilegeCeiling)
        }
        // Home and team memberships have no ceiling: none of it applies.
        #expect(decide(Self.facts(Self.membership(.team, role: "admin"), relationship: nil, privilege: nil), "edr", .write) == .allowed)
    }

    @Test("the effective privilege is the lower of the customer's and the vendor's")
    func effectivePrivilege() {
        let now = Self.now
        for chosen in Privilege.allCases {
            for vendor in DataPrivilege.allCases {
                let relationship = Relationship(
                    id: RelationshipID("r"), partnerID: OrgID("p"), customerID: OrgID("c"), status: .active, privilege: chosen,
                    requestedAt: now, approvalExpiresAt: now, createdBy: nil, updatedAt: now, vendorPrivilege: vendor
                )
                let expected: DataPrivilege = vendor == .noAccess ? .noAccess : (chosen == .manage && vendor == .manage ? .manage : .support)
                #expect(relationship.effectivePrivilege == expected, "\(chosen) under \(vendor)")
            }
        }
        let pending = Relationship(id: RelationshipID("r"), partnerID: OrgID("p"), customerID: OrgID("c"), requestedAt: now, approvalExpiresAt: now,
                                   createdBy: nil, updatedAt: now, vendorPrivilege: .manage)
        #expect(pending.effectivePrivilege == nil)
    }

    @Test("every reason code is reachable")
    func everyReason() {
        let reached: Set<DecisionReason> = [
            decide(Self.facts(Self.membership()), "edr", .write), decide(Self.facts(nil), "edr", .read),
            decide(Self.facts(nil, endedWithRelationship: true), "edr", .read), decide(Self.facts(Self.membership(expires: Self.now)), "edr", .read),
            decide(Self.facts(Self.membership(role: "viewer")), "edr", .write), decide(Self.facts(Self.membership(), privilege: .support), "edr", .write),
            decide(Self.facts(Self.membership()), "siem", .read), decide(Self.facts(Self.membership(role: nil)), "edr", .read),
        ]
        #expect(reached == Set(DecisionReason.allCases))
    }
}

@Suite("membership diffs")
struct MembershipDiffTests {
    @Test("additions, removals and changed values are told apart")
    func diff() {
        let original = MembershipDraft(platformAdmin: false, expiresAt: nil, products: [ProductGrant(product: "edr", role: "viewer"), ProductGrant(product: "siem", role: "admin")])
        let updated = MembershipDraft(
            platformAdmin: true, expiresAt: Date(timeIntervalSince1970: 1_800_000_000),
            products: [ProductGrant(product: "edr", role: "analyst"), ProductGrant(product: "email", role: "viewer")]
        )
        let diff = MembershipDiff.between(original, updated)
        #expect(diff.additions == [ProductGrant(product: "email", role: "viewer")])
        #expect(diff.removals == [ProductGrant(product: "siem", role: "admin")])
        #expect(diff.changes.map(\.field) == ["platform_admin", "expires_at", "products.edr"])
        #expect(diff.changes[1].from == .null && diff.changes[1].to == .string("2027-01-15T08:00:00Z"))
        #expect(MembershipDiff.between(original, original).isEmpty)
    }
}

@Suite("hex")
struct HexTests {
    @Test("lowercase, two digits a byte, leading zeros kept")
    func encodes() {
        #expect(Hex.encode([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
        #expect(Hex.encode([UInt8]()) == "")
    }
}

@Suite("permission bits")
struct PermissionSetTests {
    @Test("a set holds exactly the permissions it was made of")
    func exact() {
        let all = Permission.allCases
        for mask in 0..<(1 << all.count) {
            let chosen = all.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element)
            let set = PermissionSet(chosen)
            for permission in all { #expect(set.contains(permission) == chosen.contains(permission)) }
        }
    }

    @Test("a role the catalog does not define permits nothing")
    func undefinedRole() {
        let roles: [String: [String: Set<Permission>]] = ["edr": ["viewer": [.read]]]
        #expect(ProductGrant(product: "edr", role: "viewer").permissions(in: roles) == PermissionSet([.read]))
        #expect(ProductGrant(product: "edr", role: "owner").permissions(in: roles) == [])
        #expect(ProductGrant(product: "siem", role: "viewer").permissions(in: roles) == [])
    }
}
