import Foundation
import HTTPTypes
import StewardStore
import StewardTesting
import Testing

/// Create New Customer (POC): issue 11, point 1; API.md `POST /v1/partners/{partner_id}/customers`.
@Suite("POC customers")
struct POCCustomerTests {
    static var address: [String: Any] { ["line1": "1 Main St", "city": "Springfield", "postal_code": "12345", "country": "US"] }

    static func body(_ firstUser: String, name: String = "Hooli", products: [String] = ["endpoint", "siem"], region: String = "eu") -> [String: Any] {
        ["name": name, "address": address, "region": region, "first_user_id": firstUser, "products": products]
    }

    @Test("one request creates the customer, an active manage relationship, a POC licence per product and the first user's admin membership", arguments: StoreFactory.kinds)
    func creates(kind: BackendKind) async throws {
        try await TestServer.run(kind) { api in
            let world = try await AccessWorld.build(api)
            let path = "/v1/partners/\(world.rel.mssp)/customers"
            let created = try await api.call(.post, path, token: world.rel.msspAdmin, json: Self.body(world.a1))
            #expect(created.status == .created, "\(created.text)")
            let customer = try #require(created.json["customer"] as? [String: Any])
            let customerID = try #require(customer["id"] as? String)
            #expect(customer["kind"] as? String == "customer" && customer["name"] as? String == "Hooli" && customer["region"] as? String == "eu")
            let relationship = try #require(created.json["relationship"] as? [String: Any])
            #expect(relationship["status"] as? String == "active" && relationship["privilege"] as? String == "manage"
                    && relationship["effective_privilege"] as? String == "manage" && relationship["partner_id"] as? String == world.rel.mssp)
            let licenses = try #require(created.json["licenses"] as? [[String: Any]])
            #expect(licenses.map { $0["product"] as? String } == ["endpoint", "siem"] && licenses.allSatisfy { $0["kind"] as? String == "poc" && $0["region"] as? String == "eu" })
            let membership = try #require(created.json["membership"] as? [String: Any])
            #expect(membership["user_id"] as? String == world.a1 && membership["platform_admin"] as? Bool == true && membership["source"] as? String == "partner")
            let revision = try #require(created.string("revision"))

            // The first user picks it in the tenant picker at once, and checks allow what an admin may do.
            let tenants = try await api.call(.get, "/v1/me/tenants", token: world.a1Token)
            #expect((tenants.json["items"] as? [[String: Any]])?.contains { $0["org_id"] as? String == customerID } == true, "\(tenants.text)")
            for (product, permission) in [("siem", "admin"), ("endpoint", "write")] {
                let check = try await api.call(.post, "/v1/check", token: world.rel.op, json: [
                    "user_id": world.a1, "tenant_id": customerID, "product": product, "permission": permission, "at_least_revision": revision,
                ])
                #expect(check.string("reason") == "allowed", "\(product) \(permission): \(check.text)")
            }
            let session = try await api.call(.post, "/v1/tenant-sessions", token: world.a1Token, json: ["tenant_id": customerID])
            #expect(session.status == .created)
            // The partner sees its new customer's licences; each POC runs 30 days.
            let listed = try await api.call(.get, "/v1/orgs/\(customerID)/licenses", token: world.rel.msspAdmin)
            #expect((listed.json["items"] as? [[String: Any]])?.count == 2)
            // Each write has its audit event.
            let audit = try await api.call(.get, "/v1/audit?tenant_id=\(customerID)", token: world.rel.op)
            let actions = Set(((audit.json["items"] as? [[String: Any]]) ?? []).compactMap { $0["action"] as? String })
            #expect(actions.isSuperset(of: ["org.created", "relationship.created", "license.created", "membership.created"]), "\(actions)")
        }
    }

    @Test("a partner the vendor holds to support or none creates no customer: it licenses none")
    func vendorPrivilege() async throws {
        try await TestServer.run { api in
            let world = try await AccessWorld.build(api)
            for privilege in ["support", "none"] {
                _ = try await api.call(.patch, "/v1/orgs/\(world.rel.mssp)", token: world.rel.op, json: ["data_privilege": privilege])
                let refused = try await api.call(.post, "/v1/partners/\(world.rel.mssp)/customers", token: world.rel.msspAdmin, json: Self.body(world.a1))
                #expect(refused.status == .forbidden && refused.text.contains("needs manage"), "\(privilege): \(refused.text)")
            }
            let orgs = try await api.call(.get, "/v1/orgs?kind=customer", token: world.rel.op)
            #expect(orgs.items.count == 2, "nothing was written")
        }
    }

    @Test("who may: the partner's admins of a managed-service partner; a channel partner, a member or an operator 403; another org 404")
    func who() async throws {
        try await TestServer.run { api in
            let world = try await AccessWorld.build(api)
            let mine = "/v1/partners/\(world.rel.mssp)/customers"
            #expect(try await api.call(.post, mine, token: world.rel.msspMember, json: Self.body(world.a1)).status == .forbidden)
            let byOperator = try await api.call(.post, mine, token: world.rel.op, json: Self.body(world.a1))
            #expect(byOperator.status == .forbidden && byOperator.text.contains("POST /v1/orgs"))
            for token in [world.rel.resellerAdmin, world.rel.customerAdmin, world.rel.otherAdmin] {
                #expect(try await api.call(.post, mine, token: token, json: Self.body(world.a1)).status == .notFound)
            }
            #expect(try await api.call(.post, "/v1/partners/org_nope/customers", token: world.rel.msspAdmin, json: Self.body(world.a1)).status == .notFound)
            #expect(try await api.call(.post, "/v1/partners/\(world.rel.customer)/customers", token: world.rel.customerAdmin, json: Self.body(world.a1)).status == .notFound,
                    "a customer is not a partner")
            let resellerUser = try await api.createUser(world.rel.op, org: world.rel.reseller, email: "seller@res.example")
            let channel = try await api.call(.post, "/v1/partners/\(world.rel.reseller)/customers", token: world.rel.resellerAdmin, json: Self.body(resellerUser))
            #expect(channel.status == .forbidden && channel.text.contains("managed-service"), "\(channel.text)")
            let orgs = try await api.call(.get, "/v1/orgs?kind=customer", token: world.rel.op)
            #expect((orgs.json["items"] as? [[String: Any]])?.count == 2, "nothing was written")
        }
    }

    @Test("bad input is a 400 naming the field, and writes nothing", arguments: StoreFactory.kinds)
    func badInput(kind: BackendKind) async throws {
        try await TestServer.run(kind) { api in
            let world = try await AccessWorld.build(api)
            let path = "/v1/partners/\(world.rel.mssp)/customers"
            var unknownField = Self.body(world.a1)
            unknownField["regoin"] = "eu"
            var noAddress = Self.body(world.a1)
            noAddress["address"] = nil
            var badAddress = Self.body(world.a1)
            badAddress["address"] = ["line1": "1 Main St", "city": "Springfield", "postal_code": "12345", "country": "XX"]
            let cases: [([String: Any], String)] = [
                (Self.body(world.customerAdminID), "first_user_id"),
                (Self.body("usr_nobody"), "first_user_id"),
                (Self.body(world.a1, products: []), "products"),
                (Self.body(world.a1, products: ["endpoint", "nope"]), "products[1]"),
                (Self.body(world.a1, products: ["siem", "siem"]), "products[1]"),
                (Self.body(world.a1, products: Array(repeating: "x", count: 5_000)), "at most 50"),
                (Self.body(world.a1, region: "mars"), "region"),
                (Self.body(world.a1, name: String(repeating: "x", count: 10_000)), "name"),
                (Self.body(world.a1, name: "Evil\u{202E}Corp"), "name"),
                (unknownField, "regoin"),
                (noAddress, "address"),
                (badAddress, "address.country"),
            ]
            for (body, field) in cases {
                let reply = try await api.call(.post, path, token: world.rel.msspAdmin, json: body)
                #expect(reply.status == .badRequest && reply.text.contains(field), "\(field): \(reply.status) \(reply.text)")
            }
            let orgs = try await api.call(.get, "/v1/orgs?kind=customer", token: world.rel.op)
            #expect((orgs.json["items"] as? [[String: Any]])?.count == 2, "nothing was written")
            let unicode = try await api.call(.post, path, token: world.rel.msspAdmin, json: Self.body(world.a1, name: "Ünïcode 株式会社"))
            #expect(unicode.status == .created && (unicode.json["customer"] as? [String: Any])?["name"] as? String == "Ünïcode 株式会社")
        }
    }
}

@Suite("console: create new customer")
struct ConsoleNewCustomerTests {
    @Test("the form on Manage Customer Access creates the customer; mistakes come back next to their fields; channel partners get none")
    func form() async throws {
        try await TestServer.run { api in
            let world = try await AccessWorld.build(api)
            var partner = ConsoleSession(api: api)
            _ = try await partner.signIn("admin@mssp.example", "user-password-12")
            #expect(try await partner.get("/console/customers").text.contains(#"id="new-customer-link""#))
            let page = try await partner.get("/console/customers/new")
            #expect(page.status == .ok && page.text.contains(#"id="new-customer-form""#) && page.text.contains("a1@mssp.example"))
            let fields: [(String, String)] = [
                ("line1", "1 Main St"), ("city", "Springfield"), ("postal_code", "12345"), ("country", "us"), ("region", "eu"),
            ]
            let bad = try await partner.post("/console/customers/new", [("csrf", partner.csrf), ("name", "Hooli"), ("first_user_id", "")] + fields)
            #expect(bad.status == .badRequest && bad.text.contains(#"id="nc-first-user-error""#) && bad.text.contains(#"id="nc-products-error""#))
            #expect(bad.text.contains(#"value="Hooli""#), "what was typed stays")
            let done = try await partner.post("/console/customers/new", [
                ("csrf", partner.csrf), ("name", "Hooli"), ("first_user_id", world.a1), ("product[]", "endpoint"), ("product[]", "email"),
            ] + fields)
            #expect(done.status == .seeOther, "\(done.text)")
            let location = try #require(done.headers[.location])
            let customerPage = try await partner.get(location)
            #expect(customerPage.status == .ok && customerPage.text.contains("Hooli") && customerPage.text.contains("Created Hooli with 2 POC licences"))

            var reseller = ConsoleSession(api: api)
            _ = try await reseller.signIn("admin@res.example", "user-password-12")
            #expect(try await reseller.get("/console/customers/new").status == .forbidden)
            #expect(try await reseller.post("/console/customers/new", [("csrf", reseller.csrf), ("name", "Sneaky")] + fields).status == .forbidden)
        }
    }
}
