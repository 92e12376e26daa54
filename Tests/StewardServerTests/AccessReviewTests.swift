import Foundation
import HTTPTypes
import StewardCore
import StewardStore
import StewardTesting
import Testing

/// Access review (issue 12, point 2): every external membership with the stale flag, for a customer's admins
/// and a partner's, with a CSV as evidence and bulk removal behind one confirmation.
@Suite("access review")
struct AccessReviewTests {
    /// a1 holds partner access to Globex; a2, also of the MSSP, is on Globex's team.
    static func world(_ api: APIClient) async throws -> AccessWorld {
        let world = try await AccessWorld.build(api)
        #expect(try await api.call(.post, "/v1/memberships", token: world.rel.msspAdmin, json: ["items": [world.item(world.a1)]]).status == .created)
        let team = try await api.call(.post, "/v1/orgs/\(world.rel.customer)/team", token: world.rel.customerAdmin, json: [
            "email": "a2@mssp.example", "platform_admin": false, "products": [["product": "endpoint", "role": "viewer"]],
        ])
        #expect(team.status == .created, "\(team.text)")
        return world
    }

    @Test("a customer's admins see who from outside holds access; a partner's where its users do; stale after the window", arguments: StoreFactory.kinds)
    func review(kind: BackendKind) async throws {
        let clock = TestClock()
        try await LicenseRequestTests.run(kind, clock: clock) { api, _ in
            let world = try await Self.world(api)
            let customer = try await api.call(.get, "/v1/access-review?customer_id=\(world.rel.customer)", token: world.rel.customerAdmin)
            #expect(customer.status == .ok && customer.json["stale_days"] as? Int == 90, "\(customer.text)")
            #expect(Set(customer.items.compactMap { $0["user_id"] as? String }) == [world.a1, world.a2], "home memberships stay out")
            #expect(customer.items.allSatisfy { $0["stale"] as? Bool == false && $0["tenant_name"] as? String == "Globex" })
            #expect(Set(customer.items.compactMap { $0["source"] as? String }) == ["partner", "team"])
            let partner = try await api.call(.get, "/v1/access-review?partner_id=\(world.rel.mssp)", token: world.rel.msspAdmin)
            #expect(Set(partner.items.compactMap { $0["user_id"] as? String }) == [world.a1, world.a2])

            // a1 signs in to Globex now; 91 days later only a2, never used, is stale.
            clock.advance(60 * 86400)
            let a1 = try await api.login("a1@mssp.example", "user-password-12")
            let session = try await api.call(.post, "/v1/tenant-sessions", token: a1, json: ["tenant_id": world.rel.customer])
            #expect(session.status == .created, "\(session.text)")
            clock.advance(31 * 86400)
            let admin = try await api.login("admin@globex.example", "user-password-12")
            let later = try await api.call(.get, "/v1/access-review?customer_id=\(world.rel.customer)", token: admin).items
            let stale = Dictionary(uniqueKeysWithValues: later.compactMap { item in (item["user_id"] as? String).map { ($0, item["stale"] as? Bool) } })
            #expect(stale[world.a1] == false && stale[world.a2] == true, "\(later)")
            let wide = try await api.call(.get, "/v1/access-review?customer_id=\(world.rel.customer)&stale_days=30", token: admin).items
            #expect(wide.allSatisfy { $0["stale"] as? Bool == true })
            let narrow = try await api.call(.get, "/v1/access-review?customer_id=\(world.rel.customer)&stale_days=3650", token: admin).items
            #expect(narrow.allSatisfy { $0["stale"] as? Bool == false })
        }
    }

    @Test("bad input is a 400 naming the field; another org's review reads as absent; members are refused", arguments: StoreFactory.kinds)
    func refusals(kind: BackendKind) async throws {
        try await TestServer.run(kind) { api in
            let world = try await Self.world(api)
            let base = "/v1/access-review?customer_id=\(world.rel.customer)"
            for days in ["0", "-1", "1000000000", "ninety", "1.5"] {
                let reply = try await api.call(.get, base + "&stale_days=\(days)", token: world.rel.customerAdmin)
                #expect(reply.status == .badRequest && reply.errorFields == ["stale_days"], "\(days): \(reply.text)")
            }
            #expect(try await api.call(.get, "/v1/access-review", token: world.rel.customerAdmin).errorFields == ["customer_id"])
            let both = try await api.call(.get, base + "&partner_id=\(world.rel.mssp)", token: world.rel.op)
            #expect(both.status == .badRequest && both.errorFields == ["partner_id"])
            for (token, path) in [
                (world.rel.otherAdmin, base), (world.rel.msspAdmin, base), (world.rel.resellerAdmin, "/v1/access-review?partner_id=\(world.rel.mssp)"),
                (world.rel.customerAdmin, "/v1/access-review?partner_id=\(world.rel.mssp)"), (world.rel.msspAdmin, "/v1/access-review?customer_id=\(world.rel.mssp)"),
            ] {
                let real = try await api.call(.get, path, token: token)
                let madeUp = try await api.call(.get, path.replacing(/org_[a-z0-9]+/, with: "org_madeup"), token: token)
                #expect(real.status == .notFound && real.text == madeUp.text, "\(path): \(real.status)")
            }
            #expect(try await api.call(.get, base, token: world.rel.customerMember).status == .forbidden)
            #expect(try await api.call(.get, "/v1/access-review?partner_id=\(world.rel.mssp)", token: world.rel.msspMember).status == .forbidden)
            #expect(try await api.call(.get, base, token: world.rel.op).status == .ok)
        }
    }

    @Test("the console page sorts, downloads CSV evidence, and removes the chosen accesses after one confirmation, all or nothing", arguments: StoreFactory.kinds)
    func console(kind: BackendKind) async throws {
        try await LicenseRequestTests.run(kind) { api, store in
            let world = try await Self.world(api)
            let memberships = try await api.call(.get, "/v1/access-review?customer_id=\(world.rel.customer)", token: world.rel.op).items
            let a1Membership = try #require(memberships.first { $0["user_id"] as? String == world.a1 }?["id"] as? String)
            let a2Membership = try #require(memberships.first { $0["user_id"] as? String == world.a2 }?["id"] as? String)

            // The partner admin may not remove a team membership: asking for both removes neither.
            var partner = ConsoleSession(api: api)
            _ = try await partner.signIn("admin@mssp.example", "user-password-12")
            let partnerPage = try await partner.get("/console/access-review")
            #expect(partnerPage.status == .ok && partnerPage.text.contains(#"id="review-\#(a1Membership)""#) && partnerPage.text.contains(#"id="review-\#(a2Membership)""#))
            let refused = try await partner.post("/console/access-review/remove", [
                ("csrf", partner.csrf), ("membership_id[]", a1Membership), ("membership_id[]", a2Membership), ("confirmed", "yes"),
            ])
            #expect(refused.status == .conflict && refused.text.contains("only the customer") && refused.text.contains("Nothing was removed"), "\(refused.status)")
            #expect(try await api.call(.get, "/v1/memberships/\(a1Membership)", token: world.rel.op).status == .ok, "nothing was removed")

            var customer = ConsoleSession(api: api)
            _ = try await customer.signIn("admin@globex.example", "user-password-12")
            let page = try await customer.get("/console/access-review?sort=person&dir=desc")
            #expect(page.status == .ok && page.text.contains("2 accesses, 0 unused for 90 days or more"))
            #expect(page.text.contains(#"aria-sort="descending""#))
            let csv = try await customer.get("/console/access-review/export")
            let lines = csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(csv.status == .ok && lines.count == 3 && lines[0].hasPrefix("membership_id,user_id,name,email"))
            #expect(csv.headers[.contentDisposition]?.contains("steward-access-review-") == true)

            let outboxBefore = try await store.outbox().items.count
            let asked = try await customer.post("/console/access-review/remove", [("csrf", customer.csrf), ("membership_id[]", a1Membership), ("membership_id[]", a2Membership)])
            #expect(asked.status == .ok && asked.text.contains(#"id="confirm-removal""#) && asked.text.contains("Remove 2 accesses"))
            #expect(try await api.call(.get, "/v1/memberships/\(a1Membership)", token: world.rel.op).status == .ok, "asking removes nothing")
            let outsider = try await customer.post("/console/access-review/remove", [("csrf", customer.csrf), ("membership_id[]", "mem_madeup")])
            #expect(outsider.status == .notFound)
            let none = try await customer.post("/console/access-review/remove", [("csrf", customer.csrf)])
            #expect(none.status == .badRequest && none.text.contains("choose at least one"))

            let done = try await customer.post("/console/access-review/remove", [
                ("csrf", customer.csrf), ("confirmed", "yes"), ("membership_id[]", a1Membership), ("membership_id[]", a2Membership),
            ])
            #expect(done.status == .seeOther)
            for id in [a1Membership, a2Membership] {
                #expect(try await api.call(.get, "/v1/memberships/\(id)", token: world.rel.op).status == .notFound)
            }
            let deleted = try await api.call(.get, "/v1/audit?action=membership.deleted&tenant_id=\(world.rel.customer)", token: world.rel.op).items
            #expect(Set(deleted.compactMap { $0["target_id"] as? String }) == [a1Membership, a2Membership] && deleted.count == 2)
            let outbox = try await store.outbox().items
            #expect(outbox.count - outboxBefore >= 2 && outbox.filter { $0.message.kind == "membership.deleted" }.count >= 2, "\(outbox.map(\.message.kind))")
            let after = try await customer.get("/console/access-review")
            #expect(after.text.contains("Removed 2 accesses") && after.text.contains(#"id="review-empty""#))

            var member = ConsoleSession(api: api)
            _ = try await member.signIn("member@globex.example", "user-password-12")
            #expect(try await member.get("/console/access-review").status == .forbidden)
        }
    }
}
