import Foundation
import StewardCore
import StewardStore
import StewardTesting
import Testing

/// A vendor with an MSSP partner and a customer, each with an admin.
struct RelationshipWorld {
    var store: Store
    var operatorActor: Actor
    var partner: Org, customer: Org
    var partnerAdmin: Actor, customerAdmin: Actor

    static let requestMail: RelationshipMailComposer = { action, parties in
        action == nil ? MailMessage(to: parties.customerAdmins, subject: "request", body: "link", kind: "relationship.requested") : nil
    }
    static let transitionMail: RelationshipMailComposer = { action, parties in
        action.map { MailMessage(to: parties.partnerAdmins, subject: $0.auditAction, body: "", kind: $0.auditAction) }
    }

    static func build(_ store: Store) async throws -> RelationshipWorld {
        let boot = try #require(try await store.bootstrap(vendorName: "V", operatorEmail: EmailAddress("op@v.example")!, operatorName: "Op", passwordHash: "h"))
        let partner = try await store.createOrg(NewOrg(kind: .partner, name: "MSSP", program: .mssp), by: .system).value
        let customer = try await store.createOrg(NewOrg(kind: .customer, name: "Customer", region: "us"), by: .system).value
        let pa = try await store.createUser(NewUser(orgID: partner.id, email: EmailAddress("pa@p.example")!, name: "PA", role: .admin, passwordHash: nil), by: .system).value
        let ca = try await store.createUser(NewUser(orgID: customer.id, email: EmailAddress("ca@c.example")!, name: "CA", role: .admin, passwordHash: nil), by: .system).value
        return RelationshipWorld(
            store: store,
            operatorActor: Actor(userID: boot.operator_.id, orgID: boot.vendor.id, orgKind: .vendor, role: .admin),
            partner: partner, customer: customer,
            partnerAdmin: Actor(userID: pa.id, orgID: partner.id, orgKind: .partner, role: .admin),
            customerAdmin: Actor(userID: ca.id, orgID: customer.id, orgKind: .customer, role: .admin)
        )
    }

    func open(token: String = "token-hash", window: TimeInterval = 3600) async throws -> Relationship {
        try await store.openRelationship(
            partner: partner.id, customer: customer.id, approvalWindow: window, approvalTokenHash: token,
            by: AuditActor(operatorActor), mail: Self.requestMail
        ).value
    }
}

@Suite("relationship store")
struct RelationshipStoreTests {
    func withWorld(_ kind: BackendKind, clock: TestClock = TestClock(), _ body: (RelationshipWorld) async throws -> Void) async throws {
        try await StoreFactory.with(kind, clock: clock.now) { store in try await body(try await RelationshipWorld.build(store)) }
    }

    @Test("opening writes the relationship, its audit event and the request mail in one transaction", arguments: StoreFactory.kinds)
    func open(kind: BackendKind) async throws {
        try await withWorld(kind) { world in
            let relationship = try await world.open()
            #expect(relationship.status == .pending && relationship.privilege == nil)
            let mail = try await world.store.outbox().items
            #expect(mail.map(\.message.kind) == ["relationship.requested"])
            #expect(mail[0].message.to == [EmailAddress("ca@c.example")!])
            let partnerEvents = try await world.store.auditEvents(org: world.partner.id).items.map(\.action)
            #expect(partnerEvents.contains("relationship.requested"))
        }
    }

    @Test("one open relationship per pair; a refused open writes no mail", arguments: StoreFactory.kinds)
    func onePerPair(kind: BackendKind) async throws {
        try await withWorld(kind) { world in
            _ = try await world.open()
            await #expect(throws: Refused.conflict("this partner already has an open relationship with this customer")) {
                _ = try await world.open(token: "other")
            }
            #expect(try await world.store.outbox().items.count == 1)
        }
    }

    @Test("an expired request is recorded as expired and no longer blocks a new one", arguments: StoreFactory.kinds)
    func expiredUnblocks(kind: BackendKind) async throws {
        let clock = TestClock()
        try await withWorld(kind, clock: clock) { world in
            let first = try await world.open(window: 60)
            clock.advance(61)
            #expect(try await world.store.relationship(first.id)?.status(at: clock.value) == .expired)
            let second = try await world.open(token: "second")
            #expect(second.id != first.id)
            #expect(try await world.store.relationship(first.id)?.status == .expired)
            let actions = try await world.store.auditEvents(org: world.customer.id).items.map(\.action)
            #expect(actions.filter { $0 == "relationship.expired" }.count == 1)
        }
    }

    @Test("the sweeper records each expiry once", arguments: StoreFactory.kinds)
    func sweeper(kind: BackendKind) async throws {
        let clock = TestClock()
        try await withWorld(kind, clock: clock) { world in
            _ = try await world.open(window: 60)
            #expect(try await world.store.expireDueRelationships() == 0)
            clock.advance(61)
            #expect(try await world.store.expireDueRelationships() == 1)
            #expect(try await world.store.expireDueRelationships() == 0)
        }
    }

    @Test("transitions are audited for both sides and mailed", arguments: StoreFactory.kinds)
    func transitions(kind: BackendKind) async throws {
        try await withWorld(kind) { world in
            let relationship = try await world.open()
            let approved = try await world.store.transition(relationship.id, .approve(.manage), by: world.customerAdmin, mail: RelationshipWorld.transitionMail).value
            #expect(approved.status == .active && approved.privilege == .manage)
            let event = try #require(try await world.store.auditEvents(AuditFilter(org: world.partner.id, action: "relationship.approved")).items.first)
            #expect(event.tenantID == world.customer.id && event.relatedOrgID == world.partner.id && event.actorOrgID == world.customer.id)
            #expect(try await world.store.outbox().items.first?.message.kind == "relationship.approved")
            await #expect(throws: RelationshipRefusal.wrongState(.active)) {
                _ = try await world.store.transition(relationship.id, .approve(.support), by: world.customerAdmin, mail: RelationshipWorld.transitionMail)
            }
            await #expect(throws: RelationshipRefusal.forbidden) {
                _ = try await world.store.transition(relationship.id, .revoke, by: world.partnerAdmin, mail: RelationshipWorld.transitionMail)
            }
            await #expect(throws: Refused.stale(current: 2)) {
                _ = try await world.store.transition(relationship.id, .revoke, by: world.customerAdmin, expectedVersion: 1, mail: RelationshipWorld.transitionMail)
            }
            #expect(try await world.store.verifyAuditChain() == nil)
        }
    }

    @Test("ending a relationship ends every membership under it, in the same transaction", arguments: StoreFactory.kinds)
    func endsMemberships(kind: BackendKind) async throws {
        try await withWorld(kind) { world in
            let relationship = try await world.open()
            _ = try await world.store.transition(relationship.id, .approve(.support), by: world.customerAdmin, mail: RelationshipWorld.transitionMail)
            // Partner memberships arrive with the access issue; a row written directly stands in for one.
            try await world.store.execute(raw: """
                INSERT INTO memberships (id, user_id, tenant_id, source, relationship_id, platform_admin, expires_at, products,
                    last_access_at, status, version, created_by, created_at, updated_at)
                VALUES ('mem_partner', '\(world.partnerAdmin.userID)', '\(world.customer.id)', 'partner', '\(relationship.id)', 0, NULL, '[]',
                    NULL, 'active', 1, NULL, 0, 0)
                """)
            _ = try await world.store.transition(relationship.id, .revoke, by: world.customerAdmin, mail: RelationshipWorld.transitionMail)
            let memberships = try await world.store.memberships(of: world.partnerAdmin.userID)
            #expect(memberships.first { $0.id.rawValue == "mem_partner" }?.status == .ended)
            let ended = try await world.store.auditEvents(AuditFilter(org: world.partner.id, action: "membership.ended")).items
            #expect(ended.count == 1)
        }
    }

    @Test("an approval link answers once, for that customer's admins only, before it expires", arguments: StoreFactory.kinds)
    func approvalLink(kind: BackendKind) async throws {
        let clock = TestClock()
        try await withWorld(kind, clock: clock) { world in
            _ = try await world.open(token: "link")
            let stranger = Actor(userID: UserID("x"), orgID: OrgID("elsewhere"), orgKind: .customer, role: .admin)
            await #expect(throws: ApprovalLinkRefusal.unknown) {
                _ = try await world.store.answerThroughLink(tokenHash: "link", .approve(.support), by: stranger, mail: RelationshipWorld.transitionMail)
            }
            await #expect(throws: ApprovalLinkRefusal.unknown) {
                _ = try await world.store.answerThroughLink(tokenHash: "nope", .approve(.support), by: world.customerAdmin, mail: RelationshipWorld.transitionMail)
            }
            let approved = try await world.store.answerThroughLink(tokenHash: "link", .approve(.support), by: world.customerAdmin, mail: RelationshipWorld.transitionMail).value
            #expect(approved.status == .active)
            await #expect(throws: ApprovalLinkRefusal.used) {
                _ = try await world.store.answerThroughLink(tokenHash: "link", .reject, by: world.customerAdmin, mail: RelationshipWorld.transitionMail)
            }
            #expect(try await world.store.approvalLink(tokenHash: "link")?.usedAt != nil)
        }
    }

    @Test("an expired approval link changes nothing", arguments: StoreFactory.kinds)
    func expiredLink(kind: BackendKind) async throws {
        let clock = TestClock()
        try await withWorld(kind, clock: clock) { world in
            let relationship = try await world.open(token: "late", window: 60)
            clock.advance(120)
            await #expect(throws: ApprovalLinkRefusal.expired) {
                _ = try await world.store.answerThroughLink(tokenHash: "late", .approve(.support), by: world.customerAdmin, mail: RelationshipWorld.transitionMail)
            }
            #expect(try await world.store.relationship(relationship.id)?.status == .pending)
        }
    }

    @Test("notification settings default on for every admin and are replaced whole", arguments: StoreFactory.kinds)
    func notificationSettings(kind: BackendKind) async throws {
        try await withWorld(kind) { world in
            #expect(try await world.store.notificationSettings(world.customer.id) == NotificationSettings())
            let chosen = NotificationSettings(onAccessGranted: false, onAccessRemoved: true, recipients: [EmailAddress("soc@c.example")!])
            _ = try await world.store.setNotificationSettings(world.customer.id, chosen, by: world.customerAdmin)
            #expect(try await world.store.notificationSettings(world.customer.id) == chosen)
        }
    }
}

@Suite("outbox")
struct OutboxStoreTests {
    @Test("a claim is exclusive until its lease lapses; sent mail is never claimed again", arguments: StoreFactory.kinds)
    func claims(kind: BackendKind) async throws {
        let clock = TestClock()
        try await StoreFactory.with(kind, clock: clock.now) { store in
            let world = try await RelationshipWorld.build(store)
            _ = try await world.open()
            let first = try await store.claimDueMail(lease: 60)
            #expect(first.count == 1 && first[0].attempts == 1)
            #expect(try await store.claimDueMail(lease: 60).isEmpty)
            clock.advance(61)
            let again = try await store.claimDueMail(lease: 60)
            #expect(again.map(\.id) == first.map(\.id) && again[0].attempts == 2)
            try await store.markMailSent(again[0].id)
            clock.advance(3600)
            #expect(try await store.claimDueMail(lease: 60).isEmpty)
            #expect(try await store.outbox().items.first?.state == "sent")
        }
    }

    @Test("concurrent workers never claim the same message", arguments: StoreFactory.kinds)
    func concurrentClaims(kind: BackendKind) async throws {
        try await StoreFactory.with(kind) { store in
            let world = try await RelationshipWorld.build(store)
            for index in 0..<15 {
                let customer = try await store.createOrg(NewOrg(kind: .customer, name: "C\(index)", region: "us"), by: .system).value
                _ = try await store.createUser(NewUser(orgID: customer.id, email: EmailAddress("a\(index)@c.example")!, name: "A", role: .admin, passwordHash: nil), by: .system)
                _ = try await store.openRelationship(
                    partner: world.partner.id, customer: customer.id, approvalWindow: 60, approvalTokenHash: "t\(index)",
                    by: .system, mail: RelationshipWorld.requestMail)
            }
            let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<4 { group.addTask { try await store.claimDueMail(lease: 60, limit: 10).map(\.id) } }
                return try await group.reduce(into: [String]()) { $0 += $1 }
            }
            #expect(claimed.count == 15 && Set(claimed).count == 15)
        }
    }

    @Test("a failed delivery waits for its retry time; a given-up one is never retried", arguments: StoreFactory.kinds)
    func failures(kind: BackendKind) async throws {
        let clock = TestClock()
        try await StoreFactory.with(kind, clock: clock.now) { store in
            let world = try await RelationshipWorld.build(store)
            _ = try await world.open()
            let message = try #require(try await store.claimDueMail(lease: 60).first)
            try await store.markMailFailed(message.id, error: "connection refused", retryAt: clock.value.addingTimeInterval(10))
            #expect(try await store.claimDueMail(lease: 60).isEmpty)
            clock.advance(11)
            let retried = try #require(try await store.claimDueMail(lease: 60).first)
            try await store.markMailFailed(retried.id, error: "still down", retryAt: nil)
            clock.advance(100_000)
            #expect(try await store.claimDueMail(lease: 60).isEmpty)
            let stored = try #require(try await store.outbox().items.first)
            #expect(stored.state == "failed" && stored.lastError == "still down")
        }
    }
}
