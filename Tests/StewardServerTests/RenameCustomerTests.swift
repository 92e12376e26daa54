import Foundation
import HTTPTypes
import StewardStore
import StewardTesting
import Testing

/// A partner admin renames a customer it manages (issue 11, point 4).
@Suite("renaming a managed customer")
struct RenameCustomerTests {
    @Test("under manage the partner's admin renames, If-Match honoured; the address stays the customer's", arguments: StoreFactory.kinds)
    func partnerRenames(kind: BackendKind) async throws {
        try await TestServer.run(kind) { api in
            let world = try await AccessWorld.build(api)
            let path = "/v1/orgs/\(world.rel.customer)"
            let renamed = try await api.call(.patch, path, token: world.rel.msspAdmin, json: ["name": "Globex Group"])
            #expect(renamed.status == .ok && renamed.string("name") == "Globex Group", "\(renamed.text)")
            let version = try #require(renamed.json["version"] as? Int)
            let stale = try await api.call(.patch, path, token: world.rel.msspAdmin, json: ["name": "Globex Old"], headers: [.ifMatch: "\"\(version - 1)\""])
            #expect(stale.status == .preconditionFailed)
            let current = try await api.call(.patch, path, token: world.rel.msspAdmin, json: ["name": "Globex Ünïcode 株式会社"], headers: [.ifMatch: "\"\(version)\""])
            #expect(current.status == .ok && current.string("name") == "Globex Ünïcode 株式会社")
            let address = try await api.call(.patch, path, token: world.rel.msspAdmin, json: ["address": ["line1": "1 Main St", "city": "Springfield", "postal_code": "12345", "country": "US"]])
            #expect(address.status == .forbidden)
            let long = try await api.call(.patch, path, token: world.rel.msspAdmin, json: ["name": String(repeating: "x", count: 10_000)])
            #expect(long.status == .badRequest && long.text.contains("name"))
            // The new name shows everywhere at once: the customer's own view and an analyst's tenant list.
            #expect(try await api.call(.get, path, token: world.rel.customerAdmin).string("name") == "Globex Ünïcode 株式会社")
            #expect(try await api.call(.patch, path, token: world.rel.customerAdmin, json: ["name": "Globex"]).status == .ok, "the customer's own admins rename too")
            #expect(try await api.call(.patch, path, token: world.a1Token, json: ["name": "Nope"]).status == .notFound, "an analyst has no reach")
        }
    }

    @Test("under support the partner sees it but may not rename (403); another partner gets 404; nothing is written")
    func supportAndStrangers() async throws {
        try await TestServer.run { api in
            let world = try await AccessWorld.build(api, privilege: "support")
            let path = "/v1/orgs/\(world.rel.customer)"
            #expect(try await api.call(.patch, path, token: world.rel.msspAdmin, json: ["name": "Mine now"]).status == .forbidden)
            let stranger = try await api.login("admin@res.example", "user-password-12")
            #expect(try await api.call(.patch, path, token: stranger, json: ["name": "Mine now"]).status == .notFound)
            #expect(try await api.call(.get, path, token: world.rel.customerAdmin).string("name") == "Globex")
        }
    }

    @Test("the console's rename form on the customer page, and the tenant switcher shows the new name")
    func consoleRename() async throws {
        try await TestServer.run { api in
            let world = try await AccessWorld.build(api)
            #expect(try await api.call(.post, "/v1/memberships", token: world.rel.msspAdmin, json: ["items": [world.item(world.a1)]]).status == .created)
            var analyst = ConsoleSession(api: api)
            _ = try await analyst.signIn("a1@mssp.example", "user-password-12")
            #expect(try await analyst.get("/console").text.contains(">Globex<"))
            var partner = ConsoleSession(api: api)
            _ = try await partner.signIn("admin@mssp.example", "user-password-12")
            let page = try await partner.get("/console/customers/\(world.rel.customer)")
            #expect(page.text.contains(#"id="rename-form""#))
            let blank = try await partner.post("/console/customers/\(world.rel.customer)/rename", [("csrf", partner.csrf), ("name", "   ")])
            #expect(blank.status == .badRequest && blank.text.contains(#"id="rename-name-error""#))
            let done = try await partner.post("/console/customers/\(world.rel.customer)/rename", [("csrf", partner.csrf), ("name", "Globex Group")])
            #expect(done.status == .seeOther)
            #expect(try await partner.get("/console/customers/\(world.rel.customer)").text.contains("Globex is now called Globex Group."))
            #expect(try await analyst.get("/console").text.contains(">Globex Group<"), "the analyst's switcher has the new name at once")
        }
    }
}
