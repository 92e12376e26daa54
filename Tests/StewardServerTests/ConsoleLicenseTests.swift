import Foundation
import HTTPTypes
import StewardStore
import StewardTesting
import Testing

/// Licences on a partner admin's customer page (issue 11, point 2): listed, and a POC created with its administrator.
@Suite("console: licences on the customer page")
struct ConsoleLicenseTests {
    @Test("the page lists each licence; a POC is created with a product administrator who gets admin on it")
    func createPOC() async throws {
        try await TestServer.run { api in
            let world = try await AccessWorld.build(api)
            var partner = ConsoleSession(api: api)
            _ = try await partner.signIn("admin@mssp.example", "user-password-12")
            let path = "/console/customers/\(world.rel.customer)"
            let page = try await partner.get(path)
            #expect(page.text.contains(#"id="licenses-table""#) && page.text.contains("Endpoint Protection") && page.text.contains(#"id="new-license-form""#))

            let missing = try await partner.post(path + "/licenses", [("csrf", partner.csrf), ("product", ""), ("product_admin_user_id", world.a1)])
            #expect(missing.status == .badRequest && missing.text.contains(#"id="nl-product-error""#))
            #expect(missing.text.contains(#"value="\#(world.a1)" selected"#), "the chosen administrator is still chosen")
            let unknown = try await partner.post(path + "/licenses", [("csrf", partner.csrf), ("product", "nope")])
            #expect(unknown.status == .badRequest && unknown.text.contains("is not a product of the catalog"))

            let created = try await partner.post(path + "/licenses", [("csrf", partner.csrf), ("product", "siem"), ("product_admin_user_id", world.a1)])
            #expect(created.status == .seeOther)
            let after = try await partner.get(path)
            #expect(after.text.contains("Globex can now evaluate SIEM, until "))
            #expect(after.text.contains("POC ends"))
            #expect(try await world.check(api, world.a1, permission: "admin", product: "siem").string("reason") == "allowed")
            let licences = try await api.call(.get, "/v1/orgs/\(world.rel.customer)/licenses", token: world.rel.op).items
            #expect(licences.contains { $0["product"] as? String == "siem" && $0["kind"] as? String == "poc" })
        }
    }

    @Test("under support the page lists licences but offers no new one, and a posted one is refused")
    func supportOffersNone() async throws {
        try await TestServer.run { api in
            let world = try await AccessWorld.build(api, privilege: "support")
            var partner = ConsoleSession(api: api)
            _ = try await partner.signIn("admin@mssp.example", "user-password-12")
            let path = "/console/customers/\(world.rel.customer)"
            let page = try await partner.get(path)
            #expect(page.text.contains(#"id="licenses-table""#) && !page.text.contains(#"id="new-license-form""#) && !page.text.contains(#"id="rename-form""#))
            let posted = try await partner.post(path + "/licenses", [("csrf", partner.csrf), ("product", "siem")])
            #expect(posted.status == .forbidden && posted.text.contains("read-only (support)"))
            let api403 = try await api.call(.post, "/v1/orgs/\(world.rel.customer)/licenses", token: world.rel.msspAdmin, json: ["product": "siem", "kind": "poc"])
            #expect(api403.status == .forbidden)
            #expect(try await api.call(.get, "/v1/orgs/\(world.rel.customer)/licenses", token: world.rel.op).items.count == 1, "nothing written")
        }
    }
}

@Suite("console: operators license customers")
struct ConsoleOperatorLicenseTests {
    @Test("an operator adds a licence of any kind on the customer's page; a past end comes back; a partner may not post there")
    func operatorLicenses() async throws {
        try await TestServer.run { api in
            let world = try await AccessWorld.build(api)
            var op = ConsoleSession(api: api)
            _ = try await op.signIn(TestServer.operatorEmail, TestServer.operatorPassword)
            let path = "/console/orgs/\(world.rel.customer)"
            #expect(try await op.get(path).text.contains(#"id="operator-license-form""#))
            #expect(try await op.post("\(path)/licenses", [("csrf", op.csrf), ("product", "cloud"), ("kind", "paid"), ("expires_on", "")]).status == .seeOther)
            let past = try await op.post("\(path)/licenses", [("csrf", op.csrf), ("product", "email"), ("kind", "poc"), ("expires_on", "2001-01-01")])
            #expect(past.status == .badRequest && past.text.contains(#"id="ol-ends-error""#))
            let licenses = try await api.call(.get, "/v1/orgs/\(world.rel.customer)/licenses", token: world.rel.op)
            #expect(licenses.items.contains { $0["product"] as? String == "cloud" && $0["kind"] as? String == "paid" })
            var partner = ConsoleSession(api: api)
            _ = try await partner.signIn("admin@mssp.example", "user-password-12")
            #expect(try await partner.post("\(path)/licenses", [("csrf", partner.csrf), ("product", "cloud"), ("kind", "paid")]).status == .notFound)
        }
    }
}
