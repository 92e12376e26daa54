import Foundation
import Testing
@testable import StewardServer
import StewardStore
import StewardTesting

@Suite("stored values that today's validation refuses are healed at start")
struct HealTests {
    @Test("a control character in an email deactivates the user with an audit event; unsafe names are repaired; listings read", arguments: StoreFactory.kinds)
    func heal(kind: BackendKind) async throws {
        let server = try await TestServer.make(kind)
        try await server.exercise { api in
            let world = try await AccessWorld.build(api)
            let created = try await api.call(.post, "/v1/memberships", token: world.rel.msspAdmin, json: ["items": [world.item(world.a1)]])
            #expect(created.status == .created)
            let store = server.steward.store
            // What earlier builds accepted (PostgreSQL never stored NUL; U+0001 stands in for it on both).
            try await store.execute(raw: "UPDATE users SET email = 'a1\u{1}@mssp.example', email_normalized = 'a1\u{1}@mssp.example' WHERE id = '\(world.a1)'")
            try await store.execute(raw: "UPDATE users SET name = 'Eve\u{202E}gnp.exe' WHERE id = '\(world.a2)'")
            try await store.execute(raw: "UPDATE orgs SET name = 'Glo\u{200B}bex' WHERE id = '\(world.rel.customer)'")
            #expect(try await api.call(.get, "/v1/orgs/\(world.rel.mssp)/users", token: world.rel.op).status == .internalServerError, "the finding, reproduced")

            let healed = try await store.healStoredValues()
            #expect(Set(healed.map(\.id)) == [world.a1, world.a2, world.rel.customer], "\(healed)")
            #expect(try await store.healStoredValues().isEmpty, "healing is done once")
            try await server.steward.index.load()

            let users = try await api.call(.get, "/v1/orgs/\(world.rel.mssp)/users", token: world.rel.op)
            #expect(users.status == .ok)
            let a1 = try #require(users.items.first { $0["id"] as? String == world.a1 })
            #expect(a1["status"] as? String == "deactivated" && (a1["email"] as? String)?.hasSuffix("@quarantine.invalid") == true, "\(a1)")
            #expect(users.items.first { $0["id"] as? String == world.a2 }?["name"] as? String == "Evegnp.exe")
            #expect(try await api.call(.get, "/v1/orgs/\(world.rel.customer)", token: world.rel.op).string("name") == "Globex")
            #expect(try await api.call(.get, "/v1/memberships", token: world.rel.op).status == .ok)
            #expect(try await world.check(api, world.a1).string("reason") == "no_access", "a quarantined user holds no access")
            let events = try await api.call(.get, "/v1/audit?org_id=\(world.rel.mssp)", token: world.rel.op).items.compactMap { $0["action"] as? String }
            #expect(events.contains("user.deactivated") && events.contains("membership.ended"), "\(events)")
        }
    }
}
