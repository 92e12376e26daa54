import Foundation
import Hummingbird
import HummingbirdTesting
import StewardCore
import StewardStore
@testable import StewardServer
import StewardTesting
import Testing

/// Licence extension and purchase requests, and the POC expiry warning (issue 11, point 3).
@Suite("licence requests")
struct LicenseRequestTests {
    /// A test against a server whose store and clock the test holds too.
    static func run(_ kind: BackendKind = .sqlite, clock: TestClock = TestClock(), _ body: @escaping @Sendable (APIClient, Store) async throws -> Void) async throws {
        let server = try await TestServer.make(kind, clock: clock.now)
        let store = server.steward.store
        let app = Application(router: try server.steward.buildRouter())
        do {
            try await app.test(.router) { client in try await body(APIClient(client: client), store) }
        } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
    }

    /// A POC licence the partner created on Globex.
    static func poc(_ api: APIClient, _ world: AccessWorld, product: String = "siem") async throws -> String {
        let created = try await api.call(.post, "/v1/orgs/\(world.rel.customer)/licenses", token: world.rel.msspAdmin, json: ["product": product, "kind": "poc"])
        return try #require(created.string("id"), "\(created.text)")
    }

    @Test("a partner admin asks, the licensing contact is mailed, an operator extends once, the partner hears of it", arguments: StoreFactory.kinds)
    func flow(kind: BackendKind) async throws {
        try await Self.run(kind) { api, store in
            let world = try await AccessWorld.build(api)
            let license = try await Self.poc(api, world)
            let asked = try await api.call(.post, "/v1/licenses/\(license)/requests", token: world.rel.msspAdmin,
                                           json: ["type": "extend", "note": "Globex needs two more weeks: Ünïcode ok"])
            #expect(asked.status == .created && asked.string("status") == "open" && asked.string("type") == "extend", "\(asked.text)")
            let requestID = try #require(asked.string("id"))
            let mail = try await store.outbox(page: PageRequest(limit: 500)).items.filter { $0.message.kind == "license.requested" }
            #expect(mail.count == 1)
            let body = try #require(mail.first?.message.body)
            #expect(mail.first?.message.to.map(\.value) == ["licensing@localhost"])
            for part in ["SIEM", "Globex", "Acme MSSP", "admin@mssp.example", "two more weeks", "Ends:"] { #expect(body.contains(part), "\(part) in \(body)") }
            #expect(try await api.call(.post, "/v1/licenses/\(license)/requests", token: world.rel.msspAdmin, json: ["type": "purchase"]).status == .conflict,
                    "one open request per licence")

            // Who sees it: the partner's admins and operators; another partner nothing; a customer admin is refused.
            for token in [world.rel.msspAdmin, world.rel.op] {
                let listed = try await api.call(.get, "/v1/license-requests", token: token)
                #expect(listed.items.map { $0["id"] as? String } == [requestID], "\(listed.text)")
            }
            #expect(try await api.call(.get, "/v1/license-requests", token: world.rel.resellerAdmin).items.isEmpty)
            #expect(try await api.call(.get, "/v1/license-requests", token: world.rel.customerAdmin).status == .forbidden)
            #expect(try await api.call(.get, "/v1/license-requests?status=maybe", token: world.rel.op).status == .badRequest)

            // Who answers: operators; the partner's own admin is refused, another partner finds nothing.
            let resolve = "/v1/license-requests/\(requestID)/resolve"
            #expect(try await api.call(.post, resolve, token: world.rel.msspAdmin, json: ["action": "extend"]).status == .forbidden)
            #expect(try await api.call(.post, resolve, token: world.rel.resellerAdmin, json: ["action": "extend"]).status == .notFound)
            let before = try #require(try await api.call(.get, "/v1/orgs/\(world.rel.customer)/licenses", token: world.rel.op).items.first { $0["id"] as? String == license })
            let extended = try await api.call(.post, resolve, token: world.rel.op, json: ["action": "extend"])
            #expect(extended.status == .ok && extended.string("status") == "extended" && extended.string("revision") != nil, "\(extended.text)")
            let oldEnd = try #require(Timestamp.parse(before["expires_at"] as? String ?? ""))
            let newEnd = try #require(Timestamp.parse((extended.json["license"] as? [String: Any])?["expires_at"] as? String ?? ""))
            #expect(abs(newEnd.timeIntervalSince(oldEnd) - 30 * 86400) < 1, "30 days past the current end")
            #expect(try await api.call(.post, resolve, token: world.rel.op, json: ["action": "decline"]).status == .conflict, "answered once")
            let told = try await store.outbox(page: PageRequest(limit: 500)).items.filter { $0.message.kind == "license.resolved" }
            #expect(told.count == 1 && told.first?.message.to.map(\.value) == ["admin@mssp.example"])
            let audit = try await api.call(.get, "/v1/audit?tenant_id=\(world.rel.customer)", token: world.rel.op)
            let actions = Set(audit.items.compactMap { $0["action"] as? String })
            #expect(actions.isSuperset(of: ["license.requested", "license.resolved", "license.updated"]), "\(actions)")
        }
    }

    @Test("convert makes the licence paid; decline changes nothing; bad answers are 400s and write nothing")
    func answers() async throws {
        try await Self.run { api, _ in
            let world = try await AccessWorld.build(api)
            let siem = try await Self.poc(api, world)
            let email = try await Self.poc(api, world, product: "email")
            let purchase = try #require(try await api.call(.post, "/v1/licenses/\(siem)/requests", token: world.rel.msspAdmin, json: ["type": "purchase"]).string("id"))
            let extend = try #require(try await api.call(.post, "/v1/licenses/\(email)/requests", token: world.rel.msspAdmin, json: ["type": "extend"]).string("id"))
            for (body, field) in [
                (["action": "extend", "expires_at": "2001-01-01T00:00:00Z"], "expires_at"), (["action": "decline", "expires_at": "2099-01-01T00:00:00Z"], "expires_at"),
                (["action": "grant"], "action"), (["action": "extend", "expirs_at": "2099-01-01T00:00:00Z"], "expirs_at"),
            ] as [([String: Any], String)] {
                let reply = try await api.call(.post, "/v1/license-requests/\(extend)/resolve", token: world.rel.op, json: body)
                #expect(reply.status == .badRequest && reply.text.contains(field), "\(body): \(reply.text)")
            }
            let converted = try await api.call(.post, "/v1/license-requests/\(purchase)/resolve", token: world.rel.op, json: ["action": "convert"])
            let license = try #require(converted.json["license"] as? [String: Any])
            #expect(converted.string("status") == "converted" && license["kind"] as? String == "paid" && license["expires_at"] is NSNull, "\(converted.text)")
            let declined = try await api.call(.post, "/v1/license-requests/\(extend)/resolve", token: world.rel.op, json: ["action": "decline"])
            #expect(declined.string("status") == "declined" && (declined.json["license"] as? [String: Any])?["kind"] as? String == "poc")
            #expect(try await api.call(.get, "/v1/license-requests?status=open", token: world.rel.op).items.isEmpty)
        }
    }

    @Test("refused: a paid licence, another partner's customer, a support relationship, a member, bad bodies; nothing written", arguments: StoreFactory.kinds)
    func refusals(kind: BackendKind) async throws {
        try await Self.run(kind) { api, _ in
            let world = try await AccessWorld.build(api)
            let paid = try #require(try await api.call(.get, "/v1/orgs/\(world.rel.customer)/licenses", token: world.rel.op).items.first?["id"] as? String)
            #expect(try await api.call(.post, "/v1/licenses/\(paid)/requests", token: world.rel.msspAdmin, json: ["type": "extend"]).status == .conflict)
            let initech = try await api.call(.post, "/v1/orgs/\(world.rel.other)/licenses", token: world.rel.op, json: ["product": "siem", "kind": "poc"])
            let elsewhere = try #require(initech.string("id"))
            let stranger = try await api.call(.post, "/v1/licenses/\(elsewhere)/requests", token: world.rel.msspAdmin, json: ["type": "extend"])
            let madeUp = try await api.call(.post, "/v1/licenses/lic_madeup/requests", token: world.rel.msspAdmin, json: ["type": "extend"])
            #expect(stranger.status == .notFound && stranger.text == madeUp.text, "another partner's customer reads as absent")
            let poc = try await Self.poc(api, world)
            #expect(try await api.call(.post, "/v1/licenses/\(poc)/requests", token: world.rel.msspMember, json: ["type": "extend"]).status == .forbidden)
            #expect(try await api.call(.post, "/v1/licenses/\(poc)/requests", token: world.rel.op, json: ["type": "extend"]).status == .forbidden)
            for (body, field) in [
                (["type": "renew"], "type"), (["type": "extend", "note": String(repeating: "n", count: 10_000)], "note"),
                (["type": "extend", "note": "bad\u{0007}bell"], "note"), (["type": "extend", "nope": 1], "nope"),
            ] as [([String: Any], String)] {
                let reply = try await api.call(.post, "/v1/licenses/\(poc)/requests", token: world.rel.msspAdmin, json: body)
                #expect(reply.status == .badRequest && reply.text.contains(field), "\(field): \(reply.text)")
            }
            // Under support the customer is not the partner's to license.
            #expect(try await api.call(.patch, "/v1/relationships/\(world.relationshipID)", token: world.rel.customerAdmin, json: ["privilege": "support"]).status == .ok)
            #expect(try await api.call(.post, "/v1/licenses/\(poc)/requests", token: world.rel.msspAdmin, json: ["type": "extend"]).status == .forbidden)
            #expect(try await api.call(.get, "/v1/license-requests", token: world.rel.op).items.isEmpty, "nothing was written")
        }
    }

    @Test("a POC ending within seven days is mailed to the partner's admins once; an extension makes a new end, warned of again", arguments: StoreFactory.kinds)
    func expiryWarning(kind: BackendKind) async throws {
        let clock = TestClock()
        try await Self.run(kind, clock: clock) { api, store in
            let world = try await AccessWorld.build(api)
            let license = try await Self.poc(api, world)
            func warnings() async throws -> [OutboxMessage] {
                try await store.outbox(page: PageRequest(limit: 500)).items.filter { $0.message.kind == "license.expiring" }
            }
            #expect(try await store.warnExpiringPOCs() == 0, "30 days out: not yet")
            clock.advance(22 * 86400)
            #expect(try await store.warnExpiringPOCs() == 0, "8 days out: not yet")
            clock.advance(2 * 86400)
            #expect(try await store.warnExpiringPOCs() == 1)
            #expect(try await store.warnExpiringPOCs() == 0, "once")
            let sent = try await warnings()
            #expect(sent.count == 1 && sent.first?.message.to.map(\.value) == ["admin@mssp.example"] && sent.first?.message.body.contains("SIEM") == true)
            // Sessions have ended in the meantime: sign in again.
            let partnerAdmin = try await api.login("admin@mssp.example", "user-password-12")
            let op = try await api.login(TestServer.operatorEmail, TestServer.operatorPassword)
            let request = try #require(try await api.call(.post, "/v1/licenses/\(license)/requests", token: partnerAdmin, json: ["type": "extend"]).string("id"))
            #expect(try await api.call(.post, "/v1/license-requests/\(request)/resolve", token: op, json: ["action": "extend"]).status == .ok)
            #expect(try await store.warnExpiringPOCs() == 0, "the new end is 36 days out")
            clock.advance(30 * 86400)
            #expect(try await store.warnExpiringPOCs() == 1)
            #expect(try await warnings().count == 2)
        }
    }

    @Test("the console: a partner asks from the licence's menu, an operator answers from the inbox, both pages show where it stands")
    func console() async throws {
        try await Self.run { api, _ in
            let world = try await AccessWorld.build(api)
            let license = try await Self.poc(api, world)
            var partner = ConsoleSession(api: api)
            _ = try await partner.signIn("admin@mssp.example", "user-password-12")
            let page = "/console/customers/\(world.rel.customer)"
            #expect(try await partner.get(page).text.contains(#"id="license-request-\#(license)""#))
            let asked = try await partner.post("/console/licenses/\(license)/requests", [("csrf", partner.csrf), ("type", "extend"), ("note", "two more weeks")])
            #expect(asked.status == .seeOther, "\(asked.text)")
            let after = try await partner.get(page).text
            #expect(after.contains("Extension requested, awaiting the vendor") && !after.contains(#"id="license-request-\#(license)""#))
            let badType = try await partner.post("/console/licenses/\(license)/requests", [("csrf", partner.csrf), ("type", "gift")])
            #expect(badType.status == .badRequest)
            #expect(try await partner.get("/console/license-requests").status == .forbidden, "the inbox is the vendor's")

            var op = ConsoleSession(api: api)
            _ = try await op.signIn(TestServer.operatorEmail, TestServer.operatorPassword)
            let inbox = try await op.get("/console/license-requests")
            #expect(inbox.text.contains("two more weeks") && inbox.text.contains("Acme MSSP"))
            let requestID = try #require(try await api.call(.get, "/v1/license-requests", token: world.rel.op).items.first?["id"] as? String)
            let past = try await op.post("/console/license-requests/\(requestID)/resolve", [("csrf", op.csrf), ("action", "extend"), ("expires_on", "2001-01-01")])
            #expect(past.status == .badRequest && past.text.contains("must be in the future"))
            let done = try await op.post("/console/license-requests/\(requestID)/resolve", [("csrf", op.csrf), ("action", "extend"), ("expires_on", "")])
            #expect(done.status == .seeOther)
            #expect(try await op.get("/console/license-requests").text.contains("No request waits for an answer."))
            #expect(try await partner.get(page).text.contains("Extension request extended"))
        }
    }
}
