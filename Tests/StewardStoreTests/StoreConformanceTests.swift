import Foundation
import StewardCore
import StewardStore
import StewardTesting
import Testing

/// One suite, run against every database Steward supports.
@Suite("store conformance")
struct StoreConformanceTests {
    static let operatorEmail = EmailAddress("Operator@Example.com")!

    /// Runs `body` on a fresh bootstrapped store and closes it afterwards, whatever happens.
    func withBootstrapped(
        _ kind: BackendKind, clock: @escaping @Sendable () -> Date = { Date() },
        _ body: (Store, Bootstrapped) async throws -> Void
    ) async throws {
        try await StoreFactory.with(kind, clock: clock) { store in
            let boot = try #require(try await store.bootstrap(vendorName: "Vendor", operatorEmail: Self.operatorEmail, operatorName: "Op", passwordHash: "hash"))
            try await body(store, boot)
        }
    }

    func auditCount(_ store: Store) async throws -> Int {
        try await store.auditEvents(org: nil, limit: 500).items.count
    }

    @Test("migrations are recorded and applied once", arguments: StoreFactory.kinds)
    func migrationsOnce(kind: BackendKind) async throws {
        try await StoreFactory.with(kind) { store in
            let migrated = try await store.isMigrated()
            let applied = try await store.migrate()
            #expect(migrated && applied.isEmpty)
        }
    }

    @Test("bootstrap creates the vendor, the first operator and the catalog, once", arguments: StoreFactory.kinds)
    func bootstrapOnce(kind: BackendKind) async throws {
        try await withBootstrapped(kind) { store, boot in
            #expect(boot.vendor.kind == .vendor)
            #expect(boot.operator_.role == .admin)
            #expect(try await store.products().map(\.key).sorted() == Product.defaultCatalog.map(\.key).sorted())
            let home = try await store.memberships(of: boot.operator_.id)
            #expect(home.count == 1 && home[0].source == .home && home[0].platformAdmin)
            #expect(try await store.bootstrap(vendorName: "Again", operatorEmail: EmailAddress("x@example.com")!, operatorName: "X", passwordHash: "h") == nil)
            #expect(try await store.verifyAuditChain() == nil)
        }
    }

    @Test("every change writes its audit event and bumps the revision", arguments: StoreFactory.kinds)
    func auditWithChange(kind: BackendKind) async throws {
        try await withBootstrapped(kind) { store, boot in
            let actor = AuditActor(userID: boot.operator_.id, orgID: boot.vendor.id)
            let before = try await store.revision()
            let created = try await store.createOrg(NewOrg(kind: .partner, name: "Acme MSSP", program: .mssp), by: actor)
            #expect(created.revision == before + 1)
            let events = try await store.auditEvents(org: created.value.id).items
            #expect(events.map(\.action) == ["org.created"])
            #expect(events[0].actorUserID == boot.operator_.id)
            #expect(events[0].actorOrgID == boot.vendor.id)
            #expect(events[0].after != nil && events[0].before == nil)
        }
    }

    @Test("a failed change writes nothing, not even its audit event", arguments: StoreFactory.kinds)
    func rollback(kind: BackendKind) async throws {
        try await withBootstrapped(kind) { store, boot in
            let events = try await auditCount(store)
            let revision = try await store.revision()
            await #expect(throws: Refused.conflict("a user with this email already exists")) {
                _ = try await store.createUser(
                    NewUser(orgID: boot.vendor.id, email: EmailAddress("OPERATOR@example.COM")!, name: "Dup", role: .member, passwordHash: nil),
                    by: .system)
            }
            await #expect(throws: Refused.notFound) {
                _ = try await store.createUser(
                    NewUser(orgID: OrgID("org_missing"), email: EmailAddress("new@example.com")!, name: "N", role: .member, passwordHash: nil),
                    by: .system)
            }
            #expect(try await auditCount(store) == events)
            #expect(try await store.revision() == revision)
        }
    }

    @Test("edits check the version they were based on", arguments: StoreFactory.kinds)
    func staleVersion(kind: BackendKind) async throws {
        try await withBootstrapped(kind) { store, boot in
            let operatorActor = Actor(userID: boot.operator_.id, orgID: boot.vendor.id, orgKind: .vendor, role: .admin)
            let org = try await store.createOrg(NewOrg(kind: .customer, name: "Customer", region: "eu"), by: .system).value
            let renamed = try await store.updateOrg(org.id, OrgChanges(name: "Renamed"), expectedVersion: 1, by: operatorActor).value
            #expect(renamed.version == 2 && renamed.name == "Renamed")
            await #expect(throws: Refused.stale(current: 2)) {
                _ = try await store.updateOrg(org.id, OrgChanges(name: "Other"), expectedVersion: 1, by: operatorActor)
            }
            #expect(try await store.org(org.id)?.name == "Renamed")
        }
    }

    @Test("unicode and long text round-trip unchanged", arguments: StoreFactory.kinds)
    func unicode(kind: BackendKind) async throws {
        try await withBootstrapped(kind) { store, boot in
            let name = "Zürich Sécurité 安全 🛡️ " + String(repeating: "é", count: 150)
            let address = Address(line1: "Bahnhofstraße 1", city: "Zürich", postalCode: "8001", country: "CH")
            let org = try await store.createOrg(NewOrg(kind: .customer, name: name, region: "eu", address: address), by: .system).value
            let read = try #require(try await store.org(org.id))
            #expect(read == org)
            let user = try await store.createUser(
                NewUser(orgID: org.id, email: EmailAddress("jürgen@例え.jp")!, name: "Jürgen 🧑‍💻", role: .member, passwordHash: nil), by: .system
            ).value
            #expect(try await store.user(user.id) == user)
            #expect(try await store.credentials(email: EmailAddress("JÜRGEN@例え.jp")!)?.user.id == user.id)
            }
    }

    @Test("orgs list by scope, filter and page", arguments: StoreFactory.kinds)
    func orgListing(kind: BackendKind) async throws {
        try await withBootstrapped(kind) { store, _ in
            let distributor = try await store.createOrg(NewOrg(kind: .partner, name: "Dist", program: .distributor), by: .system).value
            let reseller = try await store.createOrg(NewOrg(kind: .partner, name: "Resell", program: .reseller, parentID: distributor.id), by: .system).value
            let customer = try await store.createOrg(NewOrg(kind: .customer, name: "100% Cust_omer", parentID: reseller.id, region: "us"), by: .system).value
            let other = try await store.createOrg(NewOrg(kind: .customer, name: "Elsewhere", region: "us"), by: .system).value

            let subtree = try await store.orgs(in: .subtree(of: distributor.id)).items.map(\.id)
            #expect(subtree == [distributor.id, reseller.id, customer.id])
            #expect(try await store.orgs(in: .all, filter: OrgFilter(kind: .customer)).items.map(\.id) == [customer.id, other.id])
            #expect(try await store.orgs(in: .all, filter: OrgFilter(parentID: reseller.id)).items.map(\.id) == [customer.id])
            #expect(try await store.orgs(in: .all, filter: OrgFilter(query: "100%")).items.map(\.id) == [customer.id])
            #expect(try await store.orgs(in: .all, filter: OrgFilter(query: "_")).items.map(\.id) == [customer.id])
            #expect(try await store.ancestors(of: customer.id) == [reseller.id, distributor.id])

            var seen: [OrgID] = []
            var page = PageRequest(limit: 2)
            while true {
                let result = try await store.orgs(in: .all, page: page)
                seen += result.items.map(\.id)
                guard let next = result.nextCursor else { break }
                page.after = next
            }
            #expect(seen.count == 5 && Set(seen).count == 5)
        }
    }

    @Test("deactivating a user ends their sessions and memberships", arguments: StoreFactory.kinds)
    func deactivate(kind: BackendKind) async throws {
        try await withBootstrapped(kind) { store, boot in
            let partner = try await store.createOrg(NewOrg(kind: .partner, name: "P", program: .msp), by: .system).value
            let user = try await store.createUser(
                NewUser(orgID: partner.id, email: EmailAddress("a@p.example")!, name: "A", role: .member, passwordHash: "h"), by: .system
            ).value
            try await store.createSession(tokenHash: "t1", user: user, kind: .api, csrfToken: "c", expiresAt: Date().addingTimeInterval(3600))
            #expect(try await store.session(tokenHash: "t1")?.user.id == user.id)
            let actor = Actor(userID: boot.operator_.id, orgID: boot.vendor.id, orgKind: .vendor, role: .admin)
            let after = try await store.deactivateUser(user.id, by: actor).value
            #expect(after.status == .deactivated)
            #expect(try await store.session(tokenHash: "t1") == nil)
            #expect(try await store.memberships(of: user.id).allSatisfy { $0.status == .ended })
            let actions = try await store.auditEvents(org: partner.id).items.map(\.action)
            #expect(actions.suffix(2) == ["user.deactivated", "membership.ended"])
        }
    }

    @Test("sessions expire and are looked up by hash only", arguments: StoreFactory.kinds)
    func sessions(kind: BackendKind) async throws {
        let clock = TestClock()
        try await withBootstrapped(kind, clock: clock.now) { store, boot in
            try await store.createSession(tokenHash: "hash", user: boot.operator_, kind: .console, csrfToken: "csrf", expiresAt: clock.value.addingTimeInterval(60))
            let found = try #require(try await store.session(tokenHash: "hash"))
            #expect(found.session.kind == .console && found.session.csrfToken == "csrf" && found.org.id == boot.vendor.id)
            clock.advance(61)
            #expect(try await store.session(tokenHash: "hash") == nil)
            try await store.deleteSession(tokenHash: "hash", user: boot.operator_)
        }
    }

    @Test("sign-in failures are counted per email and client address, and per address, within a window", arguments: StoreFactory.kinds)
    func loginFailures(kind: BackendKind) async throws {
        let clock = TestClock()
        try await StoreFactory.with(kind, clock: clock.now) { store in
            let email = EmailAddress("who@example.com")!
            for _ in 0..<3 { try await store.recordLoginFailure(email: email, address: "192.0.2.1") }
            try await store.recordLoginFailure(email: email, address: "198.51.100.7")
            try await store.recordLoginFailure(email: EmailAddress("other@example.com")!, address: "192.0.2.1")
            let recent = clock.value.addingTimeInterval(-1)
            #expect(try await store.loginFailures(email: EmailAddress("WHO@example.com")!, address: "192.0.2.1", since: recent) == 3)
            #expect(try await store.loginFailures(email: email, address: "198.51.100.7", since: recent) == 1)
            #expect(try await store.loginFailures(address: "192.0.2.1", since: recent) == 4)
            clock.advance(10)
            #expect(try await store.loginFailures(email: email, address: "192.0.2.1", since: clock.value.addingTimeInterval(-5)) == 0)
            try await store.clearLoginFailures(email: email, address: "192.0.2.1")
            #expect(try await store.loginFailures(email: email, address: "192.0.2.1", since: .distantPast) == 0)
            #expect(try await store.loginFailures(email: email, address: "198.51.100.7", since: .distantPast) == 1, "another address's count stays")
        }
    }

    @Test("the audit chain detects an edited event", arguments: StoreFactory.kinds)
    func auditTamper(kind: BackendKind) async throws {
        try await withBootstrapped(kind) { store, _ in
            _ = try await store.createOrg(NewOrg(kind: .customer, name: "C", region: "us"), by: .system)
            #expect(try await store.verifyAuditChain() == nil)
            try await store.execute(raw: "UPDATE audit_events SET action = 'org.deleted' WHERE seq = 2")
            let broken = try #require(try await store.verifyAuditChain())
            #expect(broken.seq == 2)
        }
    }

    @Test("the audit chain detects a deleted last event", arguments: StoreFactory.kinds)
    func auditTruncate(kind: BackendKind) async throws {
        try await withBootstrapped(kind) { store, _ in
            let count = try await auditCount(store)
            try await store.execute(raw: "DELETE FROM audit_events WHERE seq = \(count)")
            #expect(try await store.verifyAuditChain() != nil)
        }
    }

    @Test("concurrent writers keep one intact chain and distinct revisions", arguments: StoreFactory.kinds)
    func concurrentWrites(kind: BackendKind) async throws {
        try await withBootstrapped(kind) { store, _ in
            let revisions = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        try await store.createOrg(NewOrg(kind: .customer, name: "C\(index)", region: "us"), by: .system).revision
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(Set(revisions).count == 20)
            #expect(try await store.verifyAuditChain() == nil)
        }
    }

    @Test("a role change carries over to the home membership's admin flag", arguments: StoreFactory.kinds)
    func roleChange(kind: BackendKind) async throws {
        try await withBootstrapped(kind) { store, boot in
            let user = try await store.createUser(
                NewUser(orgID: boot.vendor.id, email: EmailAddress("m@vendor.example")!, name: "M", role: .member, passwordHash: nil), by: .system
            ).value
            #expect(try await store.memberships(of: user.id).first?.platformAdmin == false)
            let promoted = try await store.updateUser(user.id, UserChanges(role: .admin), expectedVersion: user.version, by: .system).value
            #expect(promoted.role == .admin && promoted.version == 2)
            #expect(try await store.memberships(of: user.id).first?.platformAdmin == true)
            await #expect(throws: Refused.conflict("a user with this email already exists")) {
                _ = try await store.updateUser(user.id, UserChanges(email: Self.operatorEmail), expectedVersion: nil, by: .system)
            }
        }
    }
}

