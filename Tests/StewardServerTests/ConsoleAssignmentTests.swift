import Foundation
import HTTPTypes
import StewardStore
import StewardTesting
import Testing

@Suite("console assignments")
struct ConsoleAssignmentTests {
    @Test("a support-only customer: the forms say so and offer no role stronger than read, nor platform administration")
    func supportOnly() async throws {
        try await TestServer.run { api in
            let world = try await AccessWorld.build(api, privilege: "support")
            var partner = ConsoleSession(api: api)
            _ = try await partner.signIn("admin@mssp.example", "user-password-12")
            let page = try await partner.get("/console/customers/\(world.rel.customer)")
            #expect(page.text.contains(#"id="qa-support-only""#) && page.text.contains("Globex allows read-only (support) access"))
            #expect(!page.text.contains(#"name="platform_admin""#))
            #expect(page.text.contains(#"<option value="viewer">viewer</option>"#) && !page.text.contains(#"<option value="analyst">"#))
            let wizard = try await partner.get("/console/customers/\(world.rel.customer)/assign-wizard")
            #expect(wizard.text.contains("Globex allows read-only (support) access"))
            // Manage Customer Access: each customer once, with what it is licensed for and who of ours is assigned.
            let list = try await partner.get("/console/customers")
            #expect(list.text.contains("Endpoint Protection") && list.text.contains("<td>0</td>"))
            #expect(!list.text.contains("customer-history"), "nothing has ended yet")
        }
    }

    @Test("Assign customer access sets the roles per customer, and a refused form comes back as it was typed")
    func assignCustomersWithRoles() async throws {
        try await TestServer.run { api in
            let world = try await AccessWorld.build(api)
            var partner = ConsoleSession(api: api)
            _ = try await partner.signIn("admin@mssp.example", "user-password-12")
            let page = try await partner.get("/console/partner-users/\(world.a1)")
            #expect(page.text.contains("customer_roles[\(world.rel.customer)][endpoint]"))
            let refused = try await partner.post("/console/partner-users/\(world.a1)/assign", [
                ("csrf", partner.csrf), ("customer_id[]", world.rel.customer), ("duration", "custom"), ("custom_hours", "-1"),
                ("customer_roles[\(world.rel.customer)][endpoint]", "viewer"),
            ])
            #expect(refused.status == .badRequest && refused.text.contains("Custom hours must be a positive number of hours"))
            #expect(refused.text.contains(#"value="viewer" selected"#) && refused.text.contains(#"value="-1""#))
            let assigned = try await partner.post("/console/partner-users/\(world.a1)/assign", [
                ("csrf", partner.csrf), ("customer_id[]", world.rel.customer), ("duration", "permanent"),
                ("customer_roles[\(world.rel.customer)][endpoint]", "viewer"),
            ])
            #expect(assigned.status == .seeOther)
            let membership = try #require(try await api.call(.get, "/v1/memberships?user_id=\(world.a1)&tenant_id=\(world.rel.customer)", token: world.rel.op).items.first)
            #expect((membership["products"] as? [[String: String]]) == [["product": "endpoint", "role": "viewer"]])
            let users = try await partner.get("/console/partner-users")
            #expect(users.text.contains("Globex"), "the Users tab names each user's customers")
        }
    }

    @Test("a partner admin makes Manage Customer Access the page they land on; others have no such choice")
    func landingPreference() async throws {
        try await TestServer.run { api in
            let world = try await AccessWorld.build(api)
            var partner = ConsoleSession(api: api)
            #expect(try await partner.signIn("admin@mssp.example", "user-password-12").headers[.location] == "/console")
            let home = try await partner.get("/console")
            #expect(home.text.contains(#"id="landing-form""#))
            let saved = try await partner.post("/console/preferences/landing", [("csrf", partner.csrf), ("landing", "customers")])
            #expect(saved.status == .seeOther)
            var again = ConsoleSession(api: api)
            #expect(try await again.signIn("admin@mssp.example", "user-password-12").headers[.location] == "/console/customers")
            // A customer admin has nowhere else to land: no form, and the choice is refused.
            var customer = ConsoleSession(api: api)
            _ = try await customer.signIn("admin@globex.example", "user-password-12")
            #expect(!(try await customer.get("/console").text.contains(#"id="landing-form""#)))
            #expect(try await customer.post("/console/preferences/landing", [("csrf", customer.csrf), ("landing", "customers")]).status == .forbidden)
            _ = world
        }
    }

    @Test("a partner admin quick-adds on a customer page, previews an edit, saves it, and stale saves are refused")
    func customerPage() async throws {
        try await TestServer.run { api in
            let world = try await AccessWorld.build(api)
            var partner = ConsoleSession(api: api)
            _ = try await partner.signIn("admin@mssp.example", "user-password-12")
            let page = try await partner.get("/console/customers/\(world.rel.customer)")
            #expect(page.status == .ok && page.text.contains("quick-add-form") && page.text.contains("a1@mssp.example"))
            let added = try await partner.post("/console/customers/\(world.rel.customer)/assign", [
                ("csrf", partner.csrf), ("user_id", world.a1), ("duration", "48"), ("roles[endpoint]", "viewer"),
            ])
            #expect(added.status == .seeOther)
            #expect(try await world.check(api, world.a1, permission: "read").string("reason") == "allowed")
            let listed = try await partner.get("/console/customers/\(world.rel.customer)")
            #expect(listed.text.contains("assigned-table") && listed.text.contains("Endpoint Protection: viewer"))
            // The page after the action confirms it, in words and in the viewer's time zone, once.
            #expect(listed.text.contains(#"id="notice""#) && listed.text.contains("can now use Globex with Endpoint Protection: viewer, until "))
            #expect(listed.text.contains("<time datetime=\""), "times carry their exact instant")
            #expect(!(try await partner.get("/console/customers/\(world.rel.customer)").text.contains(#"id="notice""#)), "shown once")
            let membership = try #require(try await api.call(.get, "/v1/memberships?user_id=\(world.a1)&tenant_id=\(world.rel.customer)", token: world.rel.op).items.first?["id"] as? String)

            let preview = try await partner.post("/console/access/\(membership)/edit", [
                ("csrf", partner.csrf), ("version", "1"), ("action", "preview"), ("platform_admin", "true"), ("duration", "keep"), ("roles[endpoint]", "analyst"),
            ])
            #expect(preview.status == .ok && preview.text.contains("preview-panel"))
            #expect(preview.text.contains("Endpoint Protection: viewer → analyst") && preview.text.contains("Platform administrator: no → yes"))
            #expect(try await world.check(api, world.a1).string("reason") == "role_insufficient", "a preview changes nothing")
            let saved = try await partner.post("/console/access/\(membership)/edit", [
                ("csrf", partner.csrf), ("version", "1"), ("action", "save"), ("platform_admin", "true"), ("duration", "keep"), ("roles[endpoint]", "analyst"),
            ])
            #expect(saved.status == .seeOther)
            #expect(try await world.check(api, world.a1).string("reason") == "allowed")
            let stale = try await partner.post("/console/access/\(membership)/edit", [
                ("csrf", partner.csrf), ("version", "1"), ("action", "save"), ("duration", "keep"), ("roles[endpoint]", "viewer"),
            ])
            #expect(stale.status == .preconditionFailed)
            #expect(try await world.check(api, world.a1).string("reason") == "allowed")

            var stranger = ConsoleSession(api: api)
            _ = try await stranger.signIn("admin@res.example", "user-password-12")
            #expect(try await stranger.get("/console/customers/\(world.rel.customer)").status == .notFound)
            #expect(try await stranger.get("/console/access/\(membership)/edit").status == .notFound)
        }
    }
}
