import Foundation
import HTTPTypes
import StewardStore
import StewardTesting
import Testing

/// The operators' catalog: products and their roles, in the API and the console (issue 11, point 9).
@Suite("product catalog")
struct ProductCatalogTests {
    @Test("operators add a role; it is never redefined; a membership given it is decided by it at once", arguments: StoreFactory.kinds)
    func addRole(kind: BackendKind) async throws {
        try await TestServer.run(kind) { api in
            let world = try await AccessWorld.build(api)
            let path = "/v1/products/endpoint/roles"
            let added = try await api.call(.post, path, token: world.rel.op, json: ["key": "responder", "permissions": ["read", "write"]])
            #expect(added.status == .created && (added.json["roles"] as? [[String: Any]])?.contains { $0["key"] as? String == "responder" } == true, "\(added.text)")
            #expect(try await api.call(.post, path, token: world.rel.op, json: ["key": "responder", "permissions": ["admin"]]).status == .conflict)
            #expect(try await api.call(.post, path, token: world.rel.op, json: ["key": "empty", "permissions": []]).status == .badRequest)
            #expect(try await api.call(.post, path, token: world.rel.op, json: ["key": "Bad Key", "permissions": ["read"]]).status == .badRequest)
            #expect(try await api.call(.post, path, token: world.rel.op, json: ["key": "x", "permissions": ["delete"]]).status == .badRequest)
            #expect(try await api.call(.post, "/v1/products/nope/roles", token: world.rel.op, json: ["key": "x", "permissions": ["read"]]).status == .notFound)
            #expect(try await api.call(.post, path, token: world.rel.msspAdmin, json: ["key": "mine", "permissions": ["read"]]).status == .forbidden)
            let item = world.item(world.a1, role: "responder")
            let assigned = try await api.call(.post, "/v1/memberships", token: world.rel.msspAdmin, json: ["items": [item]])
            #expect(assigned.status == .created, "\(assigned.text)")
            #expect(try await world.check(api, world.a1, permission: "write").string("reason") == "allowed")
            #expect(try await world.check(api, world.a1, permission: "admin").string("reason") == "role_insufficient")
            let audit = try await api.call(.get, "/v1/audit?action=product.updated", token: world.rel.op)
            #expect(audit.items.count == 1)
        }
    }

    @Test("the console's catalog: operators add a product and a role; mistakes come back; nobody else opens it")
    func console() async throws {
        try await TestServer.run { api in
            let world = try await AccessWorld.build(api)
            var op = ConsoleSession(api: api)
            _ = try await op.signIn(TestServer.operatorEmail, TestServer.operatorPassword)
            #expect(try await op.get("/console/catalog").text.contains(#"id="product-endpoint""#))
            #expect(try await op.post("/console/catalog", [("csrf", op.csrf), ("key", "mdr-portal"), ("name", "MDR Portal")]).status == .seeOther)
            let bad = try await op.post("/console/catalog", [("csrf", op.csrf), ("key", "Not OK"), ("name", "X")])
            #expect(bad.status == .badRequest && bad.text.contains(#"id="product-key-error""#) && bad.text.contains(#"value="Not OK""#))
            #expect(try await op.post("/console/catalog/mdr-portal/roles", [("csrf", op.csrf), ("key", "auditor"), ("permission[]", "read")]).status == .seeOther)
            let products = try await api.call(.get, "/v1/products", token: world.rel.op)
            let portal = try #require(products.items.first { $0["key"] as? String == "mdr-portal" })
            #expect((portal["roles"] as? [[String: Any]])?.map { $0["key"] as? String } == ["viewer", "analyst", "admin", "auditor"])
            var partner = ConsoleSession(api: api)
            _ = try await partner.signIn("admin@mssp.example", "user-password-12")
            #expect(try await partner.get("/console/catalog").status == .forbidden)
            #expect(try await partner.post("/console/catalog", [("csrf", partner.csrf), ("key", "sneaky"), ("name", "Sneaky")]).status == .forbidden)
        }
    }
}
