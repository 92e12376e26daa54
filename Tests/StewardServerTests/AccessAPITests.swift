import Foundation
import StewardStore
import StewardTesting
import Testing

@Suite("memberships and decisions")
struct AccessAPITests {
    @Test("a bulk assignment grants access at once; the decision names its reason", arguments: StoreFactory.kinds)
    func assignAndCheck(kind: BackendKind) async throws {
        try await TestServer.run(kind) { api in
            let world = try await AccessWorld.build(api)
            #expect(try await world.check(api, world.a1).string("reason") == "no_access")
            let created = try await api.call(.post, "/v1/memberships", token: world.rel.msspAdmin, json: ["items": [world.item(world.a1), world.item(world.a2, role: "viewer")]])
            #expect(created.status == .created)
            let revision = try #require(created.string("revision"))
            let allowed = try await world.check(api, world.a1, revision: revision)
            #expect(allowed.json["allowed"] as? Bool == true && allowed.string("reason") == "allowed")
            #expect(try await world.check(api, world.a2, revision: revision).string("reason") == "role_insufficient")
            #expect(try await world.check(api, world.a1, product: "siem").string("reason") == "product_not_licensed")
            #expect(try await world.check(api, world.a1, permission: "platform_admin", product: nil).string("reason") == "role_insufficient")
        }
    }

    @Test("one failing item fails the whole request, listing each failure by index, and writes nothing", arguments: StoreFactory.kinds)
    func atomicBulk(kind: BackendKind) async throws {
        try await TestServer.run(kind) { api in
            let world = try await AccessWorld.build(api)
            let reply = try await api.call(.post, "/v1/memberships", token: world.rel.msspAdmin, json: ["items": [
                world.item(world.a1), world.item("usr_missing"), world.item(world.a2, product: "siem"), world.item(world.a2, role: "owner"),
                world.item(world.a2, extra: ["expires_at": "2020-01-01T00:00:00Z"]),
            ]])
            #expect(reply.status == .badRequest)
            let indexes = (reply.json["items"] as? [[String: Any]] ?? []).compactMap { $0["index"] as? Int }
            #expect(indexes == [1, 2, 3, 4])
            #expect(try await world.check(api, world.a1).string("reason") == "no_access")
            #expect(try await api.call(.get, "/v1/memberships?tenant_id=\(world.rel.customer)&source=partner", token: world.rel.op).items.isEmpty)
            let both = try await api.call(.post, "/v1/memberships", token: world.rel.msspAdmin, json: ["items": [
                world.item(world.a1, extra: ["expires_at": "2030-01-01T00:00:00Z", "duration_hours": 24]),
            ]])
            #expect(both.status == .badRequest)
            let unknown = try await api.call(.post, "/v1/memberships", token: world.rel.msspAdmin, json: ["items": [world.item(world.a1, extra: ["colour": "red"])]])
            #expect(unknown.status == .badRequest && (unknown.json["items"] as? [[String: Any]])?.first?["index"] as? Int == 0)
            _ = try await api.call(.post, "/v1/memberships", token: world.rel.msspAdmin, json: ["items": [world.item(world.a1)]])
            let duplicate = try await api.call(.post, "/v1/memberships", token: world.rel.msspAdmin, json: ["items": [world.item(world.a1)]])
            #expect(duplicate.status == .badRequest)
        }
    }

    @Test("preview shows the diff, PATCH applies it with If-Match, DELETE removes access at once")
    func editAndRemove() async throws {
        try await TestServer.run { api in
            let world = try await AccessWorld.build(api)
            let created = try await api.call(.post, "/v1/memberships", token: world.rel.msspAdmin, json: ["items": [world.item(world.a1, role: "viewer")]])
            let id = try #require((created.json["items"] as? [[String: Any]])?.first?["id"] as? String)
            let edit: [String: Any] = ["platform_admin": true, "duration_hours": 48, "products": [["product": "endpoint", "role": "admin"]]]
            let preview = try await api.call(.post, "/v1/memberships/\(id)/preview", token: world.rel.msspAdmin, json: edit)
            #expect(preview.status == .ok)
            let changes = (preview.json["changes"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
            #expect(changes == ["platform_admin", "expires_at", "products.endpoint"])
            #expect((preview.json["original"] as? [String: Any])?["platform_admin"] as? Bool == false)
            #expect(try await world.check(api, world.a1).string("reason") == "role_insufficient", "a preview changes nothing")
            let patched = try await api.call(.patch, "/v1/memberships/\(id)", token: world.rel.msspAdmin, json: edit, headers: [.ifMatch: "\"1\""])
            #expect(patched.status == .ok && patched.string("revision") != nil && patched.headers[.eTag] == "\"2\"")
            #expect(try await world.check(api, world.a1, revision: patched.string("revision")).string("reason") == "allowed")
            let stale = try await api.call(.patch, "/v1/memberships/\(id)", token: world.rel.msspAdmin, json: ["platform_admin": false], headers: [.ifMatch: "1"])
            #expect(stale.status == .preconditionFailed)
            let deleted = try await api.call(.delete, "/v1/memberships/\(id)", token: world.rel.customerAdmin)
            #expect(deleted.status == .ok)
            #expect(try await world.check(api, world.a1, revision: deleted.string("revision")).string("reason") == "no_access")
            #expect(try await api.call(.get, "/v1/memberships/\(id)", token: world.rel.op).status == .notFound)
        }
    }

    @Test("ending the relationship, deactivating the user or a support ceiling take effect on the very next check", arguments: StoreFactory.kinds)
    func immediateEffect(kind: BackendKind) async throws {
        try await TestServer.run(kind) { api in
            let world = try await AccessWorld.build(api)
            _ = try await api.call(.post, "/v1/memberships", token: world.rel.msspAdmin, json: ["items": [world.item(world.a1), world.item(world.a2)]])
            let support = try await api.call(.patch, "/v1/relationships/\(world.relationshipID)", token: world.rel.customerAdmin, json: ["privilege": "support"])
            #expect(support.status == .ok)
            #expect(try await world.check(api, world.a1).string("reason") == "privilege_ceiling")
            #expect(try await world.check(api, world.a1, permission: "read").string("reason") == "allowed")
            _ = try await api.call(.delete, "/v1/users/\(world.a2)", token: world.rel.op)
            #expect(try await world.check(api, world.a2, permission: "read").string("reason") == "no_access")
            _ = try await api.call(.post, "/v1/relationships/\(world.relationshipID)/revoke", token: world.rel.customerAdmin)
            #expect(try await world.check(api, world.a1, permission: "read").string("reason") == "relationship_inactive")
            let ended = try await api.call(.get, "/v1/memberships?user_id=\(world.a1)&status=ended", token: world.rel.op).items
            #expect(ended.count == 1)
        }
    }

    @Test("memberships expire by the clock, before and after the sweeper records it")
    func expiry() async throws {
        let clock = TestClock()
        try await TestServer.run(clock: clock.now) { api in
            let world = try await AccessWorld.build(api)
            _ = try await api.call(.post, "/v1/memberships", token: world.rel.msspAdmin, json: ["items": [world.item(world.a1, extra: ["duration_hours": 1])]])
            #expect(try await world.check(api, world.a1).string("reason") == "allowed")
            clock.advance(3600)
            #expect(try await world.check(api, world.a1).string("reason") == "expired")
            let listed = try await api.call(.get, "/v1/memberships?user_id=\(world.a1)&status=expired", token: world.rel.op).items
            #expect(listed.count == 1)
            #expect(try await api.call(.get, "/v1/me/tenants", token: world.a1Token).items.count == 1, "only the home org remains")
        }
    }

    @Test("a delegated admin assigns colleagues within their own access, never beyond")
    func delegation() async throws {
        try await TestServer.run { api in
            let world = try await AccessWorld.build(api)
            _ = try await api.call(.post, "/v1/memberships", token: world.rel.msspAdmin, json: ["items": [
                world.item(world.a1, admin: true, role: "analyst", extra: ["duration_hours": 48]),
            ]])
            let within = try await api.call(.post, "/v1/memberships", token: world.a1Token, json: ["items": [world.item(world.a2, admin: true, role: "viewer", extra: ["duration_hours": 24])]])
            #expect(within.status == .created)
            let id = try #require((within.json["items"] as? [[String: Any]])?.first?["id"] as? String)
            _ = try await api.call(.delete, "/v1/memberships/\(id)", token: world.a1Token)
            let beyond = try await api.call(.post, "/v1/memberships", token: world.a1Token, json: ["items": [
                world.item(world.a2, role: "admin", extra: ["duration_hours": 24]), world.item(world.a2, role: "viewer"),
            ]])
            #expect(beyond.status == .badRequest)
            #expect((beyond.json["items"] as? [[String: Any]])?.count == 2)
            let analystOnly = try await api.call(.post, "/v1/memberships", token: world.a2Token, json: ["items": [world.item(world.a1)]])
            #expect(analystOnly.status == .badRequest, "an analyst without the admin flag assigns nothing")
        }
    }

    @Test("a deactivated user is named as such to their own org's admin, and to nobody outside it")
    func deactivatedSubject() async throws {
        try await TestServer.run { api in
            let world = try await AccessWorld.build(api)
            #expect(try await api.call(.delete, "/v1/users/\(world.a2)", token: world.rel.op).status == .ok)
            func details(_ token: String) async throws -> [Int: String] {
                let reply = try await api.call(.post, "/v1/memberships", token: token, json: ["items": [world.item(world.a1), world.item(world.a2)]])
                #expect(reply.status == .badRequest)
                let items = reply.json["items"] as? [[String: Any]] ?? []
                return Dictionary(uniqueKeysWithValues: items.compactMap { item in (item["index"] as? Int).map { ($0, item["detail"] as? String ?? "") } })
            }
            #expect(try await details(world.rel.msspAdmin) == [1: "user_id is deactivated"])
            let outside = try await details(world.rel.otherAdmin)
            #expect(outside[1] == "the user or tenant does not exist or is out of your reach", "\(outside)")
        }
    }

    @Test("the membership list shows each caller only what they may see", arguments: StoreFactory.kinds)
    func listVisibility(kind: BackendKind) async throws {
        try await TestServer.run(kind) { api in
            let world = try await AccessWorld.build(api)
            _ = try await api.call(.post, "/v1/memberships", token: world.rel.msspAdmin, json: ["items": [
                world.item(world.a1, admin: true), world.item(world.a2, role: "viewer"),
            ]])
            func listed(_ token: String) async throws -> Set<String> {
                let items = try await api.call(.get, "/v1/memberships?tenant_id=\(world.rel.customer)&source=partner", token: token).items
                return Set(items.compactMap { $0["user_id"] as? String })
            }
            #expect(try await listed(world.rel.op) == [world.a1, world.a2])
            #expect(try await listed(world.rel.msspAdmin) == [world.a1, world.a2], "the partner's admin")
            #expect(try await listed(world.rel.customerAdmin) == [world.a1, world.a2], "the customer's admin")
            #expect(try await listed(world.a1Token) == [world.a1, world.a2], "a delegated admin sees their colleagues here")
            #expect(try await listed(world.a2Token) == [world.a2], "an analyst sees only their own")
            #expect(try await listed(world.rel.customerMember) == [], "a customer user without the admin role")
            #expect(try await listed(world.rel.otherAdmin) == [], "another customer's admin")
        }
    }

    @Test("customer admins add anyone external to their team by email and see every external person")
    func team() async throws {
        try await TestServer.run { api in
            let world = try await AccessWorld.build(api)
            _ = try await api.call(.post, "/v1/memberships", token: world.rel.msspAdmin, json: ["items": [world.item(world.a1)]])
            let team = try await api.call(.post, "/v1/orgs/\(world.rel.customer)/team", token: world.rel.customerAdmin, json: [
                "email": "ADMIN@res.example", "platform_admin": false, "products": [["product": "endpoint", "role": "viewer"]],
            ])
            #expect(team.status == .created && team.string("source") == "team")
            let unknown = try await api.call(.post, "/v1/orgs/\(world.rel.customer)/team", token: world.rel.customerAdmin, json: [
                "email": "nobody@nowhere.example", "platform_admin": false, "products": [],
            ])
            #expect(unknown.status == .notFound)
            #expect(try await api.call(.post, "/v1/orgs/\(world.rel.customer)/team", token: world.rel.customerMember, json: [
                "email": "admin@res.example", "platform_admin": false, "products": [],
            ]).status == .forbidden)
            #expect(try await api.call(.post, "/v1/orgs/\(world.rel.customer)/team", token: world.rel.msspAdmin, json: [
                "email": "admin@res.example", "platform_admin": false, "products": [],
            ]).status == .notFound)
            let external = try await api.call(.get, "/v1/orgs/\(world.rel.customer)/external-access", token: world.rel.customerAdmin).items
            #expect(Set(external.compactMap { $0["email"] as? String }) == ["a1@mssp.example", "admin@res.example"])
            #expect(try await api.call(.get, "/v1/orgs/\(world.rel.customer)/external-access", token: world.rel.otherAdmin).status == .notFound)
            let audited = try await api.call(.get, "/v1/audit?action=membership.created", token: world.rel.customerAdmin).items
            let sources = audited.compactMap { ($0["after"] as? [String: Any])?["source"] as? String }.filter { $0 != "home" }
            #expect(sources.sorted() == ["partner", "team"])
        }
    }

    @Test("checks: about oneself, or by operators and check tokens; batches; revisions not yet reached are refused")
    func checkCallers() async throws {
        try await TestServer.run { api in
            let world = try await AccessWorld.build(api)
            let own = try await api.call(.post, "/v1/check", token: world.a1Token, json: ["user_id": world.a1, "tenant_id": world.rel.customer, "product": "endpoint", "permission": "read"])
            #expect(own.status == .ok)
            let other = try await api.call(.post, "/v1/check", token: world.a1Token, json: ["user_id": world.a2, "tenant_id": world.rel.customer, "product": "endpoint", "permission": "read"])
            #expect(other.status == .forbidden)
            let batch = try await api.call(.post, "/v1/check/batch", token: world.rel.op, json: ["checks": [
                ["user_id": world.a1, "tenant_id": world.rel.customer, "product": "endpoint", "permission": "read"],
                ["user_id": world.customerAdminID, "tenant_id": world.rel.customer, "permission": "platform_admin"],
            ]])
            #expect((batch.json["results"] as? [[String: Any]])?.compactMap { $0["reason"] as? String } == ["no_access", "allowed"])
            let tooMany = try await api.call(.post, "/v1/check/batch", token: world.rel.op, json: ["checks": Array(repeating: ["user_id": world.a1, "tenant_id": world.rel.customer, "permission": "platform_admin"], count: 1001)])
            #expect(tooMany.status == .badRequest)
            #expect(try await world.check(api, world.a1, revision: "999999").status == .conflict)
            #expect(try await world.check(api, world.a1, permission: "fly").status == .badRequest)
            #expect(try await world.check(api, world.a1, permission: "read", product: nil).status == .badRequest)
        }
    }

    @Test("API tokens: shown once, stored hashed, scoped, revocable")
    func apiTokens() async throws {
        try await TestServer.run { api in
            let world = try await AccessWorld.build(api)
            let created = try await api.call(.post, "/v1/api-tokens", token: world.rel.op, json: ["name": "console", "scopes": ["check"]])
            #expect(created.status == .created)
            let secret = try #require(created.string("token"))
            let id = try #require(created.string("id"))
            let listed = try await api.call(.get, "/v1/api-tokens", token: world.rel.op)
            #expect(!listed.text.contains(secret) && listed.items.count == 1)
            let check = try await api.call(.post, "/v1/check", token: secret, json: ["user_id": world.a1, "tenant_id": world.rel.customer, "product": "endpoint", "permission": "read"])
            #expect(check.status == .ok)
            #expect(try await api.call(.get, "/v1/users/\(world.a1)/tenants", token: secret).status == .ok)
            #expect(try await api.call(.get, "/v1/orgs", token: secret).status == .forbidden)
            #expect(try await api.call(.post, "/v1/api-tokens", token: secret, json: ["name": "x", "scopes": ["admin"]]).status == .forbidden)
            #expect(try await api.call(.post, "/v1/api-tokens", token: world.rel.msspAdmin, json: ["name": "x", "scopes": ["check"]]).status == .forbidden)
            let admin = try await api.call(.post, "/v1/api-tokens", token: world.rel.msspAdmin, json: ["name": "automation", "scopes": ["admin"]])
            let adminSecret = try #require(admin.string("token"))
            #expect(try await api.call(.get, "/v1/relationships", token: adminSecret).items.count >= 1)
            #expect(try await api.call(.get, "/v1/users/\(world.a1)/tenants", token: adminSecret).status == .forbidden)
            #expect(try await api.call(.delete, "/v1/api-tokens/\(id)", token: world.rel.msspAdmin).status == .notFound)
            #expect(try await api.call(.delete, "/v1/api-tokens/\(id)", token: world.rel.op).status == .noContent)
            #expect(try await api.call(.post, "/v1/check", token: secret, json: ["user_id": world.a1, "tenant_id": world.rel.customer, "permission": "platform_admin"]).status == .unauthorized)
        }
    }

    @Test("a token's identity follows its user at once: demoted, it loses admin rights; deactivated, it is refused")
    func tokenFollowsItsUser() async throws {
        try await TestServer.run { api in
            let world = try await AccessWorld.build(api)
            let created = try await api.call(.post, "/v1/api-tokens", token: world.rel.msspAdmin, json: ["name": "automation", "scopes": ["admin"]])
            let secret = try #require(created.string("token"))
            let me = try await api.call(.get, "/v1/me", token: secret)
            let adminID = try #require((me.json["user"] as? [String: Any])?["id"] as? String)
            func addUser(_ email: String) async throws -> Reply {
                try await api.call(.post, "/v1/orgs/\(world.rel.mssp)/users", token: secret, json: ["email": email, "name": "New", "role": "member"])
            }
            #expect(try await addUser("first@mssp.example").status == .created)
            #expect(try await api.call(.patch, "/v1/users/\(adminID)", token: world.rel.op, json: ["role": "member"]).status == .ok)
            #expect(try await addUser("second@mssp.example").status == .forbidden)
            #expect(try await api.call(.delete, "/v1/users/\(adminID)", token: world.rel.op).status == .ok)
            #expect(try await api.call(.get, "/v1/me", token: secret).status == .unauthorized)
        }
    }

    @Test("tenants list home first; a tenant session is a short ES256 token naming the tenant, never past the membership")
    func tenantSessions() async throws {
        try await TestServer.run { api in
            let world = try await AccessWorld.build(api)
            _ = try await api.call(.post, "/v1/memberships", token: world.rel.msspAdmin, json: ["items": [world.item(world.a1, admin: true, extra: ["duration_hours": 0.1])]])
            let tenants = try await api.call(.get, "/v1/me/tenants", token: world.a1Token).items
            #expect(tenants.compactMap { $0["source"] as? String } == ["home", "partner"])
            let session = try await api.call(.post, "/v1/tenant-sessions", token: world.a1Token, json: ["tenant_id": world.rel.customer])
            #expect(session.status == .created)
            let token = try #require(session.string("token"))
            let parts = token.split(separator: ".")
            #expect(parts.count == 3)
            let header = try TokenClaims.part(parts[0])
            let claims = try TokenClaims.part(parts[1])
            #expect(header["alg"] as? String == "ES256")
            let jwks = try await api.call(.get, "/.well-known/jwks.json")
            #expect((jwks.json["keys"] as? [[String: Any]])?.first?["kid"] as? String == header["kid"] as? String)
            #expect(claims["sub"] as? String == world.a1 && claims["tenant"] as? String == world.rel.customer && claims["aud"] as? String == world.rel.customer)
            #expect((claims["act"] as? [String: Any])?["org"] as? String == world.rel.mssp)
            #expect(claims["platform_admin"] as? Bool == true && (claims["products"] as? [String: String]) == ["endpoint": "analyst"])
            let lifetime = (claims["exp"] as? Double ?? 0) - (claims["iat"] as? Double ?? 0)
            #expect(lifetime > 0 && lifetime <= 6 * 60 + 1, "0.1 h of membership left: the token ends with it, well before 15 minutes")
            #expect(try await api.call(.post, "/v1/tenant-sessions", token: world.a2Token, json: ["tenant_id": world.rel.customer]).status == .notFound)
            let home = try await api.call(.post, "/v1/tenant-sessions", token: world.a2Token, json: ["tenant_id": world.rel.mssp])
            let homeClaims = try TokenClaims.decode(try #require(home.string("token")))
            #expect((homeClaims["exp"] as? Double ?? 0) - (homeClaims["iat"] as? Double ?? 0) == 900)
            let accessed = try await api.call(.get, "/v1/memberships?user_id=\(world.a1)&tenant_id=\(world.rel.customer)", token: world.rel.op).items
            #expect(accessed.first?["last_access_at"] as? String != nil)
        }
    }

    @Test("licences: operators any kind; partner admins POC only, 30 days by default; others 403/404")
    func licenses() async throws {
        try await TestServer.run { api in
            let world = try await AccessWorld.build(api)
            let poc = try await api.call(.post, "/v1/orgs/\(world.rel.customer)/licenses", token: world.rel.msspAdmin, json: [
                "product": "siem", "kind": "poc", "product_admin_user_id": world.a1,
            ])
            #expect(poc.status == .created && poc.string("status") == "active" && poc.string("region") == "eu")
            let days = (Timestamp.parse(poc.string("expires_at") ?? "")?.timeIntervalSinceNow ?? 0) / 86400
            #expect(days > 29.9 && days <= 30)
            #expect(try await world.check(api, world.a1, permission: "admin", product: "siem").string("reason") == "allowed")
            #expect(try await api.call(.post, "/v1/orgs/\(world.rel.customer)/licenses", token: world.rel.msspAdmin, json: ["product": "siem", "kind": "paid"]).status == .forbidden)
            #expect(try await api.call(.post, "/v1/orgs/\(world.rel.customer)/licenses", token: world.rel.op, json: ["product": "nothing", "kind": "paid"]).status == .badRequest)
            #expect(try await api.call(.post, "/v1/orgs/\(world.rel.other)/licenses", token: world.rel.msspAdmin, json: ["product": "siem", "kind": "poc"]).status == .notFound)
            #expect(try await api.call(.post, "/v1/orgs/\(world.rel.customer)/licenses", token: world.rel.customerAdmin, json: ["product": "siem", "kind": "poc"]).status == .forbidden)
            // A product admin the rules refuse (a reseller's user, with no relationship here) leaves no licence behind.
            let reseller = try await api.call(.get, "/v1/me", token: world.rel.resellerAdmin)
            let resellerID = try #require((reseller.json["user"] as? [String: Any])?["id"] as? String)
            let refused = try await api.call(.post, "/v1/orgs/\(world.rel.customer)/licenses", token: world.rel.op, json: [
                "product": "email", "kind": "paid", "product_admin_user_id": resellerID,
            ])
            #expect(refused.status == .forbidden)
            let listed = try await api.call(.get, "/v1/orgs/\(world.rel.customer)/licenses", token: world.rel.customerAdmin).items
            #expect(listed.count == 2)
            #expect(listed.allSatisfy { $0.keys.contains("expires_at") })
        }
    }
}

import StewardCore

@Suite("access notifications")
struct AccessNotificationTests {
    @Test("a licence's product administrator gets access as any assignment does: audit event and email included")
    func productAdminMail() async throws {
        let server = try await TestServer.make()
        let store = server.steward.store
        let app = Application(router: try server.steward.buildRouter())
        try await app.test(.router) { client in
            let api = APIClient(client: client)
            let world = try await AccessWorld.build(api)
            let before = try await api.call(.get, "/v1/audit?action=membership.created", token: world.rel.customerAdmin).items.count
            let created = try await api.call(.post, "/v1/orgs/\(world.rel.customer)/licenses", token: world.rel.msspAdmin, json: [
                "product": "siem", "kind": "poc", "product_admin_user_id": world.a2,
            ])
            #expect(created.status == .created)
            let mail = try await store.outbox(page: PageRequest(limit: 500)).items.filter { $0.message.kind == "membership.created" }
            #expect(mail.count == 1 && mail.first?.message.body.contains("a2@mssp.example") == true)
            let events = try await api.call(.get, "/v1/audit?action=membership.created", token: world.rel.customerAdmin).items
            #expect(events.count == before + 1)
            #expect(try await world.check(api, world.a2, permission: "admin", product: "siem").string("reason") == "allowed")
        }
    }

    @Test("granted, removed and expired access is mailed to the customer's recipients when enabled, once")
    func notifications() async throws {
        let clock = TestClock()
        let server = try await TestServer.make(clock: clock.now)
        let store = server.steward.store
        let app = Application(router: try server.steward.buildRouter())
        try await app.test(.router) { client in
            let api = APIClient(client: client)
            let world = try await AccessWorld.build(api)
            func kinds() async throws -> [String] {
                try await store.outbox(page: PageRequest(limit: 500)).items.reversed().map(\.message.kind).filter { $0.hasPrefix("membership.") }
            }
            _ = try await api.call(.post, "/v1/memberships", token: world.rel.msspAdmin, json: ["items": [world.item(world.a1, extra: ["duration_hours": 1])]])
            let created = try await api.call(.post, "/v1/memberships", token: world.rel.msspAdmin, json: ["items": [world.item(world.a2)]])
            let a2Membership = try #require((created.json["items"] as? [[String: Any]])?.first?["id"] as? String)
            #expect(try await kinds() == ["membership.created", "membership.created"])
            let granted = try #require(try await store.outbox(page: PageRequest(limit: 500)).items.first { $0.message.kind == "membership.created" })
            #expect(granted.message.to.map(\.value).sorted() == ["admin2@globex.example", "admin@globex.example"], "no recipients set: every admin")

            _ = try await api.call(.put, "/v1/orgs/\(world.rel.customer)/notification-settings", token: world.rel.customerAdmin, json: [
                "on_access_granted": false, "on_access_removed": true, "recipients": ["soc@globex.example"],
            ])
            _ = try await api.call(.delete, "/v1/memberships/\(a2Membership)", token: world.rel.customerAdmin)
            clock.advance(3601)
            #expect(try await store.expireDueMemberships(mail: Steward.accessMail) == 1)
            #expect(try await store.expireDueMemberships(mail: Steward.accessMail) == 0, "once per membership")
            let all = try await store.outbox(page: PageRequest(limit: 500)).items.filter { $0.message.kind.hasPrefix("membership.") }
            #expect(all.map(\.message.kind).sorted() == ["membership.created", "membership.created", "membership.deleted", "membership.expired"])
            #expect(all.filter { $0.message.kind != "membership.created" }.allSatisfy { $0.message.to == [EmailAddress("soc@globex.example")!] })
            let events = try await api.call(.get, "/v1/audit?action=membership.expired", token: world.rel.customerAdmin).items
            #expect(events.count == 1)

            _ = try await api.call(.put, "/v1/orgs/\(world.rel.customer)/notification-settings", token: world.rel.customerAdmin, json: [
                "on_access_granted": false, "on_access_removed": false, "recipients": [],
            ])
            _ = try await api.call(.post, "/v1/memberships", token: world.rel.msspAdmin, json: ["items": [world.item(world.a2)]])
            #expect(try await kinds().count == 4, "both switched off: nothing more is sent")
        }
        await store.shutdown()
    }
}

import Hummingbird
import HummingbirdTesting
@testable import StewardServer
