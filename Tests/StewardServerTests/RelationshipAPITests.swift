import Foundation
import StewardStore
import StewardTesting
import Testing

/// An MSSP and a reseller with admins and a member, a customer with two admins and a member, another customer.
struct RelationshipAPIWorld {
    var op: String
    var mssp: String, reseller: String, customer: String, other: String
    var msspAdmin: String, msspMember: String, resellerAdmin: String, customerAdmin: String, customerAdmin2: String, customerMember: String, otherAdmin: String

    static func build(_ api: APIClient) async throws -> RelationshipAPIWorld {
        let op = try await api.operatorToken()
        let mssp = try await api.createOrg(op, ["kind": "partner", "name": "Acme MSSP", "program": "mssp", "data_privilege": "manage"])
        let reseller = try await api.createOrg(op, ["kind": "partner", "name": "Reseller", "program": "reseller"])
        let customer = try await api.createOrg(op, ["kind": "customer", "name": "Globex", "region": "eu"])
        let other = try await api.createOrg(op, ["kind": "customer", "name": "Initech"])
        for (org, email, role) in [
            (mssp, "admin@mssp.example", "admin"), (mssp, "analyst@mssp.example", "member"), (reseller, "admin@res.example", "admin"),
            (customer, "admin@globex.example", "admin"), (customer, "admin2@globex.example", "admin"), (customer, "member@globex.example", "member"),
            (other, "admin@initech.example", "admin"),
        ] {
            _ = try await api.createUser(op, org: org, email: email, role: role)
        }
        func login(_ email: String) async throws -> String { try await api.login(email, "user-password-12") }
        return RelationshipAPIWorld(
            op: op, mssp: mssp, reseller: reseller, customer: customer, other: other,
            msspAdmin: try await login("admin@mssp.example"), msspMember: try await login("analyst@mssp.example"),
            resellerAdmin: try await login("admin@res.example"), customerAdmin: try await login("admin@globex.example"),
            customerAdmin2: try await login("admin2@globex.example"), customerMember: try await login("member@globex.example"),
            otherAdmin: try await login("admin@initech.example")
        )
    }

    func open(_ api: APIClient, partner: String? = nil, customer: String? = nil) async throws -> Reply {
        try await api.call(.post, "/v1/relationships", token: op, json: ["partner_id": partner ?? mssp, "customer_id": customer ?? self.customer])
    }
}

@Suite("relationships API")
struct RelationshipAPITests {
    @Test("the operator opens a request; approval defaults to support", arguments: StoreFactory.kinds)
    func openAndApprove(kind: BackendKind) async throws {
        try await TestServer.run(kind) { api in
            let world = try await RelationshipAPIWorld.build(api)
            let opened = try await world.open(api)
            #expect(opened.status == .created && opened.string("status") == "pending")
            #expect(opened.json["privilege"] is NSNull)
            let id = try #require(opened.string("id"))
            let approved = try await api.call(.post, "/v1/relationships/\(id)/approve", token: world.customerAdmin)
            #expect(approved.status == .ok && approved.string("status") == "active" && approved.string("privilege") == "support")
            let manage = try await api.call(.patch, "/v1/relationships/\(id)", token: world.customerAdmin, json: ["privilege": "manage"])
            #expect(manage.string("privilege") == "manage")
        }
    }

    @Test("opening is refused: twice (409), for channel partners (400), by non-operators (403), for unknown orgs (404)")
    func openRefusals() async throws {
        try await TestServer.run { api in
            let world = try await RelationshipAPIWorld.build(api)
            _ = try await world.open(api)
            #expect(try await world.open(api).status == .conflict)
            let channel = try await world.open(api, partner: world.reseller, customer: world.other)
            #expect(channel.status == .badRequest && channel.errorFields == ["partner_id"])
            let backwards = try await world.open(api, partner: world.other, customer: world.mssp)
            #expect(backwards.status == .badRequest)
            #expect(try await world.open(api, partner: "org_nothere").status == .notFound)
            let byPartner = try await api.call(.post, "/v1/relationships", token: world.msspAdmin, json: ["partner_id": world.mssp, "customer_id": world.other])
            #expect(byPartner.status == .forbidden)
            let junk = try await api.call(.post, "/v1/relationships", token: world.op, json: ["partner_id": world.mssp, "customer_id": world.other, "privilege": "manage"])
            #expect(junk.status == .badRequest)
        }
    }

    @Test("only the customer's admins answer; others get 403, strangers 404", arguments: StoreFactory.kinds)
    func whoAnswers(kind: BackendKind) async throws {
        try await TestServer.run(kind) { api in
            let world = try await RelationshipAPIWorld.build(api)
            let id = try #require(try await world.open(api).string("id"))
            #expect(try await api.call(.post, "/v1/relationships/\(id)/approve", token: world.msspAdmin).status == .forbidden)
            #expect(try await api.call(.post, "/v1/relationships/\(id)/approve", token: world.op).status == .forbidden)
            #expect(try await api.call(.post, "/v1/relationships/\(id)/approve", token: world.otherAdmin).status == .notFound)
            #expect(try await api.call(.post, "/v1/relationships/\(id)/approve", token: world.customerMember).status == .notFound)
            #expect(try await api.call(.post, "/v1/relationships/\(id)/approve", token: world.msspMember).status == .notFound)
            #expect(try await api.call(.get, "/v1/relationships/\(id)", token: world.otherAdmin).status == .notFound)
            #expect(try await api.call(.post, "/v1/relationships/\(id)/terminate", token: world.customerAdmin).status == .forbidden)
            let bad = try await api.call(.post, "/v1/relationships/\(id)/approve", token: world.customerAdmin, json: ["privilege": "owner"])
            #expect(bad.status == .badRequest)
            #expect(try await api.call(.get, "/v1/relationships/\(id)", token: world.op).string("status") == "pending")
        }
    }

    @Test("wrong states are 409 and change nothing: approve twice, approve after revoke, revoke a pending one")
    func wrongStates() async throws {
        try await TestServer.run { api in
            let world = try await RelationshipAPIWorld.build(api)
            let id = try #require(try await world.open(api).string("id"))
            #expect(try await api.call(.post, "/v1/relationships/\(id)/revoke", token: world.customerAdmin).status == .conflict)
            #expect(try await api.call(.post, "/v1/relationships/\(id)/terminate", token: world.msspAdmin).status == .conflict)
            #expect(try await api.call(.post, "/v1/relationships/\(id)/approve", token: world.customerAdmin).status == .ok)
            #expect(try await api.call(.post, "/v1/relationships/\(id)/approve", token: world.customerAdmin2).status == .conflict)
            #expect(try await api.call(.post, "/v1/relationships/\(id)/revoke", token: world.customerAdmin).status == .ok)
            let late = try await api.call(.post, "/v1/relationships/\(id)/approve", token: world.customerAdmin, json: ["privilege": "manage"])
            #expect(late.status == .conflict && late.headers[.contentType] == "application/problem+json")
            let final = try await api.call(.get, "/v1/relationships/\(id)", token: world.op)
            #expect(final.string("status") == "revoked" && final.string("privilege") == "support")
            // A new relationship may be opened once the old one has ended.
            #expect(try await world.open(api).status == .created)
        }
    }

    @Test("two admins answering at once: exactly one wins, the other gets 409", arguments: StoreFactory.kinds)
    func race(kind: BackendKind) async throws {
        try await TestServer.run(kind) { api in
            let world = try await RelationshipAPIWorld.build(api)
            let id = try #require(try await world.open(api).string("id"))
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                group.addTask { try await api.call(.post, "/v1/relationships/\(id)/approve", token: world.customerAdmin, json: ["privilege": "manage"]).status.code }
                group.addTask { try await api.call(.post, "/v1/relationships/\(id)/reject", token: world.customerAdmin2).status.code }
                return try await group.reduce(into: [Int]()) { $0.append($1) }.sorted()
            }
            #expect(statuses == [200, 409])
            let audit = try await api.call(.get, "/v1/audit?org_id=\(world.customer)", token: world.op).items.compactMap { $0["action"] as? String }
            #expect(audit.filter { $0 == "relationship.approved" || $0 == "relationship.rejected" }.count == 1)
        }
    }

    @Test("If-Match guards transitions: a stale version is 412")
    func ifMatch() async throws {
        try await TestServer.run { api in
            let world = try await RelationshipAPIWorld.build(api)
            let id = try #require(try await world.open(api).string("id"))
            #expect(try await api.call(.post, "/v1/relationships/\(id)/approve", token: world.customerAdmin, headers: [.ifMatch: "\"1\""]).status == .ok)
            let stale = try await api.call(.patch, "/v1/relationships/\(id)", token: world.customerAdmin, json: ["privilege": "manage"], headers: [.ifMatch: "\"1\""])
            #expect(stale.status == .preconditionFailed)
        }
    }

    @Test("each side lists its own relationships; members and strangers see none")
    func listing() async throws {
        try await TestServer.run { api in
            let world = try await RelationshipAPIWorld.build(api)
            _ = try await world.open(api)
            let otherID = try #require(try await world.open(api, customer: world.other).string("id"))
            #expect(try await api.call(.get, "/v1/relationships", token: world.op).items.count == 2)
            #expect(try await api.call(.get, "/v1/relationships", token: world.msspAdmin).items.count == 2)
            #expect(try await api.call(.get, "/v1/relationships", token: world.customerAdmin).items.count == 1)
            #expect(try await api.call(.get, "/v1/relationships", token: world.customerMember).items.isEmpty)
            #expect(try await api.call(.get, "/v1/relationships", token: world.resellerAdmin).items.isEmpty)
            #expect(try await api.call(.get, "/v1/relationships?customer_id=\(world.other)", token: world.op).items.count == 1)
            _ = try await api.call(.post, "/v1/relationships/\(otherID)/reject", token: world.otherAdmin)
            #expect(try await api.call(.get, "/v1/relationships?status=rejected", token: world.op).items.count == 1)
            #expect(try await api.call(.get, "/v1/relationships?status=gone", token: world.op).status == .badRequest)
        }
    }

    @Test("a request unanswered past the window reads as expired at once and cannot be approved", arguments: StoreFactory.kinds)
    func expiry(kind: BackendKind) async throws {
        let clock = TestClock()
        try await TestServer.run(kind, clock: clock.now, configure: { $0.approvalWindow = .seconds(3600) }) { api in
            let world = try await RelationshipAPIWorld.build(api)
            let id = try #require(try await world.open(api).string("id"))
            clock.advance(3601)
            #expect(try await api.call(.get, "/v1/relationships/\(id)", token: world.customerAdmin).string("status") == "expired")
            #expect(try await api.call(.get, "/v1/relationships?status=expired", token: world.op).items.count == 1)
            #expect(try await api.call(.post, "/v1/relationships/\(id)/approve", token: world.customerAdmin).status == .conflict)
        }
    }

    @Test("transitions are audited and visible to both sides' admins, not to others")
    func auditBothSides() async throws {
        try await TestServer.run { api in
            let world = try await RelationshipAPIWorld.build(api)
            let id = try #require(try await world.open(api).string("id"))
            _ = try await api.call(.post, "/v1/relationships/\(id)/approve", token: world.customerAdmin)
            _ = try await api.call(.post, "/v1/relationships/\(id)/terminate", token: world.msspAdmin)
            let expected: Set = ["relationship.requested", "relationship.approved", "relationship.terminated"]
            for token in [world.msspAdmin, world.customerAdmin] {
                let actions = Set(try await api.call(.get, "/v1/audit", token: token).items.compactMap { $0["action"] as? String })
                #expect(expected.isSubset(of: actions))
            }
            let otherActions = try await api.call(.get, "/v1/audit", token: world.otherAdmin).items.compactMap { $0["action"] as? String }
            #expect(!otherActions.contains { $0.hasPrefix("relationship.") })
            #expect(try await api.call(.get, "/v1/audit", token: world.customerMember).status == .forbidden)
            #expect(try await api.call(.get, "/v1/audit?org_id=\(world.customer)", token: world.msspAdmin).status == .notFound)
            #expect(try await api.call(.get, "/v1/audit?since=yesterday", token: world.op).status == .badRequest)
        }
    }

    @Test("notification settings: customer admins set them, operators read them, others get 404; bad emails are 400")
    func notificationSettings() async throws {
        try await TestServer.run { api in
            let world = try await RelationshipAPIWorld.build(api)
            let path = "/v1/orgs/\(world.customer)/notification-settings"
            let defaults = try await api.call(.get, path, token: world.customerAdmin)
            #expect(defaults.json["on_access_granted"] as? Bool == true && (defaults.json["recipients"] as? [Any])?.isEmpty == true)
            let body: [String: Any] = ["on_access_granted": false, "on_access_removed": true, "recipients": ["soc@globex.example"]]
            #expect(try await api.call(.put, path, token: world.customerAdmin, json: body).status == .ok)
            #expect(try await api.call(.get, path, token: world.op).json["on_access_granted"] as? Bool == false)
            #expect(try await api.call(.put, path, token: world.op, json: body).status == .forbidden)
            #expect(try await api.call(.put, path, token: world.customerMember, json: body).status == .forbidden)
            #expect(try await api.call(.get, path, token: world.msspAdmin).status == .notFound)
            #expect(try await api.call(.get, "/v1/orgs/\(world.mssp)/notification-settings", token: world.op).status == .notFound)
            let bad = try await api.call(.put, path, token: world.customerAdmin, json: ["on_access_granted": true, "on_access_removed": true, "recipients": ["nope"]])
            #expect(bad.status == .badRequest && bad.errorFields == ["recipients[0]"])
            let missing = try await api.call(.put, path, token: world.customerAdmin, json: ["recipients": []])
            #expect(missing.status == .badRequest)
        }
    }
}
