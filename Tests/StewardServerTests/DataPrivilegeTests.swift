import Foundation
import HTTPTypes
import StewardStore
import StewardTesting
import Testing

/// The vendor's privilege for each partner (issue 11, point 7; SPEC §2 "effective privilege").
@Suite("the vendor's data privilege per partner")
struct DataPrivilegeTests {
    @Test("operators set it on create and by PATCH; it defaults to support; nobody else sets it; bad values are 400s", arguments: StoreFactory.kinds)
    func setting(kind: BackendKind) async throws {
        try await TestServer.run(kind) { api in
            let world = try await AccessWorld.build(api)
            let op = world.rel.op
            let plain = try await api.call(.post, "/v1/orgs", token: op, json: ["kind": "partner", "name": "Plain MDR", "program": "mdr"])
            #expect(plain.status == .created && plain.string("data_privilege") == "support", "\(plain.text)")
            let none = try await api.call(.post, "/v1/orgs", token: op, json: ["kind": "partner", "name": "Held MSP", "program": "msp", "data_privilege": "none"])
            #expect(none.status == .created && none.string("data_privilege") == "none")
            let onCustomer = try await api.call(.post, "/v1/orgs", token: op, json: ["kind": "customer", "name": "C", "data_privilege": "manage"])
            #expect(onCustomer.status == .badRequest && onCustomer.text.contains("data_privilege"))
            let unknown = try await api.call(.post, "/v1/orgs", token: op, json: ["kind": "partner", "name": "X", "program": "msp", "data_privilege": "all"])
            #expect(unknown.status == .badRequest && unknown.text.contains("data_privilege"))

            let partner = "/v1/orgs/\(world.rel.mssp)"
            let byPartner = try await api.call(.patch, partner, token: world.rel.msspAdmin, json: ["data_privilege": "manage"])
            #expect(byPartner.status == .forbidden, "a partner never sets its own: \(byPartner.text)")
            let byCustomer = try await api.call(.patch, partner, token: world.rel.customerAdmin, json: ["data_privilege": "manage"])
            #expect(byCustomer.status == .notFound)
            let customerPatch = try await api.call(.patch, "/v1/orgs/\(world.rel.customer)", token: op, json: ["data_privilege": "manage"])
            #expect(customerPatch.status == .badRequest && customerPatch.text.contains("data_privilege"))
            let lowered = try await api.call(.patch, partner, token: op, json: ["data_privilege": "support"])
            #expect(lowered.status == .ok && lowered.string("data_privilege") == "support" && lowered.string("revision") != nil, "\(lowered.text)")
            // The partner reads its own; the audit trail holds the change with before and after.
            #expect(try await api.call(.get, partner, token: world.rel.msspAdmin).string("data_privilege") == "support")
            let audit = try await api.call(.get, "/v1/audit?action=org.updated", token: op)
            let event = try #require((audit.json["items"] as? [[String: Any]])?.first { ($0["target_id"] as? String) == world.rel.mssp })
            #expect((event["before"] as? [String: Any])?["data_privilege"] as? String == "manage")
            #expect((event["after"] as? [String: Any])?["data_privilege"] as? String == "support")
        }
    }

    @Test("lowering a partner's privilege takes effect on the very next check, tenant token and list; both sides see both values", arguments: StoreFactory.kinds)
    func effective(kind: BackendKind) async throws {
        try await TestServer.run(kind) { api in
            let world = try await AccessWorld.build(api)
            let op = world.rel.op
            let item = world.item(world.a1, admin: true, role: "admin")
            #expect(try await api.call(.post, "/v1/memberships", token: world.rel.msspAdmin, json: ["items": [item]]).status == .created)
            #expect(try await world.check(api, world.a1).string("reason") == "allowed")

            // Support: reads only, however the customer chose manage; no check waits for it (no at_least_revision).
            _ = try await api.call(.patch, "/v1/orgs/\(world.rel.mssp)", token: op, json: ["data_privilege": "support"])
            #expect(try await world.check(api, world.a1).string("reason") == "privilege_ceiling")
            #expect(try await world.check(api, world.a1, permission: "read").string("reason") == "allowed")
            #expect(try await world.check(api, world.a1, permission: "platform_admin", product: nil).string("reason") == "privilege_ceiling")
            for token in [world.rel.msspAdmin, world.rel.customerAdmin] {
                let relationship = try await api.call(.get, "/v1/relationships/\(world.relationshipID)", token: token)
                #expect(relationship.string("privilege") == "manage" && relationship.string("effective_privilege") == "support"
                        && relationship.string("data_privilege") == "support", "\(relationship.text)")
            }
            let session = try await api.call(.post, "/v1/tenant-sessions", token: world.a1Token, json: ["tenant_id": world.rel.customer])
            #expect(session.status == .created)
            let claims = try TokenClaims.decode(try #require(session.string("token")))
            #expect(claims["privilege"] as? String == "support" && claims["platform_admin"] as? Bool == false)
            // Under support the partner's admin may no longer rename the customer, license it, or delegate through it.
            #expect(try await api.call(.patch, "/v1/orgs/\(world.rel.customer)", token: world.rel.msspAdmin, json: ["name": "No"]).status == .forbidden)

            // None: nothing is allowed, no tenant session opens; the relationship and the assignment stay.
            let none = try await api.call(.patch, "/v1/orgs/\(world.rel.mssp)", token: op, json: ["data_privilege": "none"])
            let revision = try #require(none.string("revision"))
            #expect(try await world.check(api, world.a1, permission: "read", revision: revision).string("reason") == "privilege_ceiling")
            #expect(try await api.call(.post, "/v1/tenant-sessions", token: world.a1Token, json: ["tenant_id": world.rel.customer]).status == .notFound)
            // Nor is the customer offered in the tenant picker, where a console session would open on it.
            let tenants = try await api.call(.get, "/v1/me/tenants", token: world.a1Token)
            #expect(!tenants.items.contains { $0["org_id"] as? String == world.rel.customer }, "\(tenants.text)")
            #expect(try await api.call(.get, "/v1/relationships/\(world.relationshipID)", token: world.rel.customerAdmin).string("status") == "active")

            // Raised again, the customer's choice is what limits.
            _ = try await api.call(.patch, "/v1/orgs/\(world.rel.mssp)", token: op, json: ["data_privilege": "manage"])
            #expect(try await world.check(api, world.a1).string("reason") == "allowed")
            #expect(try await api.call(.get, "/v1/me/tenants", token: world.a1Token).items.contains { $0["org_id"] as? String == world.rel.customer })
        }
    }

    @Test("the console: operators choose it on the partner form and change it on the partner's page; both sides' pages show it")
    func console() async throws {
        try await TestServer.run { api in
            let world = try await AccessWorld.build(api)
            var op = ConsoleSession(api: api)
            _ = try await op.signIn(TestServer.operatorEmail, TestServer.operatorPassword)
            #expect(try await op.get("/console/orgs/new").text.contains(#"id="data_privilege""#))
            let created = try await op.post("/console/orgs", [("csrf", op.csrf), ("kind", "partner"), ("program", "msp"), ("name", "Console MSP"), ("data_privilege", "none")])
            #expect(created.status == .seeOther)
            let orgs = try await api.call(.get, "/v1/orgs?q=Console%20MSP", token: world.rel.op)
            #expect((orgs.json["items"] as? [[String: Any]])?.first?["data_privilege"] as? String == "none")

            let page = try await op.get("/console/orgs/\(world.rel.mssp)")
            #expect(page.text.contains(#"id="data-privilege-form""#) && page.text.contains("customer data: manage"))
            let bad = try await op.post("/console/orgs/\(world.rel.mssp)/data-privilege", [("csrf", op.csrf), ("data_privilege", "everything")])
            #expect(bad.status == .badRequest && bad.text.contains("choose none, support or manage"))
            let saved = try await op.post("/console/orgs/\(world.rel.mssp)/data-privilege", [("csrf", op.csrf), ("data_privilege", "support")])
            #expect(saved.status == .seeOther)

            var partner = ConsoleSession(api: api)
            _ = try await partner.signIn("admin@mssp.example", "user-password-12")
            let customers = try await partner.get("/console/customers")
            #expect(customers.text.contains("the vendor allows your organisation support"), "\(customers.text)")
            #expect(try await partner.get("/console/customers/\(world.rel.customer)").text.contains("in effect: <strong>support</strong>"))
            #expect(!(try await partner.get("/console/orgs/\(world.rel.mssp)").text.contains(#"id="data-privilege-form""#)), "only operators get the form")
            let forged = try await partner.post("/console/orgs/\(world.rel.mssp)/data-privilege", [("csrf", partner.csrf), ("data_privilege", "manage")])
            #expect(forged.status == .forbidden)

            var customer = ConsoleSession(api: api)
            _ = try await customer.signIn("admin@globex.example", "user-password-12")
            #expect(try await customer.get("/console/external").text.contains("the vendor allows this partner support"))
        }
    }
}
