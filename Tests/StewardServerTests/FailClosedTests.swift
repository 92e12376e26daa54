import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import StewardServer
import StewardStore
import StewardTesting

/// SPEC §9 and API.md: decisions fail closed. A record the index cannot read, or a change feed it cannot
/// follow, refuses the checks that depend on it with 503 `index_unavailable`; it never allows.
@Suite("the decision index fails closed")
struct FailClosedTests {
    /// The world of `AccessWorld` with a1 assigned on the customer and a2 on another, unrelated pair.
    static func assigned(_ api: APIClient) async throws -> (AccessWorld, revision: String) {
        let world = try await AccessWorld.build(api)
        let created = try await api.call(.post, "/v1/memberships", token: world.rel.msspAdmin, json: ["items": [world.item(world.a1), world.item(world.a2)]])
        #expect(created.status == .created, "\(created.text)")
        return (world, try #require(created.string("revision")))
    }

    @Test("a stored record the index cannot read refuses only the checks that depend on it, until it reads again", arguments: StoreFactory.kinds)
    func unreadableRecord(kind: BackendKind) async throws {
        let server = try await TestServer.make(kind)
        try await server.exercise { api in
            let (world, _) = try await Self.assigned(api)
            #expect(try await world.check(api, world.a1).json["allowed"] as? Bool == true)
            // A value no build of Steward writes, as a bad migration or a hand edit would leave it.
            try await server.steward.store.execute(raw: "UPDATE memberships SET source = 'bogus' WHERE user_id = '\(world.a1)' AND source = 'partner'")
            // What a write that touched a1's membership would leave in the change feed.
            try await server.steward.store.execute(raw: "UPDATE steward_state SET revision = revision + 1 WHERE id = 1")
            try await server.steward.store.execute(raw: """
                INSERT INTO changes (revision, kind, key) SELECT revision, 'membership', '\(world.a1)|\(world.rel.customer)' FROM steward_state WHERE id = 1
                """)
            try await server.steward.index.catchUp()
            let refused = try await world.check(api, world.a1)
            #expect(refused.status == .serviceUnavailable)
            #expect(refused.string("code") == "index_unavailable" && refused.headers[.retryAfter] == "1", "\(refused.text)")
            #expect(refused.json["allowed"] == nil, "a refusal is never an answer")
            // The other user's decisions still follow every change.
            let removed = try await api.call(.get, "/v1/memberships?user_id=\(world.a2)&source=partner", token: world.rel.op).items.first?["id"] as? String
            let deleted = try await api.call(.delete, "/v1/memberships/\(try #require(removed))", token: world.rel.msspAdmin)
            let denied = try await world.check(api, world.a2, revision: deleted.string("revision"))
            #expect(denied.status == .ok && denied.string("reason") == "no_access", "\(denied.text)")
            let ready = try await api.call(.get, "/readyz")
            #expect(ready.status == .serviceUnavailable && ready.text.contains("1 stored record"), "\(ready.text)")
            let metrics = try await api.call(.get, "/metrics")
            #expect(metrics.text.contains("steward_index_unreadable_records 1"), "\(metrics.text.prefix(2000))")
            #expect(server.steward.index.health.unreadable == ["membership \(world.a1)|\(world.rel.customer)"])
            // Repaired, it is read again on the next catch-up: no restart needed.
            try await server.steward.store.execute(raw: "UPDATE memberships SET source = 'partner' WHERE user_id = '\(world.a1)' AND source = 'bogus'")
            try await server.steward.index.catchUp()
            #expect(try await world.check(api, world.a1).json["allowed"] as? Bool == true)
            #expect(try await api.call(.get, "/readyz").status == .ok)
        }
    }

    @Test("an unreadable record found at start is refused the same way", arguments: StoreFactory.kinds)
    func unreadableAtLoad(kind: BackendKind) async throws {
        let server = try await TestServer.make(kind)
        try await server.exercise { api in
            let (world, _) = try await Self.assigned(api)
            try await server.steward.store.execute(raw: "UPDATE relationships SET privilege = 'everything' WHERE id = '\(world.relationshipID)'")
            try await server.steward.index.load()
            #expect(try await world.check(api, world.a1).status == .serviceUnavailable, "a ceiling nobody can read is no ceiling to trust")
            #expect(try await world.check(api, world.customerAdminID, permission: "platform_admin", product: nil).status == .ok, "the customer's own users are unaffected")
        }
    }

    @Test("a change feed that cannot be read refuses every check once the bound passes, and heals by itself", arguments: StoreFactory.kinds)
    func feedUnreadable(kind: BackendKind) async throws {
        let server = try await TestServer.make(kind, configure: { $0.indexStaleBound = .zero })
        try await server.exercise { api in
            let (world, revision) = try await Self.assigned(api)
            try await server.steward.store.execute(raw: "ALTER TABLE changes RENAME TO changes_away")
            // A write committed elsewhere that this instance cannot read.
            try await server.steward.store.execute(raw: "UPDATE steward_state SET revision = revision + 1 WHERE id = 1")
            await #expect(throws: (any Error).self) { try await server.steward.index.catchUp() }
            let refused = try await world.check(api, world.a1)
            #expect(refused.status == .serviceUnavailable && refused.string("code") == "index_unavailable", "\(refused.text)")
            let pinned = try await world.check(api, world.a1, revision: String(Int(revision)! + 1))
            #expect(pinned.status == .serviceUnavailable, "at_least_revision that cannot catch up says so: \(pinned.text)")
            #expect(try await api.call(.get, "/readyz").status == .serviceUnavailable)
            try await server.steward.store.execute(raw: "ALTER TABLE changes_away RENAME TO changes")
            try await server.steward.index.catchUp()
            #expect(try await world.check(api, world.a1).json["allowed"] as? Bool == true)
            #expect(try await api.call(.get, "/readyz").status == .ok)
        }
    }

    @Test("the API refuses what would make a stored record unreadable: NUL, control, invisible and bidi characters")
    func refusedAtTheEdge() async throws {
        try await TestServer.run { api in
            let world = try await RelationshipAPIWorld.build(api)
            for email in ["x\u{0}@example.com", "x\u{1}@example.com", "x\u{200B}@example.com", "x\u{202E}@example.com", "x@exa\u{2066}mple.com", "x @example.com"] {
                let reply = try await api.call(.post, "/v1/orgs/\(world.customer)/users", token: world.customerAdmin, json: ["email": email, "name": "X", "role": "member"])
                #expect(reply.status == .badRequest && reply.errorFields == ["email"], "\(email.unicodeScalars.map { $0.value }) → \(reply.status) \(reply.text)")
            }
            for name in ["Eve\u{202E}gnp.exe", "Eve\u{0}", "Eve\u{7}", "Eve\u{2028}x", "Ev\u{200B}e"] {
                let reply = try await api.call(.post, "/v1/orgs/\(world.customer)/users", token: world.customerAdmin, json: ["email": "eve@globex.example", "name": name, "role": "member"])
                #expect(reply.status == .badRequest && reply.errorFields == ["name"], "\(name.unicodeScalars.map { $0.value }) → \(reply.text)")
            }
            let fine = try await api.call(.post, "/v1/orgs/\(world.customer)/users", token: world.customerAdmin, json: ["email": "jürgen@globex.example", "name": "Jürgen 🧑‍💻", "role": "member"])
            #expect(fine.status == .created, "\(fine.text)")
        }
    }
}

extension TestServer {
    /// Runs `body` against this server's router, then closes its database.
    func exercise(_ body: @escaping @Sendable (APIClient) async throws -> Void) async throws {
        do {
            let app = Application(router: try steward.buildRouter())
            try await app.test(.router) { client in try await body(APIClient(client: client)) }
            await steward.store.shutdown()
        } catch {
            await steward.store.shutdown()
            throw error
        }
    }
}
