import Foundation
import Hummingbird
import HummingbirdTesting
import StewardCore
import StewardStore
@testable import StewardServer
import Testing

/// Defects found trying the partner's lifecycle from outside (issue 11, point 10), each pinned here.
@Suite("lifecycle defects")
struct LifecycleDefectTests {
    @Test("ending a relationship mails its removed access to the customer's recipients, once per live membership", arguments: ["revoke", "terminate"])
    func endingRelationshipMailsRemoval(action: String) async throws {
        let server = try await TestServer.make()
        let store = server.steward.store
        let app = Application(router: try server.steward.buildRouter())
        try await app.test(.router) { client in
            let api = APIClient(client: client)
            let world = try await AccessWorld.build(api)
            let created = try await api.call(.post, "/v1/memberships", token: world.rel.msspAdmin, json: ["items": [world.item(world.a1), world.item(world.a2)]])
            #expect(created.status == .created)
            let token = action == "revoke" ? world.rel.customerAdmin : world.rel.msspAdmin
            #expect(try await api.call(.post, "/v1/relationships/\(world.relationshipID)/\(action)", token: token).status == .ok)
            let removed = try await store.outbox(page: PageRequest(limit: 500)).items.filter { $0.message.kind == "membership.deleted" }
            #expect(removed.count == 2)
            #expect(removed.contains { $0.message.body.contains("a1@mssp.example") } && removed.contains { $0.message.body.contains("a2@mssp.example") })
            #expect(removed.allSatisfy { $0.message.to.map(\.value).contains("admin@globex.example") })
            #expect(try await world.check(api, world.a1, permission: "read").string("reason") != "allowed")
        }
        await store.shutdown()
    }

    @Test("adding to the team someone who already has access is a conflict (409), and nothing is written")
    func teamConflict() async throws {
        try await TestServer.run { api in
            let world = try await AccessWorld.build(api)
            #expect(try await api.call(.post, "/v1/memberships", token: world.rel.msspAdmin, json: ["items": [world.item(world.a1)]]).status == .created)
            let again = try await api.call(.post, "/v1/orgs/\(world.rel.customer)/team", token: world.rel.customerAdmin, json: [
                "email": "a1@mssp.example", "platform_admin": false, "products": [["product": "endpoint", "role": "viewer"]],
            ])
            #expect(again.status == .conflict, "\(again.text)")
            let held = try await api.call(.get, "/v1/memberships?user_id=\(world.a1)&tenant_id=\(world.rel.customer)", token: world.rel.op).items
            #expect(held.count == 1 && held.first?["source"] as? String == "partner")
        }
    }

    @Test("every audit event carries both before and after, null where there is none")
    func auditBeforeAndAfter() async throws {
        try await TestServer.run { api in
            let world = try await AccessWorld.build(api)
            #expect(try await api.call(.post, "/v1/memberships", token: world.rel.msspAdmin, json: ["items": [world.item(world.a1)]]).status == .created)
            let reply = try await api.call(.get, "/v1/audit?limit=200", token: world.rel.op)
            let raw = try #require(try JSONSerialization.jsonObject(with: Data(reply.text.utf8)) as? [String: Any])
            let events = try #require(raw["items"] as? [[String: Any]])
            #expect(!events.isEmpty)
            for event in events {
                #expect(event.keys.contains("before") && event.keys.contains("after"), "\(event["action"] ?? "")")
            }
            let created = try #require(events.first { $0["action"] as? String == "membership.created" })
            #expect(created["before"] is NSNull && created["after"] is [String: Any])
        }
    }

    @Test("a membership edit saves what its preview showed: the duration chosen survives the preview")
    func previewThenSave() async throws {
        try await TestServer.run { api in
            let world = try await AccessWorld.build(api)
            let created = try await api.call(.post, "/v1/memberships", token: world.rel.msspAdmin, json: ["items": [world.item(world.a1)]])
            let membership = try #require(created.items.first?["id"] as? String)
            var partner = ConsoleSession(api: api)
            _ = try await partner.signIn("admin@mssp.example", "user-password-12")
            let preview = try await partner.post("/console/access/\(membership)/edit", [
                ("csrf", partner.csrf), ("version", "1"), ("action", "preview"), ("duration", "24"), ("roles[endpoint]", "analyst"),
            ])
            #expect(preview.status == .ok && preview.text.contains(#"value="previewed" checked"#))
            #expect(preview.text.contains("Duration (now: permanent)"), "the current expiry is the membership's, not the preview's")
            let shown = try #require(preview.text.firstMatch(of: /name="previewed_expires_at" value="([^"]+)"/)?.1)
            let saved = try await partner.post("/console/access/\(membership)/edit", [
                ("csrf", partner.csrf), ("version", "1"), ("action", "save"), ("duration", "previewed"),
                ("previewed_expires_at", String(shown)), ("roles[endpoint]", "analyst"),
            ])
            #expect(saved.status == .seeOther)
            let after = try await api.call(.get, "/v1/memberships/\(membership)", token: world.rel.op)
            #expect(after.string("expires_at") == String(shown))
        }
    }
}
