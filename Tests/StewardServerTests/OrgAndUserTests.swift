import Foundation
import StewardStore
import StewardTesting
import Testing

/// A vendor, a distributor with a reseller below it, a customer below that, and an unrelated customer,
/// each partner and customer with an admin and a member.
struct World {
    var op: String
    var distributor: String, reseller: String, customer: String, other: String
    var distributorAdmin: String, resellerAdmin: String, customerAdmin: String, customerMember: String, otherAdmin: String
    var customerMemberID: String, otherAdminID: String, customerAdminID: String

    static func build(_ api: APIClient) async throws -> World {
        let op = try await api.operatorToken()
        let distributor = try await api.createOrg(op, ["kind": "partner", "name": "Distributor", "program": "distributor"])
        let reseller = try await api.createOrg(op, ["kind": "partner", "name": "Reseller", "program": "reseller", "parent_id": distributor])
        let customer = try await api.createOrg(op, ["kind": "customer", "name": "Customer", "parent_id": reseller, "region": "eu"])
        let other = try await api.createOrg(op, ["kind": "customer", "name": "Other"])
        _ = try await api.createUser(op, org: distributor, email: "admin@dist.example", role: "admin")
        _ = try await api.createUser(op, org: reseller, email: "admin@res.example", role: "admin")
        let customerAdminID = try await api.createUser(op, org: customer, email: "admin@cust.example", role: "admin")
        let customerMemberID = try await api.createUser(op, org: customer, email: "member@cust.example")
        let otherAdminID = try await api.createUser(op, org: other, email: "admin@other.example", role: "admin")
        return World(
            op: op, distributor: distributor, reseller: reseller, customer: customer, other: other,
            distributorAdmin: try await api.login("admin@dist.example", "user-password-12"),
            resellerAdmin: try await api.login("admin@res.example", "user-password-12"),
            customerAdmin: try await api.login("admin@cust.example", "user-password-12"),
            customerMember: try await api.login("member@cust.example", "user-password-12"),
            otherAdmin: try await api.login("admin@other.example", "user-password-12"),
            customerMemberID: customerMemberID, otherAdminID: otherAdminID, customerAdminID: customerAdminID
        )
    }
}

@Suite("orgs")
struct OrgTests {
    @Test("operators create partners and customers; a customer defaults to the first region", arguments: StoreFactory.kinds)
    func create(kind: BackendKind) async throws {
        try await TestServer.run(kind) { api in
            let op = try await api.operatorToken()
            let reply = try await api.call(.post, "/v1/orgs", token: op, json: [
                "kind": "customer", "name": "Zürich Sécurité 安全 🛡️",
                "address": ["line1": "Bahnhofstrasse 1", "city": "Zürich", "postal_code": "8001", "country": "ch"],
            ])
            #expect(reply.status == .created)
            #expect(reply.string("region") == "us")
            #expect(reply.string("name") == "Zürich Sécurité 安全 🛡️")
            #expect((reply.json["address"] as? [String: Any])?["country"] as? String == "CH")
            #expect(reply.headers[.eTag] == "\"1\"")
        }
    }

    @Test("bad org input is a 400 naming each field")
    func badInput() async throws {
        try await TestServer.run { api in
            let op = try await api.operatorToken()
            let cases: [([String: Any], String)] = [
                (["kind": "partner", "name": "P"], "program"),
                (["kind": "vendor", "name": "V"], "kind"),
                (["kind": "customer", "name": "C", "region": "mars"], "region"),
                (["kind": "customer", "name": String(repeating: "x", count: 201)], "name"),
                (["kind": "customer", "name": "  "], "name"),
                (["kind": "customer", "name": "C", "parent_id": "org_nothere"], "parent_id"),
                (["kind": "customer", "name": "C", "surprise": true], "surprise"),
                (["kind": "customer", "name": 42], "name"),
                (["kind": "customer"], "name"),
                (["kind": "customer", "name": "C", "address": ["line1": "x", "city": "y", "postal_code": "1", "country": "ZZ"]], "address.country"),
            ]
            for (body, field) in cases {
                let reply = try await api.call(.post, "/v1/orgs", token: op, json: body)
                #expect(reply.status == .badRequest, "\(body)")
                #expect(reply.errorFields.contains(field), "\(body) → \(reply.text)")
                #expect(reply.headers[.contentType] == "application/problem+json")
            }
        }
    }

    @Test("malformed bodies are 400, never 500", arguments: ["", "{", "[]", "\"text\"", "null", "{\"kind\": \"customer\" \"name\": \"C\"}", "\u{FEFF}{}"])
    func malformed(body: String) async throws {
        try await TestServer.run { api in
            let op = try await api.operatorToken()
            let reply = try await api.call(.post, "/v1/orgs", token: op, body: body)
            #expect(reply.status == .badRequest)
        }
    }

    @Test("a body over the limit is 413")
    func tooLarge() async throws {
        try await TestServer.run(configure: { $0.maxBodyBytes = 1024 }) { api in
            let op = try await api.operatorToken()
            let reply = try await api.call(.post, "/v1/orgs", token: op, json: ["kind": "customer", "name": String(repeating: "x", count: 2000)])
            #expect(reply.status == .contentTooLarge)
            #expect(reply.headers[.contentType] == "application/problem+json")
        }
    }

    @Test("only operators create orgs")
    func onlyOperators() async throws {
        try await TestServer.run { api in
            let world = try await World.build(api)
            for token in [world.distributorAdmin, world.customerAdmin, world.customerMember] {
                let reply = try await api.call(.post, "/v1/orgs", token: token, json: ["kind": "customer", "name": "Sneaky"])
                #expect(reply.status == .forbidden)
            }
        }
    }

    @Test("partners see the orgs below them in outline; customers see only themselves; strangers get 404", arguments: StoreFactory.kinds)
    func visibility(kind: BackendKind) async throws {
        try await TestServer.run(kind) { api in
            let world = try await World.build(api)
            let listed = try await api.call(.get, "/v1/orgs", token: world.distributorAdmin).items
            #expect(Set(listed.compactMap { $0["id"] as? String }) == [world.distributor, world.reseller, world.customer])
            let outline = try await api.call(.get, "/v1/orgs/\(world.customer)", token: world.distributorAdmin)
            #expect(outline.status == .ok)
            #expect(outline.json["region"] == nil && outline.string("name") == "Customer")
            #expect(try await api.call(.get, "/v1/orgs/\(world.other)", token: world.distributorAdmin).status == .notFound)
            #expect(try await api.call(.patch, "/v1/orgs/\(world.customer)", token: world.distributorAdmin, json: ["name": "X"]).status == .forbidden)
            let own = try await api.call(.get, "/v1/orgs", token: world.customerMember).items
            #expect(own.compactMap { $0["id"] as? String } == [world.customer])
            #expect(try await api.call(.get, "/v1/orgs/\(world.other)", token: world.customerAdmin).status == .notFound)
            #expect(try await api.call(.get, "/v1/orgs/\(world.reseller)", token: world.customerAdmin).status == .notFound)
            #expect(try await api.call(.get, "/v1/orgs/\(world.other)/tree", token: world.customerAdmin).status == .notFound)
        }
    }

    @Test("the tree nests children under their parents")
    func tree() async throws {
        try await TestServer.run { api in
            let world = try await World.build(api)
            let tree = try await api.call(.get, "/v1/orgs/\(world.distributor)/tree", token: world.op).json
            let reseller = try #require((tree["children"] as? [[String: Any]])?.first)
            #expect(reseller["id"] as? String == world.reseller)
            let customer = try #require((reseller["children"] as? [[String: Any]])?.first)
            #expect(customer["id"] as? String == world.customer)
            #expect((customer["children"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("filters and cursor pagination list every org once")
    func listing() async throws {
        try await TestServer.run { api in
            let world = try await World.build(api)
            let customers = try await api.call(.get, "/v1/orgs?kind=customer", token: world.op).items.compactMap { $0["id"] as? String }
            #expect(customers == [world.customer, world.other])
            #expect(try await api.call(.get, "/v1/orgs?parent_id=\(world.reseller)", token: world.op).items.count == 1)
            #expect(try await api.call(.get, "/v1/orgs?q=resel", token: world.op).items.count == 1)
            var seen: [String] = []
            var path = "/v1/orgs?limit=2"
            while true {
                let page = try await api.call(.get, path, token: world.op)
                seen += page.items.compactMap { $0["id"] as? String }
                guard let cursor = page.string("next_cursor") else { break }
                path = "/v1/orgs?limit=2&cursor=\(cursor)"
            }
            #expect(seen.count == 5 && Set(seen).count == 5)
            for bad in ["limit=0", "limit=501", "limit=abc", "cursor=%%%", "kind=planet"] {
                #expect(try await api.call(.get, "/v1/orgs?\(bad)", token: world.op).status == .badRequest, "\(bad)")
            }
        }
    }

    @Test("edits honour If-Match: a stale version is 412 and changes nothing", arguments: StoreFactory.kinds)
    func ifMatch(kind: BackendKind) async throws {
        try await TestServer.run(kind) { api in
            let world = try await World.build(api)
            let first = try await api.call(.patch, "/v1/orgs/\(world.customer)", token: world.customerAdmin, json: ["name": "Renamed"], headers: [.ifMatch: "\"1\""])
            #expect(first.status == .ok && first.headers[.eTag] == "\"2\"")
            let stale = try await api.call(.patch, "/v1/orgs/\(world.customer)", token: world.op, json: ["name": "Stale"], headers: [.ifMatch: "1"])
            #expect(stale.status == .preconditionFailed)
            #expect(try await api.call(.get, "/v1/orgs/\(world.customer)", token: world.op).string("name") == "Renamed")
            #expect(try await api.call(.patch, "/v1/orgs/\(world.customer)", token: world.op, json: ["name": "X"], headers: [.ifMatch: "soon"]).status == .badRequest)
            #expect(try await api.call(.patch, "/v1/orgs/\(world.customer)", token: world.customerMember, json: ["name": "X"]).status == .forbidden)
        }
    }
}

@Suite("users")
struct UserTests {
    @Test("an org's admins add and list its users; members may not", arguments: StoreFactory.kinds)
    func adminsManage(kind: BackendKind) async throws {
        try await TestServer.run(kind) { api in
            let world = try await World.build(api)
            let created = try await api.call(.post, "/v1/orgs/\(world.customer)/users", token: world.customerAdmin, json: [
                "email": "new@cust.example", "name": "Jürgen 🧑‍💻", "role": "member", "time_zone": "Europe/Berlin",
            ])
            #expect(created.status == .created)
            #expect(created.string("time_zone") == "Europe/Berlin" && created.string("status") == "active")
            let listed = try await api.call(.get, "/v1/orgs/\(world.customer)/users", token: world.customerAdmin).items
            #expect(listed.count == 3)
            #expect(try await api.call(.get, "/v1/orgs/\(world.customer)/users", token: world.customerMember).status == .forbidden)
            #expect(try await api.call(.post, "/v1/orgs/\(world.customer)/users", token: world.customerMember,
                                       json: ["email": "x@cust.example", "name": "X", "role": "member"]).status == .forbidden)
        }
    }

    @Test("nobody reaches another org's users: 404", arguments: StoreFactory.kinds)
    func otherTenants(kind: BackendKind) async throws {
        try await TestServer.run(kind) { api in
            let world = try await World.build(api)
            #expect(try await api.call(.get, "/v1/orgs/\(world.other)/users", token: world.customerAdmin).status == .notFound)
            #expect(try await api.call(.post, "/v1/orgs/\(world.other)/users", token: world.customerAdmin,
                                       json: ["email": "x@other.example", "name": "X", "role": "admin"]).status == .notFound)
            #expect(try await api.call(.get, "/v1/users/\(world.otherAdminID)", token: world.customerAdmin).status == .notFound)
            #expect(try await api.call(.patch, "/v1/users/\(world.otherAdminID)", token: world.customerAdmin, json: ["name": "X"]).status == .notFound)
            #expect(try await api.call(.delete, "/v1/users/\(world.otherAdminID)", token: world.customerAdmin).status == .notFound)
            // The sales tree grants nothing: the distributor cannot manage its customer's users.
            #expect(try await api.call(.get, "/v1/orgs/\(world.customer)/users", token: world.distributorAdmin).status == .forbidden)
            #expect(try await api.call(.get, "/v1/users/\(world.customerMemberID)", token: world.distributorAdmin).status == .notFound)
        }
    }

    @Test("members read and edit only themselves, and never their role")
    func members() async throws {
        try await TestServer.run { api in
            let world = try await World.build(api)
            #expect(try await api.call(.get, "/v1/users/\(world.customerMemberID)", token: world.customerMember).status == .ok)
            #expect(try await api.call(.get, "/v1/users/\(world.customerAdminID)", token: world.customerMember).status == .notFound)
            let renamed = try await api.call(.patch, "/v1/users/\(world.customerMemberID)", token: world.customerMember, json: ["name": "Me", "time_zone": "Asia/Tokyo"])
            #expect(renamed.status == .ok && renamed.string("name") == "Me")
            #expect(try await api.call(.patch, "/v1/users/\(world.customerMemberID)", token: world.customerMember, json: ["role": "admin"]).status == .forbidden)
            #expect(try await api.call(.patch, "/v1/users/\(world.customerAdminID)", token: world.customerAdmin, json: ["role": "member"]).status == .forbidden)
            #expect(try await api.call(.delete, "/v1/users/\(world.customerAdminID)", token: world.customerAdmin).status == .forbidden)
        }
    }

    @Test("emails are unique without regard to case: 409")
    func duplicateEmail() async throws {
        try await TestServer.run { api in
            let world = try await World.build(api)
            let reply = try await api.call(.post, "/v1/orgs/\(world.other)/users", token: world.op, json: ["email": "MEMBER@Cust.Example", "name": "Dup", "role": "member"])
            #expect(reply.status == .conflict)
        }
    }

    @Test("bad user input is a 400 naming each field")
    func badInput() async throws {
        try await TestServer.run { api in
            let world = try await World.build(api)
            let cases: [([String: Any], String)] = [
                (["email": "nope", "name": "N", "role": "member"], "email"),
                (["email": "a@b.example", "name": "", "role": "member"], "name"),
                (["email": "a@b.example", "name": "N", "role": "owner"], "role"),
                (["email": "a@b.example", "name": "N", "role": "member", "time_zone": "Nowhere/City"], "time_zone"),
                (["email": "a@b.example", "name": "N", "role": "member", "password": "short"], "password"),
                (["email": "a@b.example", "name": "N", "role": "member", "is_admin": true], "is_admin"),
                (["email": ["a@b.example"], "name": "N", "role": "member"], "email"),
            ]
            for (body, field) in cases {
                let reply = try await api.call(.post, "/v1/orgs/\(world.customer)/users", token: world.op, json: body)
                #expect(reply.status == .badRequest, "\(body)")
                #expect(reply.errorFields.contains(field), "\(body) → \(reply.text)")
            }
        }
    }

    @Test("user edits honour If-Match and return the new version as ETag")
    func userIfMatch() async throws {
        try await TestServer.run { api in
            let world = try await World.build(api)
            let read = try await api.call(.get, "/v1/users/\(world.customerMemberID)", token: world.customerAdmin)
            #expect(read.headers[.eTag] == "\"1\"")
            let edited = try await api.call(.patch, "/v1/users/\(world.customerMemberID)", token: world.customerAdmin, json: ["name": "New"], headers: [.ifMatch: "\"1\""])
            #expect(edited.status == .ok && edited.headers[.eTag] == "\"2\"")
            let stale = try await api.call(.patch, "/v1/users/\(world.customerMemberID)", token: world.customerAdmin, json: ["name": "Old"], headers: [.ifMatch: "\"1\""])
            #expect(stale.status == .preconditionFailed)
        }
    }

    @Test("a password change lets the user sign in with the new one only")
    func passwordChange() async throws {
        try await TestServer.run { api in
            let world = try await World.build(api)
            let reply = try await api.call(.patch, "/v1/users/\(world.customerMemberID)", token: world.customerMember, json: ["password": "a-brand-new-password"])
            #expect(reply.status == .ok)
            _ = try await api.login("member@cust.example", "a-brand-new-password")
            let old = try await api.call(.post, "/v1/auth/login", json: ["email": "member@cust.example", "password": "user-password-12"])
            #expect(old.status == .unauthorized)
        }
    }
}

@Suite("catalog")
struct CatalogTests {
    @Test("the default catalog has viewer, analyst and admin on every product")
    func defaults() async throws {
        try await TestServer.run { api in
            let token = try await api.operatorToken()
            let products = try await api.call(.get, "/v1/products", token: token).items
            #expect(products.count == 4)
            for product in products {
                let roles = (product["roles"] as? [[String: Any]] ?? []).compactMap { $0["key"] as? String }
                #expect(roles == ["viewer", "analyst", "admin"])
            }
        }
    }

    @Test("operators add products; duplicates are 409; others are 403")
    func create() async throws {
        try await TestServer.run { api in
            let world = try await World.build(api)
            let created = try await api.call(.post, "/v1/products", token: world.op, json: [
                "key": "xdr", "name": "XDR", "roles": [["key": "reader", "permissions": ["read"]], ["key": "owner", "permissions": ["read", "write", "admin"]]],
            ])
            #expect(created.status == .created)
            #expect(try await api.call(.post, "/v1/products", token: world.op, json: ["key": "xdr", "name": "Again"]).status == .conflict)
            #expect(try await api.call(.post, "/v1/products", token: world.customerAdmin, json: ["key": "mine", "name": "Mine"]).status == .forbidden)
            let bad = try await api.call(.post, "/v1/products", token: world.op, json: ["key": "Bad Key", "name": "B", "roles": [["key": "r", "permissions": ["fly"]]]])
            #expect(bad.status == .badRequest)
            #expect(try await api.call(.get, "/v1/products", token: world.customerMember).items.count == 5)
        }
    }
}
