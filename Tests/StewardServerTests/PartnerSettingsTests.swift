import Foundation
import HTTPTypes
import StewardStore
import StewardTesting
import Testing

/// A partner's profile and configuration (issue 11, point 5; Mimecast's Partner Details and Partner Config).
@Suite("partner profile and configuration")
struct PartnerSettingsTests {
    static var contact: [String: Any] { ["name": "Pat Partner", "email": "pat@mssp.example", "phone": "+44 20 7946 0000"] }
    static var address: [String: Any] { ["line1": "1 Main St", "city": "London", "postal_code": "EC1A 1BB", "country": "GB"] }

    @Test("the partner's admins keep contacts and address, operators status and prices; each side's fields are the other's 403", arguments: StoreFactory.kinds)
    func profile(kind: BackendKind) async throws {
        try await TestServer.run(kind) { api in
            let world = try await AccessWorld.build(api)
            let path = "/v1/partners/\(world.rel.mssp)/profile"
            let empty = try await api.call(.get, path, token: world.rel.msspAdmin)
            #expect(empty.status == .ok && empty.json["contact"] is NSNull && (empty.json["prices"] as? [Any])?.isEmpty == true, "\(empty.text)")
            let saved = try await api.call(.patch, path, token: world.rel.msspAdmin, json: ["contact": Self.contact, "billing_contact": Self.contact, "address": Self.address])
            #expect(saved.status == .ok && (saved.json["contact"] as? [String: Any])?["email"] as? String == "pat@mssp.example", "\(saved.text)")
            #expect(try await api.call(.patch, path, token: world.rel.msspAdmin, json: ["status": "sales"]).status == .forbidden)
            #expect(try await api.call(.patch, path, token: world.rel.msspAdmin, json: ["prices": []]).status == .forbidden)
            #expect(try await api.call(.patch, path, token: world.rel.op, json: ["contact": NSNull()]).status == .forbidden)
            let priced = try await api.call(.patch, path, token: world.rel.op, json: [
                "status": "technical", "prices": [["product": "endpoint", "amount": 12.5, "currency": "EUR"], ["product": "siem", "amount": 0, "currency": "USD"]],
            ])
            #expect(priced.status == .ok && priced.string("status") == "technical" && (priced.json["prices"] as? [[String: Any]])?.count == 2, "\(priced.text)")
            #expect(((priced.json["prices"] as? [[String: Any]])?.first?["amount"] as? Double) == 12.5)
            // Clearing the billing contact keeps everything else.
            let cleared = try await api.call(.patch, path, token: world.rel.msspAdmin, json: ["billing_contact": NSNull()])
            #expect(cleared.json["billing_contact"] is NSNull && cleared.json["contact"] is [String: Any] && cleared.string("status") == "technical")
            // Who reads: operators and the partner's admins; its members 403; anyone else 404, as for a made-up id.
            #expect(try await api.call(.get, path, token: world.rel.op).status == .ok)
            #expect(try await api.call(.get, path, token: world.rel.msspMember).status == .forbidden)
            for token in [world.rel.resellerAdmin, world.rel.customerAdmin, world.rel.otherAdmin] {
                let real = try await api.call(.get, path, token: token)
                let madeUp = try await api.call(.get, "/v1/partners/org_madeup/profile", token: token)
                #expect(real.status == .notFound && real.text == madeUp.text)
            }
            #expect(try await api.call(.get, "/v1/partners/\(world.rel.customer)/profile", token: world.rel.op).status == .notFound, "a customer has no partner profile")
            let audit = try await api.call(.get, "/v1/audit?action=partner.profile_updated", token: world.rel.op)
            #expect(audit.items.count == 3)
        }
    }

    @Test("bad profile input is a 400 naming the field, nothing written")
    func badProfile() async throws {
        try await TestServer.run { api in
            let world = try await AccessWorld.build(api)
            let path = "/v1/partners/\(world.rel.mssp)/profile"
            let cases: [([String: Any], String, String)] = [
                (["contact": ["name": "Pat", "email": "not-an-email"]], "contact.email", world.rel.msspAdmin),
                (["contact": ["name": String(repeating: "x", count: 10_000), "email": "a@b.example"]], "contact.name", world.rel.msspAdmin),
                (["contact": ["name": "Pat", "email": "a@b.example", "phone": "call me"]], "contact.phone", world.rel.msspAdmin),
                (["contact": ["name": "Pat", "email": "a@b.example", "fax": "1"]], "fax", world.rel.msspAdmin),
                (["address": ["line1": "1", "city": "X", "postal_code": "1", "country": "XX"]], "address.country", world.rel.msspAdmin),
                (["prices": [["product": "nope", "amount": 1, "currency": "EUR"]]], "prices[0].product", world.rel.op),
                (["prices": [["product": "siem", "amount": -1, "currency": "EUR"]]], "prices[0].amount", world.rel.op),
                (["prices": [["product": "siem", "amount": 1, "currency": "euro"]]], "prices[0].currency", world.rel.op),
                (["prices": [["product": "siem", "amount": 1, "currency": "EUR"], ["product": "siem", "amount": 2, "currency": "EUR"]]], "prices[1]", world.rel.op),
                (["status": "gold"], "status", world.rel.op),
            ]
            for (body, field, token) in cases {
                let reply = try await api.call(.patch, path, token: token, json: body)
                #expect(reply.status == .badRequest && reply.text.contains(field), "\(field): \(reply.status) \(reply.text)")
            }
            #expect(try await api.call(.get, path, token: world.rel.op).json["version"] as? Int == 0, "nothing was written")
        }
    }

    @Test("the configuration: addresses and ranges validated one by one, the smarthost as host or host:port; only the partner's admins change it", arguments: StoreFactory.kinds)
    func config(kind: BackendKind) async throws {
        try await TestServer.run(kind) { api in
            let world = try await AccessWorld.build(api)
            let path = "/v1/partners/\(world.rel.mssp)/config"
            let good: [String: Any] = ["outbound_ips": ["192.0.2.10", "198.51.100.0/24", "2001:db8::/32"], "inbound_ips": ["203.0.113.5"], "smarthost": "smtp.mssp.example:2525"]
            let saved = try await api.call(.put, path, token: world.rel.msspAdmin, json: good)
            #expect(saved.status == .ok && (saved.json["outbound_ips"] as? [String])?.count == 3 && saved.string("smarthost") == "smtp.mssp.example:2525", "\(saved.text)")
            #expect(try await api.call(.put, path, token: world.rel.op, json: good).status == .forbidden, "operators read it only")
            #expect(try await api.call(.get, path, token: world.rel.op).string("smarthost") == "smtp.mssp.example:2525")
            #expect(try await api.call(.put, path, token: world.rel.resellerAdmin, json: good).status == .notFound)
            let bad: [([String: Any], String)] = [
                (["outbound_ips": ["300.1.1.1"], "inbound_ips": []], "outbound_ips[0]"),
                (["outbound_ips": ["192.0.2.0/33"], "inbound_ips": []], "outbound_ips[0]"),
                (["outbound_ips": ["192.0.2.1/24"], "inbound_ips": []], "outbound_ips[0]"),
                (["outbound_ips": [], "inbound_ips": ["192.0.2.1", "192.0.2.1"]], "inbound_ips[1]"),
                (["outbound_ips": [], "inbound_ips": ["example.com"]], "inbound_ips[0]"),
                // Found by review: an empty entry crashed the parser; odd spellings of a prefix were kept as typed.
                (["outbound_ips": [""], "inbound_ips": []], "outbound_ips[0]"), (["outbound_ips": ["/"], "inbound_ips": []], "outbound_ips[0]"),
                (["outbound_ips": ["10.0.0.0/"], "inbound_ips": []], "outbound_ips[0]"), (["outbound_ips": ["10.0.0.0/+8"], "inbound_ips": []], "outbound_ips[0]"),
                (["outbound_ips": ["10.0.0.0/08"], "inbound_ips": []], "outbound_ips[0]"),
                (["outbound_ips": [], "inbound_ips": [], "smarthost": "smtp://mail.example.com"], "smarthost"),
                (["outbound_ips": [], "inbound_ips": [], "smarthost": "mail.example.com/relay"], "smarthost"),
                (["outbound_ips": [], "inbound_ips": [], "smarthost": "mail.example.com:70000"], "smarthost"),
                (["outbound_ips": [], "inbound_ips": [], "smarthost": "user@mail.example.com"], "smarthost"),
                (["outbound_ips": []], "inbound_ips"),
                (["outbound_ips": Array(repeating: "192.0.2.1", count: 101), "inbound_ips": []], "outbound_ips"),
            ]
            for (body, field) in bad {
                let reply = try await api.call(.put, path, token: world.rel.msspAdmin, json: body)
                #expect(reply.status == .badRequest && reply.text.contains(field), "\(field): \(reply.status) \(reply.text)")
            }
            #expect(try await api.call(.get, path, token: world.rel.msspAdmin).string("smarthost") == "smtp.mssp.example:2525", "nothing was written")
            for host in ["[2001:db8::25]:25", "192.0.2.25", "mail.example.com", "2001:db8::25"] {
                let reply = try await api.call(.put, path, token: world.rel.msspAdmin, json: ["outbound_ips": [], "inbound_ips": [], "smarthost": host])
                #expect(reply.status == .ok, "\(host): \(reply.text)")
            }
        }
    }
}

@Suite("console: partner settings")
struct ConsolePartnerSettingsTests {
    @Test("the partner's admins save details and add or remove each address on its own; operators set status and prices; others find nothing")
    func page() async throws {
        try await TestServer.run { api in
            let world = try await AccessWorld.build(api)
            let base = "/console/partners/\(world.rel.mssp)"
            var partner = ConsoleSession(api: api)
            _ = try await partner.signIn("admin@mssp.example", "user-password-12")
            #expect(try await partner.get("/console").text.contains("\(base)/settings"), "the top bar links to it")
            #expect(try await partner.get("\(base)/settings").text.contains(#"id="details-form""#))
            let details = try await partner.post("\(base)/details", [
                ("csrf", partner.csrf), ("contact_name", "Pat"), ("contact_email", "pat@mssp.example"), ("billing_name", ""), ("billing_email", ""),
            ])
            #expect(details.status == .seeOther, "\(details.text)")
            let badEmail = try await partner.post("\(base)/details", [("csrf", partner.csrf), ("contact_name", "Pat"), ("contact_email", "nope")])
            #expect(badEmail.status == .badRequest && badEmail.text.contains(#"id="contact-email-error""#))
            for address in ["192.0.2.0/24", "2001:db8::1"] {
                #expect(try await partner.post("\(base)/addresses/add", [("csrf", partner.csrf), ("list", "outbound"), ("address", address)]).status == .seeOther)
            }
            let bad = try await partner.post("\(base)/addresses/add", [("csrf", partner.csrf), ("list", "outbound"), ("address", "192.0.2.300")])
            #expect(bad.status == .badRequest && bad.text.contains(#"id="outbound-error""#))
            #expect(try await partner.post("\(base)/addresses/remove", [("csrf", partner.csrf), ("list", "outbound"), ("address", "192.0.2.0/24")]).status == .seeOther)
            #expect(try await partner.post("\(base)/smarthost", [("csrf", partner.csrf), ("smarthost", "mail.mssp.example:2525")]).status == .seeOther)
            let config = try await api.call(.get, "/v1/partners/\(world.rel.mssp)/config", token: world.rel.msspAdmin)
            #expect((config.json["outbound_ips"] as? [String]) == ["2001:db8::1"] && config.string("smarthost") == "mail.mssp.example:2525", "\(config.text)")
            #expect(try await partner.post("\(base)/terms", [("csrf", partner.csrf), ("status", "sales")]).status == .forbidden)

            var op = ConsoleSession(api: api)
            _ = try await op.signIn(TestServer.operatorEmail, TestServer.operatorPassword)
            let opPage = try await op.get("\(base)/settings")
            #expect(opPage.text.contains(#"id="price-form""#) && !opPage.text.contains(#"id="details-form""#) && opPage.text.contains("Pat · pat@mssp.example"))
            #expect(try await op.post("\(base)/terms", [("csrf", op.csrf), ("status", "sales")]).status == .seeOther)
            #expect(try await op.post("\(base)/terms", [("csrf", op.csrf), ("product", "siem"), ("amount", "12.50"), ("currency", "eur")]).status == .seeOther)
            for amount in ["lots", "12,50", "12abc", "1.23456"] {
                let badPrice = try await op.post("\(base)/terms", [("csrf", op.csrf), ("product", "siem"), ("amount", amount), ("currency", "EUR")])
                #expect(badPrice.status == .badRequest && badPrice.text.contains(#"id="price-amount-error""#), "\(amount)")
            }
            let blank = try await partner.post("\(base)/addresses/add", [("csrf", partner.csrf), ("list", "inbound"), ("address", "")])
            #expect(blank.status == .badRequest, "an empty address is refused, not a crash")
            let profile = try await api.call(.get, "/v1/partners/\(world.rel.mssp)/profile", token: world.rel.op)
            #expect(profile.string("status") == "sales" && (profile.json["prices"] as? [[String: Any]])?.first?["currency"] as? String == "EUR")
            #expect(try await op.post("\(base)/addresses/add", [("csrf", op.csrf), ("list", "inbound"), ("address", "192.0.2.1")]).status == .forbidden)

            var stranger = ConsoleSession(api: api)
            _ = try await stranger.signIn("admin@res.example", "user-password-12")
            #expect(try await stranger.get("\(base)/settings").status == .notFound)
            var customer = ConsoleSession(api: api)
            _ = try await customer.signIn("admin@globex.example", "user-password-12")
            #expect(try await customer.get("\(base)/settings").status == .notFound)
        }
    }
}
