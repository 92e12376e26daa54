@testable import StewardServer
import Foundation
import HTTPTypes
import StewardCore
import StewardStore
import StewardTesting
import Testing

/// The audit trail read, filtered and exported (issue 12, point 1).
@Suite("audit trail: filters, export, console")
struct AuditTrailTests {
    static func lines(_ text: String) -> [[String: Any]] {
        text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    @Test("filters by action, actor, tenant and time; bad filters are 400s naming the field", arguments: StoreFactory.kinds)
    func filters(kind: BackendKind) async throws {
        try await TestServer.run(kind) { api in
            let world = try await AccessWorld.build(api)
            _ = try await api.call(.post, "/v1/memberships", token: world.rel.msspAdmin, json: ["items": [world.item(world.a1)]])
            let all = try await api.call(.get, "/v1/audit?limit=500", token: world.rel.op).items
            let created = try await api.call(.get, "/v1/audit?action=membership.created", token: world.rel.op).items
            #expect(!created.isEmpty && created.allSatisfy { $0["action"] as? String == "membership.created" })
            let adminMe = try await api.call(.get, "/v1/me", token: world.rel.msspAdmin)
            let msspAdminID = try #require((adminMe.json["user"] as? [String: Any])?["id"] as? String)
            let byActor = try await api.call(.get, "/v1/audit?actor_user_id=\(msspAdminID)&limit=500", token: world.rel.op).items
            #expect(!byActor.isEmpty && byActor.allSatisfy { $0["actor_user_id"] as? String == msspAdminID })
            #expect(byActor.count == all.filter { $0["actor_user_id"] as? String == msspAdminID }.count)
            let byTenant = try await api.call(.get, "/v1/audit?tenant_id=\(world.rel.customer)&limit=500", token: world.rel.op).items
            #expect(!byTenant.isEmpty && byTenant.count == all.filter { $0["tenant_id"] as? String == world.rel.customer }.count)
            let future = try await api.call(.get, "/v1/audit?since=2999-01-01", token: world.rel.op).items
            #expect(future.isEmpty)
            let today = String(Timestamp.format(Date()).prefix(10))
            let sameDay = try await api.call(.get, "/v1/audit?since=\(today)&until=\(today)&limit=500", token: world.rel.op).items
            #expect(sameDay.count == all.count, "a bare until date covers its whole day")

            for (query, field) in [
                ("action=membership.exploded", "action"), ("since=2026-12-02T00:00:00Z&until=2026-12-01T00:00:00Z", "until"),
                ("since=yesterday", "since"), ("until=2026-13-01", "until"), ("cursor=zzz", "cursor"),
            ] {
                for path in ["/v1/audit?", "/v1/audit/export?format=jsonl&"] where !(query.hasPrefix("cursor") && path.contains("export")) {
                    let reply = try await api.call(.get, path + query, token: world.rel.op)
                    #expect(reply.status == .badRequest && reply.errorFields.contains(field), "\(path)\(query): \(reply.status) \(reply.text)")
                }
            }
            let xml = try await api.call(.get, "/v1/audit/export?format=xml", token: world.rel.op)
            #expect(xml.status == .badRequest && xml.errorFields == ["format"])
        }
    }

    @Test("an org's admins read and export their org's events only; another org's trail reads as absent", arguments: StoreFactory.kinds)
    func scope(kind: BackendKind) async throws {
        try await TestServer.run(kind) { api in
            let world = try await AccessWorld.build(api)
            for token in [world.rel.customerAdmin, world.rel.msspAdmin] {
                let listed = try await api.call(.get, "/v1/audit?limit=500", token: token).items
                let exported = Self.lines(try await api.call(.get, "/v1/audit/export", token: token).text)
                #expect(!listed.isEmpty && exported.count == listed.count)
                #expect(exported.map { $0["id"] as? String } == listed.map { $0["id"] as? String })
                // The relationship's approval reaches both its sides.
                #expect(exported.contains { $0["action"] as? String == "relationship.approved" })
                #expect(!exported.contains { $0["tenant_id"] as? String == world.rel.other || $0["target_id"] as? String == world.rel.other })
            }
            let real = try await api.call(.get, "/v1/audit/export?org_id=\(world.rel.other)", token: world.rel.customerAdmin)
            let madeUp = try await api.call(.get, "/v1/audit/export?org_id=org_madeup", token: world.rel.customerAdmin)
            #expect(real.status == .notFound && real.text == madeUp.text)
            #expect(try await api.call(.get, "/v1/audit/export", token: world.rel.customerMember).status == .forbidden)
            #expect(try await api.call(.get, "/v1/audit/export").status == .unauthorized)
        }
    }

    @Test("the export streams every matching event with the exact stored payloads, as JSON Lines or CSV", arguments: StoreFactory.kinds)
    func export(kind: BackendKind) async throws {
        try await TestServer.run(kind) { api in
            let world = try await AccessWorld.build(api)
            // More events than one page of the export, so the pages join up.
            for index in 0..<12 {
                let body: [String: Any] = ["kind": "customer", "name": "=HYPERLINK(\"x\") \(index)", "region": "eu"]
                #expect(try await api.call(.post, "/v1/orgs", token: world.rel.op, json: body).status == .created)
            }
            let listed = try await api.call(.get, "/v1/audit?limit=500", token: world.rel.op).items
            let jsonl = try await api.call(.get, "/v1/audit/export?format=jsonl", token: world.rel.op)
            #expect(jsonl.status == .ok && jsonl.headers[.contentType] == "application/x-ndjson")
            #expect(jsonl.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"steward-audit-") == true)
            let lines = Self.lines(jsonl.text)
            #expect(lines.count == listed.count && jsonl.text.split(separator: "\n").count == listed.count)
            #expect(lines.map { $0["seq"] as? Int } == Array(1...listed.count).map(Optional.some), "every event once, in chain order")
            for line in lines {
                #expect(Set(line.keys) == ["seq", "id", "at", "at_ms", "actor_user_id", "actor_org_id", "tenant_id", "related_org_id", "action",
                                           "target_type", "target_id", "before", "after", "prev_hash", "hash"])
            }
            #expect(zip(lines.dropFirst(), lines).allSatisfy { $0["prev_hash"] as? String == $1["hash"] as? String })
            let created = try #require(lines.last { $0["action"] as? String == "org.created" })
            #expect((created["after"] as? [String: Any])?["name"] as? String == "=HYPERLINK(\"x\") 11" && created["before"] is NSNull)

            let csv = try await api.call(.get, "/v1/audit/export?format=csv&action=org.created", token: world.rel.op)
            #expect(csv.status == .ok && csv.headers[.contentType] == "text/csv; charset=utf-8")
            let rows = csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(rows.first == "seq,id,at,at_ms,actor_user_id,actor_org_id,tenant_id,related_org_id,action,target_type,target_id,before,after,prev_hash,hash")
            #expect(rows.count == 1 + listed.filter { $0["action"] as? String == "org.created" }.count)
            #expect(rows.last?.contains(#""{""address"":null"#) == true, "JSON text quoted as RFC 4180 asks")
        }
    }

    @Test("a CSV cell that a spreadsheet would run as a formula is written as text")
    func csvFormulas() {
        #expect(CSVText.field("=1+1") == "'=1+1")
        #expect(CSVText.field("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSVText.field("-2") == "'-2")
        #expect(CSVText.field("a,b") == "\"a,b\"")
        #expect(CSVText.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVText.field("plain") == "plain")
    }

    @Test("the console lists the trail newest first with readable changes, filters it, pages it and downloads it")
    func console() async throws {
        try await TestServer.run { api in
            let world = try await AccessWorld.build(api)
            _ = try await api.call(.patch, "/v1/orgs/\(world.rel.customer)", token: world.rel.op, json: ["name": "Globex Europe"])
            var customer = ConsoleSession(api: api)
            _ = try await customer.signIn("admin@globex.example", "user-password-12")
            let page = try await customer.get("/console/audit")
            #expect(page.status == .ok && page.text.contains(#"id="audit-table""#), "\(page.status)")
            #expect(page.text.contains("<code>org.updated</code>") && page.text.contains("Globex Europe") && page.text.contains("<code>name</code>"))
            #expect(!page.text.contains("Initech"), "another customer's events stay out")
            let first = try #require(page.text.range(of: "org.updated")), approved = try #require(page.text.range(of: "relationship.approved"))
            #expect(first.lowerBound < approved.lowerBound, "newest first")
            let filtered = try await customer.get("/console/audit?action=relationship.approved")
            #expect(filtered.text.contains("relationship.approved") && !filtered.text.contains("<code>org.updated</code>"))
            #expect(filtered.text.contains(#"<option value="relationship.approved" selected>"#))
            #expect(filtered.text.contains(#"href="/console/audit/export?format=csv&amp;action=relationship.approved""#))
            let bad = try await customer.get("/console/audit?action=nope&since=2026-12-02&until=2026-12-01")
            #expect(bad.status == .badRequest && bad.text.contains(#"id="form-errors""#) && bad.text.contains("must be after since"))
            let download = try await customer.get("/console/audit/export?format=csv&action=relationship.approved")
            #expect(download.status == .ok && download.text.hasPrefix("seq,id,at") && download.text.contains("relationship.approved"))

            // Pages of 50: the operator's trail is longer than one.
            for index in 0..<55 { _ = try await api.call(.patch, "/v1/orgs/\(world.rel.other)", token: world.rel.op, json: ["name": "Initech \(index)"]) }
            var op = ConsoleSession(api: api)
            _ = try await op.signIn(TestServer.operatorEmail, TestServer.operatorPassword)
            let newest = try await op.get("/console/audit")
            let newestIDs = newest.text.matches(of: /<tbody id="event-(evt_[^"]+)"/).map { String($0.1) }
            #expect(newestIDs.count == 50 && newest.text.contains(#"id="older-events""#))
            let older = try #require(newest.text.firstMatch(of: /href="(\/console\/audit\?cursor=[^"]+)" id="older-events"/)?.1)
            let next = try await op.get(String(older).replacingOccurrences(of: "&amp;", with: "&"))
            let nextIDs = next.text.matches(of: /<tbody id="event-(evt_[^"]+)"/).map { String($0.1) }
            #expect(next.status == .ok && !nextIDs.isEmpty && Set(nextIDs).isDisjoint(with: newestIDs) && next.text.contains("Newest events"))

            var member = ConsoleSession(api: api)
            _ = try await member.signIn("analyst@mssp.example", "user-password-12")
            #expect(try await member.get("/console/audit").status == .forbidden)
        }
    }
}
