import Foundation
import StewardCore
import Testing
@testable import StewardServer
import StewardStore
import StewardTesting

/// Issue "Fail closed": each finding of the outside probe, reproduced.
@Suite("hardening found by probing from outside")
struct HardeningTests {
    @Test("a partner's POC licence runs at most STEWARD_POC_MAX_DAYS; no expiry after 9999-12-31")
    func licenceLimits() async throws {
        try await TestServer.run { api in
            let world = try await AccessWorld.build(api)
            func poc(_ token: String, _ expiry: String, kind: String = "poc") async throws -> Reply {
                try await api.call(.post, "/v1/orgs/\(world.rel.customer)/licenses", token: token, json: ["product": "siem", "kind": kind, "expires_at": expiry])
            }
            let far = try await poc(world.rel.msspAdmin, "2099-01-01T00:00:00Z")
            #expect(far.status == .badRequest && far.errorFields == ["expires_at"], "\(far.text)")
            let within = Timestamp.format(Date().addingTimeInterval(89 * 86400))
            #expect(try await poc(world.rel.msspAdmin, within).status == .created)
            #expect(try await poc(world.rel.op, "10000-01-01T00:00:00Z", kind: "paid").status == .badRequest)
            #expect(try await poc(world.rel.op, "9999-12-31T23:30:00-05:00", kind: "paid").status == .badRequest, "past the limit once the offset applies")
            let paid = try await poc(world.rel.op, "9999-12-31T23:59:59Z", kind: "paid")
            #expect(paid.status == .created && paid.string("revision") != nil, "\(paid.text)")
        }
    }

    @Test("relationship answers and a user's deactivation return a revision that pins the next check", arguments: StoreFactory.kinds)
    func revisions(kind: BackendKind) async throws {
        try await TestServer.run(kind) { api in
            let world = try await AccessWorld.build(api)
            #expect(try await api.call(.post, "/v1/memberships", token: world.rel.msspAdmin, json: ["items": [world.item(world.a1), world.item(world.a2)]]).status == .created)
            let changed = try await api.call(.patch, "/v1/relationships/\(world.relationshipID)", token: world.rel.customerAdmin, json: ["privilege": "support"])
            let afterChange = try await world.check(api, world.a1, revision: try #require(changed.string("revision"), "\(changed.text)"))
            #expect(afterChange.string("reason") == "privilege_ceiling")
            let deactivated = try await api.call(.delete, "/v1/users/\(world.a2)", token: world.rel.op)
            #expect(try await world.check(api, world.a2, permission: "read", revision: try #require(deactivated.string("revision"))).string("reason") == "no_access")
            let revoked = try await api.call(.post, "/v1/relationships/\(world.relationshipID)/revoke", token: world.rel.customerAdmin)
            #expect(revoked.status == .ok && revoked.string("status") == "revoked")
            #expect(try await world.check(api, world.a1, permission: "read", revision: try #require(revoked.string("revision"))).string("reason") == "relationship_inactive")
        }
    }

    @Test("a bulk item outside the caller's reach reads exactly like one naming ids that do not exist")
    func bulkReach() async throws {
        try await TestServer.run { api in
            let world = try await AccessWorld.build(api)
            let stranger = try await api.createOrg(world.rel.op, ["kind": "partner", "name": "Stranger MSSP", "program": "mssp"])
            _ = try await api.createUser(world.rel.op, org: stranger, email: "admin@stranger.example", role: "admin")
            let strangerToken = try await api.login("admin@stranger.example", "user-password-12")
            func details(_ token: String, _ items: [[String: Any]]) async throws -> [String] {
                let reply = try await api.call(.post, "/v1/memberships", token: token, json: ["items": items])
                #expect(reply.status == .badRequest)
                return reply.items.compactMap { $0["detail"] as? String }
            }
            let made = ["user_id": "usr_01AAAAAAAAAAAAAAAAAAAAAAAA", "tenant_id": "org_01AAAAAAAAAAAAAAAAAAAAAAAA"]
            let hidden = "the user or tenant does not exist or is out of your reach"
            // The stranger names the real partner's user on the real customer, its own user on a customer it has
            // no relationship with, and made-up ids: every detail is the same.
            let answers = try await details(strangerToken, [
                world.item(world.a1), ["user_id": made["user_id"]!, "tenant_id": world.rel.customer, "platform_admin": false, "products": []],
                world.item(world.a1).merging(["tenant_id": made["tenant_id"]!]) { $1 },
            ])
            #expect(answers == [hidden, hidden, hidden], "\(answers)")
            // The customer's admin names a partner user through the assignment route rather than the team.
            #expect(try await details(world.rel.customerAdmin, [world.item(world.a1)]) == [hidden])
            // The real partner's admin, on a customer it has no relationship with.
            #expect(try await details(world.rel.msspAdmin, [world.item(world.a1).merging(["tenant_id": world.rel.other]) { $1 }]) == [hidden])
        }
    }

    @Test("bodies are strict at every depth, times without rollover, duration_hours never null, JSON only as JSON")
    func inputHygiene() async throws {
        try await TestServer.run { api in
            let world = try await AccessWorld.build(api)
            let batch = try await api.call(.post, "/v1/check/batch", token: world.rel.op, json: ["checks": [
                ["user_id": world.a1, "tenant_id": world.rel.customer, "permission": "read", "prodcut": "endpoint"],
            ]])
            #expect(batch.status == .badRequest && batch.errorFields == ["checks[0].prodcut"], "\(batch.text)")
            var item = world.item(world.a1)
            item["products"] = [["product": "endpoint", "rol": "viewer", "role": "viewer"]]
            let nested = try await api.call(.post, "/v1/memberships", token: world.rel.msspAdmin, json: ["items": [item]])
            #expect(nested.status == .badRequest && nested.items.first?["detail"] as? String == "products[0].rol is not a known field", "\(nested.text)")
            let address = try await api.call(.post, "/v1/orgs", token: world.rel.op, json: [
                "kind": "customer", "name": "Addr", "address": ["line1": "1 Main", "city": "X", "postal_code": "1", "country": "US", "floor": "3"],
            ])
            #expect(address.status == .badRequest && address.errorFields == ["address.floor"], "\(address.text)")
            let rollover = try await api.call(.post, "/v1/memberships", token: world.rel.msspAdmin, json: ["items": [world.item(world.a1, extra: ["expires_at": "2027-02-30T00:00:00Z"])]])
            #expect(rollover.status == .badRequest, "\(rollover.text)")
            let permanent = try await api.call(.post, "/v1/memberships", token: world.rel.msspAdmin, json: ["items": [world.item(world.a1, extra: ["duration_hours": NSNull()])]])
            #expect(permanent.status == .badRequest, "\(permanent.text)")
            let form = try await api.call(.post, "/v1/auth/login", body: #"{"email":"a@b.example","password":"x"}"#, headers: [.contentType: "text/plain"])
            #expect(form.status == .unsupportedMediaType && form.headers[.contentType] == "application/problem+json", "\(form.text)")
        }
    }

    @Test("headers: no-store on the API, a Permissions-Policy everywhere, HSTS only behind https")
    func headers() async throws {
        try await TestServer.run { api in
            let login = try await api.call(.post, "/v1/auth/login", json: ["email": TestServer.operatorEmail, "password": TestServer.operatorPassword])
            #expect(login.headers[.cacheControl] == "no-store")
            #expect(login.headers[.permissionsPolicy]?.contains("camera=()") == true)
            #expect(login.headers[.strictTransportSecurity] == nil)
            #expect(try await api.call(.get, "/login").headers[.permissionsPolicy] != nil)
        }
        try await TestServer.run(configure: { $0.publicURL = "https://steward.example" }) { api in
            let health = try await api.call(.get, "/healthz")
            #expect(health.headers[.strictTransportSecurity]?.hasPrefix("max-age=") == true)
        }
    }

    @Test("found by the outside probe: a deep org tree, huge names, look-alike emails, duplicate keys, bodies on bodiless actions")
    func probeFindings() async throws {
        let server = try await TestServer.make()
        try await server.exercise { api in
            let world = try await AccessWorld.build(api)
            let op = world.rel.op
            // Trees stop at 8 levels; a deeper chain left by an earlier build is shown cut, never crashes a page.
            var parent = try await api.createOrg(op, ["kind": "partner", "name": "Level 1", "program": "distributor"])
            for level in 2...8 { parent = try await api.createOrg(op, ["kind": "partner", "name": "Level \(level)", "program": "reseller", "parent_id": parent]) }
            let ninth = try await api.call(.post, "/v1/orgs", token: op, json: ["kind": "customer", "name": "Too deep", "parent_id": parent])
            #expect(ninth.status == .badRequest && ninth.errorFields == ["parent_id"], "\(ninth.text)")
            for depth in 0..<600 {
                try await server.steward.store.execute(raw: """
                    INSERT INTO orgs (id, kind, name, program, parent_id, version, created_at, updated_at)
                    VALUES ('org_deep\(depth)', 'partner', 'Deep \(depth)', 'reseller', \(depth == 0 ? "'\(parent)'" : "'org_deep\(depth - 1)'"), 1, 0, 0)
                    """)
            }
            var browser = ConsoleSession(api: api)
            _ = try await browser.signIn(TestServer.operatorEmail, TestServer.operatorPassword)
            #expect(try await browser.get("/console/orgs").status == .ok)
            #expect(try await api.call(.get, "/v1/orgs/\(parent)/tree", token: op).status == .ok)

            let zalgo = "a" + String(repeating: "\u{301}", count: 5000)
            #expect(try await api.call(.post, "/v1/orgs", token: op, json: ["kind": "customer", "name": zalgo]).status == .badRequest)
            #expect(try await api.call(.post, "/v1/orgs", token: op, json: ["kind": "customer", "name": "\u{200D}"]).status == .badRequest)
            #expect(try await api.call(.post, "/v1/orgs/\(world.rel.customer)/users", token: op, json: ["email": "\u{E9}mile@globex.example", "name": "E", "role": "member"]).status == .created)
            let lookalike = try await api.call(.post, "/v1/orgs/\(world.rel.customer)/users", token: op, json: ["email": "e\u{301}mile@globex.example", "name": "E", "role": "member"])
            #expect(lookalike.status == .conflict, "one address written two ways is one account: \(lookalike.text)")
            #expect(try await api.call(.post, "/v1/orgs/\(world.rel.customer)/users", token: op, json: ["email": "tz@globex.example", "name": "T", "role": "member", "time_zone": "GMT+5"]).status == .badRequest)

            let duplicate = try await api.call(.post, "/v1/check", token: op, body: #"{"user_id":"\#(world.a1)","tenant_id":"\#(world.rel.customer)","permission":"read","permission":"admin","product":"endpoint"}"#)
            #expect(duplicate.status == .badRequest && duplicate.errorFields == ["permission"], "\(duplicate.text)")
            let revoke = try await api.call(.post, "/v1/relationships/\(world.relationshipID)/revoke", token: world.rel.customerAdmin, body: #"{"x":1}"#)
            #expect(revoke.status == .badRequest && revoke.errorFields == ["x"], "\(revoke.text)")
            let plain = try await api.call(.post, "/v1/relationships/\(world.relationshipID)/reject", token: world.rel.customerAdmin, body: "hello", headers: [.contentType: "text/plain"])
            #expect(plain.status == .unsupportedMediaType)
            #expect(try await api.call(.get, "/v1/relationships/\(world.relationshipID)", token: op).string("status") == "active", "nothing was changed by the refused calls")
        }
    }
}
