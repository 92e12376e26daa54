import Foundation
@testable import StewardServer
import StewardCore
import StewardStore
import StewardTesting
import Testing

/// A plain reference model of SPEC §3, written from the spec's words and kept apart from `Decider`.
struct ReferenceModel {
    struct Grant { var source: MembershipSource; var relationship: String?; var admin: Bool; var expires: Date?; var products: [String: String]; var ended: Bool }

    var active: [String: Bool] = [:]
    var memberships: [String: [Grant]] = [:] // key "user|tenant", oldest first
    var relationships: [String: (status: RelationshipStatus, privilege: Privilege?, partner: String)] = [:]
    /// The vendor's data privilege per partner.
    var vendor: [String: String] = [:]
    var licences: [String: [(product: String, expires: Date?)]] = [:]
    let permissions: [String: Set<String>] = ["viewer": ["read"], "analyst": ["read", "write"], "admin": ["read", "write", "admin"]]

    func decide(user: String, tenant: String, product: String?, permission: String, now: Date) -> String {
        let all = memberships["\(user)|\(tenant)"] ?? []
        guard active[user] == true, let m = all.last(where: { !$0.ended }) else {
            if active[user] == true, let last = all.last, last.ended, last.source == .partner { return "relationship_inactive" }
            return "no_access"
        }
        if let expires = m.expires, expires <= now { return "expired" }
        var supportOnly = false
        if m.source == .partner {
            guard let relationship = m.relationship.flatMap({ relationships[$0] }), relationship.status == .active else { return "relationship_inactive" }
            // The lower of the customer's choice and the vendor's, none < support < manage.
            let order = ["none", "support", "manage"]
            let chosen = relationship.privilege.map { order.firstIndex(of: $0.rawValue)! } ?? 0
            let effective = order[min(chosen, order.firstIndex(of: vendor[relationship.partner] ?? "none")!)]
            if effective == "none" { return "privilege_ceiling" }
            supportOnly = effective == "support"
        }
        if permission == "platform_admin" {
            if !m.admin { return "role_insufficient" }
            return supportOnly ? "privilege_ceiling" : "allowed"
        }
        guard let product, (licences[tenant] ?? []).contains(where: { $0.product == product && ($0.expires.map { now < $0 } ?? true) }) else {
            return "product_not_licensed"
        }
        guard let role = m.products[product] else { return "no_product_role" }
        guard permissions[role]?.contains(permission) == true else { return "role_insufficient" }
        if supportOnly && permission != "read" { return "privilege_ceiling" }
        return "allowed"
    }

    mutating func endRelationship(_ id: String, status: RelationshipStatus) {
        relationships[id]?.status = status
        for key in memberships.keys {
            for index in memberships[key]!.indices where memberships[key]![index].relationship == id { memberships[key]![index].ended = true }
        }
    }

    mutating func deactivate(_ user: String) {
        active[user] = false
        for key in memberships.keys where key.hasPrefix("\(user)|") {
            for index in memberships[key]!.indices { memberships[key]![index].ended = true }
        }
    }
}

@Suite("decisions: index, database and reference agree")
struct DecisionPropertyTests {
    static let mail: AccessMailComposer = { _, _, _, _, _ in nil }
    static let noMail: RelationshipMailComposer = { _, _ in nil }

    @Test("random management sequences", arguments: (0..<12).map { (BackendKind.sqlite, $0) } + (StoreFactory.kinds.contains(.postgres) ? (0..<3).map { (BackendKind.postgres, $0) } : []))
    func randomSequences(kind: BackendKind, seed: Int) async throws {
        var random = SeededGenerator(state: UInt64(seed) &* 7919 &+ 17)
        let clock = TestClock()
        let server = try await TestServer.make(kind, clock: clock.now)
        let store = server.steward.store
        let index = server.steward.index
        defer { Task { await store.shutdown() } }
        var model = ReferenceModel()

        let vendor = try #require(try await store.vendorOrg())
        let operatorUser = try #require(try await store.credentials(email: EmailAddress(TestServer.operatorEmail)!)?.user)
        let operatorActor = Actor(userID: operatorUser.id, orgID: vendor.id, orgKind: .vendor, role: .admin)
        var partners: [(org: Org, admin: Actor, analysts: [User])] = []
        for name in ["P1", "P2"] {
            let dataPrivilege = DataPrivilege.allCases.randomElement(using: &random)!
            let org = try await store.createOrg(NewOrg(kind: .partner, name: name, program: .mssp, dataPrivilege: dataPrivilege), by: .system).value
            model.vendor[org.id.rawValue] = dataPrivilege.rawValue
            let admin = try await store.createUser(NewUser(orgID: org.id, email: EmailAddress("admin@\(name).example")!, name: "A", role: .admin, passwordHash: nil), by: .system).value
            var analysts: [User] = []
            for n in 0..<2 {
                analysts.append(try await store.createUser(NewUser(orgID: org.id, email: EmailAddress("a\(n)@\(name).example")!, name: "a", role: .member, passwordHash: nil), by: .system).value)
            }
            partners.append((org, Actor(userID: admin.id, orgID: org.id, orgKind: .partner, role: .admin), analysts))
            model.active[admin.id.rawValue] = true
            analysts.forEach { model.active[$0.id.rawValue] = true }
        }
        var customers: [(org: Org, admin: Actor)] = []
        for name in ["C1", "C2"] {
            let org = try await store.createOrg(NewOrg(kind: .customer, name: name, region: "us"), by: .system).value
            let admin = try await store.createUser(NewUser(orgID: org.id, email: EmailAddress("admin@\(name).example")!, name: "A", role: .admin, passwordHash: nil), by: .system).value
            customers.append((org, Actor(userID: admin.id, orgID: org.id, orgKind: .customer, role: .admin)))
            model.active[admin.id.rawValue] = true
            model.memberships["\(admin.id)|\(org.id)"] = [.init(source: .home, relationship: nil, admin: true, expires: nil, products: [:], ended: false)]
        }
        var open: [String: RelationshipID] = [:] // "partner|customer" → the open relationship

        func openAndMaybeApprove(_ p: Int, _ c: Int) async throws {
            let relationship = try await store.openRelationship(
                partner: partners[p].org.id, customer: customers[c].org.id, approvalWindow: 3600, approvalTokenHash: UUID().uuidString,
                by: AuditActor(operatorActor), mail: Self.noMail).value
            open["\(p)|\(c)"] = relationship.id
            model.relationships[relationship.id.rawValue] = (.pending, nil, partners[p].org.id.rawValue)
            let privilege: Privilege = Bool.random(using: &random) ? .manage : .support
            _ = try await store.transition(relationship.id, .approve(privilege), by: customers[c].admin, mail: Self.noMail)
            model.relationships[relationship.id.rawValue] = (.active, privilege, partners[p].org.id.rawValue)
        }
        for p in 0..<2 { for c in 0..<2 { try await openAndMaybeApprove(p, c) } }

        let products = ["endpoint", "siem", "email"]
        let roles = ["viewer", "analyst", "admin"]
        func randomProducts() -> [ProductGrant] {
            products.shuffled(using: &random).prefix(Int.random(in: 0...2, using: &random)).map { ProductGrant(product: $0, role: roles.randomElement(using: &random)!) }
        }

        for step in 0..<35 {
            let p = Int.random(in: 0..<2, using: &random), c = Int.random(in: 0..<2, using: &random)
            let analyst = partners[p].analysts.randomElement(using: &random)!
            let tenant = customers[c].org.id
            let key = "\(analyst.id)|\(tenant)"
            switch Int.random(in: 0..<10, using: &random) {
            case 0, 1, 2: // assign
                let expires: Date? = Bool.random(using: &random) ? clock.value.addingTimeInterval(Double(Int.random(in: 60...7200, using: &random))) : nil
                let draft = MembershipDraft(platformAdmin: Bool.random(using: &random), expiresAt: expires, products: randomProducts())
                if let created = try? await store.assign([AssignmentItem(userID: analyst.id, tenantID: tenant, draft: draft)], by: partners[p].admin, mail: Self.mail).value.first {
                    model.memberships[key, default: []].append(.init(
                        source: .partner, relationship: created.relationshipID, admin: created.platformAdmin, expires: created.expiresAt,
                        products: Dictionary(created.products.map { ($0.product, $0.role) }, uniquingKeysWith: { a, _ in a }), ended: false))
                }
            case 3: // edit
                if let live = try await store.memberships(of: analyst.id).first(where: { $0.tenantID == tenant && $0.status != .ended }) {
                    let draft = MembershipDraft(platformAdmin: !live.platformAdmin, expiresAt: live.expiresAt, products: randomProducts())
                    if let updated = try? await store.updateMembership(live.id, to: draft, expectedVersion: nil, by: partners[p].admin).value {
                        let last = model.memberships[key]!.lastIndex { !$0.ended }!
                        model.memberships[key]![last].admin = updated.platformAdmin
                        model.memberships[key]![last].products = Dictionary(updated.products.map { ($0.product, $0.role) }, uniquingKeysWith: { a, _ in a })
                    }
                }
            case 4: // delete
                if let live = try await store.memberships(of: analyst.id).first(where: { $0.tenantID == tenant && $0.status != .ended }),
                   (try? await store.deleteMembership(live.id, by: customers[c].admin, mail: Self.mail)) != nil {
                    let last = model.memberships[key]!.lastIndex { !$0.ended }!
                    model.memberships[key]!.remove(at: last)
                }
            case 5: // end the relationship, then open a new one
                if let id = open["\(p)|\(c)"] {
                    let revoke = Bool.random(using: &random)
                    _ = try await store.transition(id, revoke ? .revoke : .terminate, by: revoke ? customers[c].admin : partners[p].admin, mail: Self.noMail)
                    model.endRelationship(id.rawValue, status: revoke ? .revoked : .terminated)
                    if Bool.random(using: &random) { try await openAndMaybeApprove(p, c) } else { open["\(p)|\(c)"] = nil }
                } else {
                    try await openAndMaybeApprove(p, c)
                }
            case 6: // change the ceiling: the customer's, or now and then the vendor's
                if Int.random(in: 0..<3, using: &random) == 0 {
                    let privilege = DataPrivilege.allCases.randomElement(using: &random)!
                    _ = try await store.updateOrg(partners[p].org.id, OrgChanges(dataPrivilege: privilege), expectedVersion: nil, by: operatorActor)
                    model.vendor[partners[p].org.id.rawValue] = privilege.rawValue
                } else if let id = open["\(p)|\(c)"] {
                    let privilege: Privilege = Bool.random(using: &random) ? .manage : .support
                    _ = try await store.transition(id, .changePrivilege(privilege), by: customers[c].admin, mail: Self.noMail)
                    model.relationships[id.rawValue]?.privilege = privilege
                }
            case 7: // licence
                let product = products.randomElement(using: &random)!
                let expires: Date? = Bool.random(using: &random) ? clock.value.addingTimeInterval(Double(Int.random(in: 60...7200, using: &random))) : nil
                _ = try await store.seedLicense(customer: tenant, product: product, kind: expires == nil ? .paid : .poc, expiresAt: expires, by: AuditActor(operatorActor))
                model.licences[tenant.rawValue, default: []].append((product, expires))
            case 8: // the clock moves, past some expiries
                clock.advance(Double(Int.random(in: 1...3600, using: &random)))
            default: // rarely, a user leaves
                if Int.random(in: 0..<4, using: &random) == 0 {
                    _ = try await store.deactivateUser(analyst.id, by: operatorActor)
                    model.deactivate(analyst.id.rawValue)
                }
            }

            let now = clock.value
            let users = partners.flatMap { [$0.admin.userID] + $0.analysts.map(\.id) } + customers.map(\.admin.userID)
            for user in users {
                for customer in customers {
                    let questions = [(String?.none, CheckPermission.platformAdmin)] + products.flatMap { product in
                        [CheckPermission.read, .write, .admin].map { (Optional(product), $0) }
                    }
                    let fromIndex = try index.withFacts(user: user, tenant: customer.org.id, at: now) { facts in
                        questions.map { Decider.decide(facts, product: $0.0, permission: $0.1, at: now).reason.rawValue }
                    }
                    let fromDatabase = try await store.accessFacts(user: user, tenant: customer.org.id)
                    for ((product, permission), a) in zip(questions, fromIndex) {
                        let b = Decider.decide(fromDatabase, product: product, permission: permission, at: now).reason.rawValue
                        let c = model.decide(user: user.rawValue, tenant: customer.org.id.rawValue, product: product, permission: permission.rawValue, now: now)
                        #expect(a == b && b == c, "seed \(seed) step \(step): \(user) in \(customer.org.name) \(product ?? "-") \(permission): index \(a), database \(b), reference \(c)")
                        if a != b || b != c { return }
                    }
                }
            }
        }
    }
}
