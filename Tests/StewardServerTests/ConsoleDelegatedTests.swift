import Foundation
import HTTPTypes
import StewardCore
import StewardStore
import StewardTesting
import Testing

/// An analyst with the admin flag on a managed customer: the console's screens for assigning there.
@Suite("console: delegated customer admin")
struct ConsoleDelegatedTests {
    /// a1 administers Globex (admin flag, analyst on endpoint, 72 hours); a3 is a colleague with no access yet;
    /// a4 holds admin there, beyond a1's own.
    struct World {
        var access: AccessWorld
        var a3: String
        var a4: String
        var own: String

        static func build(_ api: APIClient) async throws -> World {
            let access = try await AccessWorld.build(api)
            let ends = Timestamp.format(Date().addingTimeInterval(72 * 3600))
            let created = try await api.call(.post, "/v1/memberships", token: access.rel.msspAdmin, json: ["items": [
                access.item(access.a1, admin: true, extra: ["expires_at": ends]),
            ]])
            #expect(created.status == .created)
            let a3 = try await api.createUser(access.rel.op, org: access.rel.mssp, email: "a3@mssp.example")
            let a4 = try await api.createUser(access.rel.op, org: access.rel.mssp, email: "a4@mssp.example")
            #expect(try await api.call(.post, "/v1/memberships", token: access.rel.msspAdmin, json: ["items": [access.item(a4, role: "admin")]]).status == .created)
            let own = try #require(try await api.call(.get, "/v1/memberships?user_id=\(access.a1)&tenant_id=\(access.rel.customer)", token: access.rel.op).items.first?["id"] as? String)
            return World(access: access, a3: a3, a4: a4, own: own)
        }
    }

    @Test("the analyst finds the customers they administer and a form that offers no more than their own access")
    func screens() async throws {
        try await TestServer.run { api in
            let world = try await World.build(api)
            let customer = world.access.rel.customer
            var analyst = ConsoleSession(api: api)
            _ = try await analyst.signIn("a1@mssp.example", "user-password-12")
            #expect(try await analyst.get("/console").text.contains(#"<a href="/console/delegated">Customers you administer</a>"#))
            let list = try await analyst.get("/console/delegated")
            #expect(list.status == .ok && list.text.contains("/console/delegated/\(customer)") && list.text.contains("Globex"))

            let page = try await analyst.get("/console/delegated/\(customer)")
            #expect(page.status == .ok && page.text.contains("delegated-assign-form") && page.text.contains("a3@mssp.example"))
            // Roles no stronger than their analyst, no permanent access, nothing past their own 72 hours.
            #expect(page.text.contains(#"<option value="viewer">viewer</option>"#) && page.text.contains(#"<option value="analyst">analyst</option>"#))
            #expect(!page.text.contains(#"<option value="admin">"#))
            #expect(!page.text.contains(#"value="permanent""#) && page.text.contains(#"value="48""#))
            #expect(page.text.contains(#"id="da-limits""#) && page.text.contains("Your own access here ends"))
            // Their own row offers their roles only; a colleague beyond them offers nothing.
            #expect(page.text.contains("Edit your roles") && page.text.contains("beyond your own access"))
            #expect(!page.text.contains("/console/access/\(world.own)/remove"))
        }
    }

    @Test("the analyst assigns a colleague within their limits; a forged stronger role or a longer time is refused next to the form")
    func assignWithinLimits() async throws {
        try await TestServer.run { api in
            let world = try await World.build(api)
            let customer = world.access.rel.customer
            var analyst = ConsoleSession(api: api)
            _ = try await analyst.signIn("a1@mssp.example", "user-password-12")
            let path = "/console/delegated/\(customer)/assign"

            let stronger = try await analyst.post(path, [("csrf", analyst.csrf), ("user_id", world.a3), ("duration", "24"), ("roles[endpoint]", "admin")])
            #expect(stronger.status == .badRequest && stronger.text.contains("is not allowed here: admin on endpoint is stronger than your own analyst"))
            #expect(!stronger.text.contains("products[") && !stronger.text.contains("not allowed: not allowed"))
            let longer = try await analyst.post(path, [
                ("csrf", analyst.csrf), ("user_id", world.a3), ("duration", "custom"), ("custom_hours", "100"), ("roles[endpoint]", "viewer"),
            ])
            #expect(longer.status == .badRequest && longer.text.contains("cannot last longer than your own"))
            #expect(longer.text.contains(#"value="100""#), "what was typed is still there")
            #expect(try await world.access.check(api, world.a3, permission: "read").string("reason") == "no_access", "nothing was written")

            let given = try await analyst.post(path, [("csrf", analyst.csrf), ("user_id", world.a3), ("duration", "24"), ("roles[endpoint]", "viewer")])
            #expect(given.status == .seeOther && given.headers[.location] == "/console/delegated/\(customer)")
            #expect(try await world.access.check(api, world.a3, permission: "read").string("reason") == "allowed")
            let after = try await analyst.get("/console/delegated/\(customer)")
            #expect(after.text.contains(#"id="notice""#) && after.text.contains("can now use Globex with Endpoint Protection: viewer, until "))

            // The colleague's access is within theirs: edit offers only their roles; removal leads back here.
            let membership = try #require(try await api.call(.get, "/v1/memberships?user_id=\(world.a3)&tenant_id=\(customer)", token: world.access.rel.op).items.first?["id"] as? String)
            let edit = try await analyst.get("/console/access/\(membership)/edit?return=/console/delegated/\(customer)")
            #expect(edit.status == .ok && edit.text.contains(#"id="edit-limits""#) && !edit.text.contains(#"<option value="admin""#))
            #expect(!edit.text.contains(#"value="permanent""#))
            let removed = try await analyst.post("/console/access/\(membership)/remove", [("csrf", analyst.csrf)])
            #expect(removed.status == .seeOther && removed.headers[.location] == "/console/delegated")
            #expect(try await world.access.check(api, world.a3, permission: "read").string("reason") == "no_access")

            // Their own access: roles only, within the customer's licences, the admin flag and expiry kept.
            let mine = try await analyst.get("/console/access/\(world.own)/edit")
            #expect(mine.text.contains(#"id="edit-roles-only""#) && !mine.text.contains(#"name="platform_admin""#))
            #expect(mine.text.contains(#"<option value="admin">admin</option>"#))
            let saved = try await analyst.post("/console/access/\(world.own)/edit", [
                ("csrf", analyst.csrf), ("version", "1"), ("action", "save"), ("roles[endpoint]", "viewer"),
            ])
            #expect(saved.status == .seeOther && saved.headers[.location] == "/console/delegated/\(customer)")
            let own = try await api.call(.get, "/v1/memberships/\(world.own)", token: world.access.rel.op).json
            #expect(own["platform_admin"] as? Bool == true && own["expires_at"] is String)
        }
    }

    @Test("an analyst without the admin flag, or under a customer that lowered the ceiling to support, has no such screens")
    func onlyWhileDelegated() async throws {
        try await TestServer.run { api in
            let world = try await World.build(api)
            let customer = world.access.rel.customer
            var colleague = ConsoleSession(api: api)
            _ = try await colleague.signIn("a4@mssp.example", "user-password-12")
            let forbidden = try await colleague.get("/console/delegated")
            #expect(forbidden.status == .forbidden && forbidden.text.contains(#"id="signed-in-user""#), "an error page keeps the top bar")
            let absent = try await colleague.get("/console/delegated/\(customer)")
            #expect(absent.status == .notFound && absent.text.contains(#"id="signed-in-user""#))
            #expect(!(try await colleague.get("/console").text.contains("Customers you administer")))

            var analyst = ConsoleSession(api: api)
            _ = try await analyst.signIn("a1@mssp.example", "user-password-12")
            #expect(try await analyst.get("/console/delegated/\(customer)").status == .ok)
            let lowered = try await api.call(.patch, "/v1/relationships/\(world.access.relationshipID)", token: world.access.rel.customerAdmin, json: ["privilege": "support"])
            #expect(lowered.status == .ok)
            // The change feed drops the cached tenant list: the next page already knows.
            #expect(try await analyst.get("/console/delegated/\(customer)").status == .notFound)
            #expect(try await analyst.post("/console/delegated/\(customer)/assign", [
                ("csrf", analyst.csrf), ("user_id", world.a3), ("duration", "24"), ("roles[endpoint]", "viewer"),
            ]).status == .notFound)
            #expect(try await analyst.get("/console/delegated").status == .forbidden)
        }
    }
}
