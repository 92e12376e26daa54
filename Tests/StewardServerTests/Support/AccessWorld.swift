import Foundation
import StewardStore
import StewardTesting
import Testing

/// An MSSP (admin, analysts a1 and a2) managing Globex under `manage`, Globex licensed for endpoint, and Initech elsewhere.
struct AccessWorld {
    var rel: RelationshipAPIWorld
    var relationshipID: String
    var a1: String, a2: String, customerAdminID: String
    var a1Token: String, a2Token: String

    static func build(_ api: APIClient, privilege: String = "manage") async throws -> AccessWorld {
        let rel = try await RelationshipAPIWorld.build(api)
        let id = try #require(try await rel.open(api).string("id"))
        _ = try await api.call(.post, "/v1/relationships/\(id)/approve", token: rel.customerAdmin, json: ["privilege": privilege])
        let lic = try await api.call(.post, "/v1/orgs/\(rel.customer)/licenses", token: rel.op, json: ["product": "endpoint", "kind": "paid"])
        #expect(lic.status == .created)
        let a1 = try await api.createUser(rel.op, org: rel.mssp, email: "a1@mssp.example")
        let a2 = try await api.createUser(rel.op, org: rel.mssp, email: "a2@mssp.example")
        let me = try await api.call(.get, "/v1/me", token: rel.customerAdmin)
        let customerAdminID = try #require((me.json["user"] as? [String: Any])?["id"] as? String)
        return AccessWorld(
            rel: rel, relationshipID: id, a1: a1, a2: a2, customerAdminID: customerAdminID,
            a1Token: try await api.login("a1@mssp.example", "user-password-12"), a2Token: try await api.login("a2@mssp.example", "user-password-12")
        )
    }

    func item(_ user: String, admin: Bool = false, role: String = "analyst", product: String = "endpoint", extra: [String: Any] = [:]) -> [String: Any] {
        ["user_id": user, "tenant_id": rel.customer, "platform_admin": admin, "products": [["product": product, "role": role]]].merging(extra) { $1 }
    }

    func check(_ api: APIClient, _ user: String, permission: String = "write", product: String? = "endpoint", revision: String? = nil) async throws -> Reply {
        var body: [String: Any] = ["user_id": user, "tenant_id": rel.customer, "permission": permission]
        if let product { body["product"] = product }
        if let revision { body["at_least_revision"] = revision }
        return try await api.call(.post, "/v1/check", token: rel.op, json: body)
    }
}
