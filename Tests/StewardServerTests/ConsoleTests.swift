import Foundation
import HTTPTypes
import StewardStore
import StewardTesting
import Testing

/// A browser's view of the console: cookies carried between requests, forms posted url-encoded.
struct ConsoleSession {
    let api: APIClient
    var cookies: [String: String] = [:]
    var csrf = ""

    init(api: APIClient) { self.api = api }

    mutating func get(_ path: String) async throws -> Reply {
        let reply = try await api.call(.get, path, headers: cookieHeader())
        remember(reply)
        return reply
    }

    mutating func post(_ path: String, _ fields: [(String, String)]) async throws -> Reply {
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        var headers = cookieHeader()
        headers[.contentType] = "application/x-www-form-urlencoded"
        let reply = try await api.call(.post, path, body: body, headers: headers)
        remember(reply)
        return reply
    }

    /// Signs in through the login form, as a browser would.
    mutating func signIn(_ email: String, _ password: String) async throws -> Reply {
        let page = try await get("/login")
        let token = try #require(Self.hiddenCSRF(page.text))
        let reply = try await post("/login", [("csrf", token), ("email", email), ("password", password)])
        if reply.status == .seeOther { csrf = Self.hiddenCSRF(try await get("/console").text) ?? "" }
        return reply
    }

    static func hiddenCSRF(_ html: String) -> String? {
        guard let range = html.range(of: "name=\"csrf\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    private func cookieHeader() -> HTTPFields {
        cookies.isEmpty ? [:] : [.cookie: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")]
    }

    private mutating func remember(_ reply: Reply) {
        for header in reply.headers[values: .setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { continue }
            cookies[String(pair[0])] = pair[1].isEmpty ? nil : String(pair[1])
        }
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }
}

@Suite("console")
struct ConsoleTests {
    @Test("sign-in sets a strict HttpOnly cookie and the top bar names the user")
    func signIn() async throws {
        try await TestServer.run { api in
            var browser = ConsoleSession(api: api)
            let reply = try await browser.signIn(TestServer.operatorEmail, TestServer.operatorPassword)
            #expect(reply.status == .seeOther && reply.headers[.location] == "/console")
            let cookie = try #require(reply.headers[values: .setCookie].first { $0.hasPrefix("steward_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            let home = try await browser.get("/console")
            #expect(home.status == .ok)
            #expect(home.text.contains(TestServer.operatorEmail))
            #expect(home.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
        }
    }

    @Test("a login form without its CSRF cookie is refused")
    func loginCSRF() async throws {
        try await TestServer.run { api in
            var browser = ConsoleSession(api: api)
            let reply = try await browser.post("/login", [("csrf", "guess"), ("email", TestServer.operatorEmail), ("password", TestServer.operatorPassword)])
            #expect(reply.status == .forbidden)
            #expect(browser.cookies["steward_session"] == nil)
        }
    }

    @Test("console pages need a session")
    func needsSession() async throws {
        try await TestServer.run { api in
            var browser = ConsoleSession(api: api)
            for path in ["/console", "/console/orgs", "/console/users"] {
                let reply = try await browser.get(path)
                #expect(reply.status == .seeOther && reply.headers[.location] == "/login", "\(path)")
            }
        }
    }

    @Test("forms with a wrong CSRF token change nothing")
    func formCSRF() async throws {
        try await TestServer.run { api in
            var browser = ConsoleSession(api: api)
            _ = try await browser.signIn(TestServer.operatorEmail, TestServer.operatorPassword)
            let reply = try await browser.post("/console/orgs", [("csrf", "wrong"), ("kind", "customer"), ("name", "Forged"), ("region", "us")])
            #expect(reply.status == .forbidden)
            let token = try await api.operatorToken()
            #expect(try await api.call(.get, "/v1/orgs?q=Forged", token: token).items.isEmpty)
        }
    }

    @Test("operators create orgs and users through forms; names are HTML-escaped")
    func operatorForms() async throws {
        try await TestServer.run { api in
            var browser = ConsoleSession(api: api)
            _ = try await browser.signIn(TestServer.operatorEmail, TestServer.operatorPassword)
            let created = try await browser.post("/console/orgs", [
                ("csrf", browser.csrf), ("kind", "partner"), ("program", "mssp"), ("name", "<script>alert(1)</script> MSSP"),
            ])
            #expect(created.status == .seeOther)
            let location = try #require(created.headers[.location])
            let page = try await browser.get(location)
            #expect(!page.text.contains("<script>alert(1)</script>"))
            #expect(page.text.contains("&lt;script&gt;"))
            let invalid = try await browser.post("/console/orgs", [("csrf", browser.csrf), ("kind", "partner"), ("name", "")])
            #expect(invalid.status == .badRequest && invalid.text.contains("form-errors"))
            let user = try await browser.post("\(location)/users", [
                ("csrf", browser.csrf), ("name", "Ann"), ("email", "ann@mssp.example"), ("role", "admin"), ("time_zone", "UTC"), ("password", "violet-harbour-903"),
            ])
            #expect(user.status == .seeOther)
            #expect(try await browser.get(location).text.contains("ann@mssp.example"))
            let duplicate = try await browser.post("\(location)/users", [
                ("csrf", browser.csrf), ("name", "Ann"), ("email", "ANN@mssp.example"), ("role", "member"),
            ])
            #expect(duplicate.status == .conflict)
            let tree = try await browser.get("/console/orgs")
            #expect(tree.status == .ok && tree.text.contains("&lt;script&gt;alert(1)&lt;/script&gt; MSSP"))
        }
    }

    @Test("the operators' tree nests each org under its parent")
    func treeNesting() async throws {
        try await TestServer.run { api in
            let op = try await api.operatorToken()
            let parent = try await api.createOrg(op, ["kind": "partner", "name": "Parent Dist", "program": "distributor"])
            _ = try await api.createOrg(op, ["kind": "customer", "name": "Child Customer", "parent_id": parent])
            var browser = ConsoleSession(api: api)
            _ = try await browser.signIn(TestServer.operatorEmail, TestServer.operatorPassword)
            let html = try await browser.get("/console/orgs").text
            let parentAt = try #require(html.range(of: "Parent Dist"))
            let nested = html[parentAt.upperBound...]
            #expect(nested.range(of: "<ul>")!.lowerBound < nested.range(of: "Child Customer")!.lowerBound)
            #expect(!html.contains("region </span>") && !html.contains("<span class=\"badge\"></span>"))
            // A customer has no programme of its own and must not show its parent's.
            let child = try #require(html.range(of: "Child Customer"))
            #expect(!html[child.upperBound...].prefix(200).contains("distributor"))
        }
    }

    @Test("members do not reach the operators' pages or other orgs")
    func memberLimits() async throws {
        try await TestServer.run { api in
            let op = try await api.operatorToken()
            let org = try await api.createOrg(op, ["kind": "customer", "name": "C"])
            let other = try await api.createOrg(op, ["kind": "customer", "name": "O"])
            _ = try await api.createUser(op, org: org, email: "m@c.example")
            var browser = ConsoleSession(api: api)
            _ = try await browser.signIn("m@c.example", "user-password-12")
            #expect(try await browser.get("/console/orgs").status == .forbidden)
            #expect(try await browser.get("/console/users").status == .forbidden)
            #expect(try await browser.get("/console/orgs/\(other)").status == .notFound)
        }
    }

    @Test("sign-out ends the session")
    func signOut() async throws {
        try await TestServer.run { api in
            var browser = ConsoleSession(api: api)
            _ = try await browser.signIn(TestServer.operatorEmail, TestServer.operatorPassword)
            let session = try #require(browser.cookies["steward_session"])
            let reply = try await browser.post("/logout", [("csrf", browser.csrf)])
            #expect(reply.status == .seeOther && reply.headers[.location] == "/login")
            browser.cookies["steward_session"] = session
            #expect(try await browser.get("/console").status == .seeOther)
        }
    }
}

@Suite("console relationships")
struct ConsoleRelationshipTests {
    @Test("the emailed link: sign-in first, then approve once with the chosen privilege")
    func approvalLink() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mail-\(UUID().uuidString)")
        try await TestServer.run(configure: { $0.mailDirectory = directory.path }) { api in
            let world = try await RelationshipAPIWorld.build(api)
            let id = try #require(try await world.open(api).string("id"))
            // The link goes out by mail only; read it back from the outbox the way a recipient would.
            var operatorBrowser = ConsoleSession(api: api)
            _ = try await operatorBrowser.signIn(TestServer.operatorEmail, TestServer.operatorPassword)
            let outbox = try await operatorBrowser.get("/console/outbox").text
            let start = try #require(outbox.range(of: "/approve/"))
            let token = String(outbox[start.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
            let link = "/approve/\(token)"

            var browser = ConsoleSession(api: api)
            let signedOut = try await browser.get(link)
            #expect(signedOut.status == .seeOther && signedOut.headers[.location] == "/login?next=\(link)")
            let page = try await browser.get("/login?next=\(link)")
            let csrf = try #require(ConsoleSession.hiddenCSRF(page.text))
            let login = try await browser.post("/login", [("csrf", csrf), ("email", "admin@globex.example"), ("password", "user-password-12"), ("next", link)])
            #expect(login.headers[.location] == link)
            let approvePage = try await browser.get(link)
            #expect(approvePage.status == .ok && approvePage.text.contains("Acme MSSP"))
            browser.csrf = try #require(ConsoleSession.hiddenCSRF(approvePage.text))
            let done = try await browser.post(link, [("csrf", browser.csrf), ("decision", "approve"), ("privilege", "manage")])
            #expect(done.status == .ok && done.text.contains("Partner approved"))
            let relationship = try await api.call(.get, "/v1/relationships/\(id)", token: world.op)
            #expect(relationship.string("status") == "active" && relationship.string("privilege") == "manage")
            #expect(try await browser.get(link).status == .gone)
            let replay = try await browser.post(link, [("csrf", browser.csrf), ("decision", "reject")])
            #expect(replay.status == .gone)
            #expect(try await api.call(.get, "/v1/relationships/\(id)", token: world.op).string("status") == "active")

            var stranger = ConsoleSession(api: api)
            _ = try await stranger.signIn("admin@initech.example", "user-password-12")
            #expect(try await stranger.get(link).status == .notFound)
            #expect(try await stranger.get("/approve/\(String(repeating: "A", count: 43))").status == .notFound)
        }
    }

    @Test("login only follows local next paths", arguments: ["https://evil.example", "//evil.example/x", "/\\evil", "javascript:alert(1)"])
    func openRedirect(next: String) async throws {
        try await TestServer.run { api in
            var browser = ConsoleSession(api: api)
            let page = try await browser.get("/login")
            let csrf = try #require(ConsoleSession.hiddenCSRF(page.text))
            let reply = try await browser.post("/login", [("csrf", csrf), ("email", TestServer.operatorEmail), ("password", TestServer.operatorPassword), ("next", next)])
            #expect(reply.headers[.location] == "/console")
        }
    }

    @Test("customer admins answer, limit and revoke on External user settings; partner admins terminate")
    func externalSettings() async throws {
        try await TestServer.run { api in
            let world = try await RelationshipAPIWorld.build(api)
            let id = try #require(try await world.open(api).string("id"))
            var customer = ConsoleSession(api: api)
            _ = try await customer.signIn("admin@globex.example", "user-password-12")
            let pending = try await customer.get("/console/external")
            #expect(pending.status == .ok && pending.text.contains("pending-requests") && pending.text.contains("Acme MSSP"))
            #expect(try await customer.post("/console/relationships/\(id)/approve", [("csrf", customer.csrf), ("privilege", "support")]).status == .seeOther)
            #expect(try await customer.post("/console/relationships/\(id)/privilege", [("csrf", customer.csrf), ("privilege", "manage")]).status == .seeOther)
            #expect(try await api.call(.get, "/v1/relationships/\(id)", token: world.op).string("privilege") == "manage")
            let confirm = try await customer.get("/console/relationships/\(id)/revoke")
            #expect(confirm.status == .ok && confirm.text.contains("confirm-form"))
            #expect(try await api.call(.get, "/v1/relationships/\(id)", token: world.op).string("status") == "active", "the confirmation page changes nothing")
            #expect(try await customer.post("/console/relationships/\(id)/revoke", [("csrf", customer.csrf)]).status == .seeOther)
            #expect(try await api.call(.get, "/v1/relationships/\(id)", token: world.op).string("status") == "revoked")

            let second = try #require(try await world.open(api).string("id"))
            _ = try await api.call(.post, "/v1/relationships/\(second)/approve", token: world.customerAdmin)
            var partner = ConsoleSession(api: api)
            _ = try await partner.signIn("admin@mssp.example", "user-password-12")
            let customers = try await partner.get("/console/customers")
            #expect(customers.text.contains("Globex") && customers.text.contains("Terminate"))
            #expect(try await partner.get("/console/relationships/\(second)/revoke").status == .forbidden)
            #expect(try await partner.post("/console/relationships/\(second)/terminate", [("csrf", partner.csrf)]).status == .seeOther)
            #expect(try await api.call(.get, "/v1/relationships/\(second)", token: world.op).string("status") == "terminated")

            let saved = try await customer.post("/console/external/notifications", [("csrf", customer.csrf), ("on_access_removed", "true"), ("recipients", "soc@globex.example\nnot-an-email")])
            #expect(saved.status == .badRequest)
            // The form comes back as typed, its message next to the field, in words a person uses.
            #expect(saved.text.contains("soc@globex.example\nnot-an-email") && saved.text.contains("Recipient 2 "), "\(saved.text)")
            #expect(saved.text.contains(#"id="recipients-error""#) && !saved.text.contains("recipients[1]"))
            #expect(try await customer.post("/console/external/notifications", [("csrf", customer.csrf), ("on_access_removed", "true"), ("recipients", "soc@globex.example")]).status == .seeOther)
            let settings = try await api.call(.get, "/v1/orgs/\(world.customer)/notification-settings", token: world.customerAdmin).json
            #expect(settings["on_access_granted"] as? Bool == false && settings["on_access_removed"] as? Bool == true)
            // Browsers send a textarea's line breaks as CRLF.
            let lines = try await customer.post("/console/external/notifications", [("csrf", customer.csrf), ("recipients", "a@globex.example\r\nb@globex.example")])
            #expect(lines.status == .seeOther)
            let saved2 = try await api.call(.get, "/v1/orgs/\(world.customer)/notification-settings", token: world.customerAdmin).json
            #expect(saved2["recipients"] as? [String] == ["a@globex.example", "b@globex.example"])
        }
    }

    @Test("screens belong to their audience", arguments: ["/console/relationships", "/console/outbox", "/console/customers", "/console/external"])
    func audiences(path: String) async throws {
        try await TestServer.run { api in
            _ = try await RelationshipAPIWorld.build(api)
            var member = ConsoleSession(api: api)
            _ = try await member.signIn("member@globex.example", "user-password-12")
            #expect(try await member.get(path).status == .forbidden)
        }
    }
}

@Suite("console tenants and external access")
struct ConsoleAccessTests {
    @Test("an analyst with several tenants signs in to the picker and switches; the top bar lists every live tenant")
    func pickerAndSwitch() async throws {
        try await TestServer.run { api in
            let world = try await AccessWorld.build(api)
            _ = try await api.call(.post, "/v1/memberships", token: world.rel.msspAdmin, json: ["items": [world.item(world.a1, admin: true)]])
            var browser = ConsoleSession(api: api)
            let login = try await browser.signIn("a1@mssp.example", "user-password-12")
            #expect(login.headers[.location] == "/console/tenants")
            let picker = try await browser.get("/console/tenants")
            #expect(picker.text.contains("Acme MSSP") && picker.text.contains("Globex") && picker.text.contains("tenant-picker"))
            #expect(try await browser.post("/console/tenant", [("csrf", browser.csrf), ("tenant_id", world.rel.other)]).status == .notFound)
            let switched = try await browser.post("/console/tenant", [("csrf", browser.csrf), ("tenant_id", world.rel.customer)])
            #expect(switched.status == .seeOther && browser.cookies["steward_tenant"] == world.rel.customer)
            let home = try await browser.get("/console")
            #expect(home.text.contains("Working in Globex") && home.text.contains("platform administrator"))
            #expect(home.text.contains("<option value=\"\(world.rel.customer)\" selected>"))
            let accessed = try await api.call(.get, "/v1/memberships?user_id=\(world.a1)&tenant_id=\(world.rel.customer)", token: world.rel.op).items
            #expect(accessed.first?["last_access_at"] is String)
            // A forged tenant cookie is ignored: the home org is used.
            browser.cookies["steward_tenant"] = world.rel.other
            #expect(try await browser.get("/console").text.contains("Working in Acme MSSP"))
        }
    }

    @Test("customer admins see every external person, add to their team by email and remove access after confirming")
    func externalPeople() async throws {
        try await TestServer.run { api in
            let world = try await AccessWorld.build(api)
            let created = try await api.call(.post, "/v1/memberships", token: world.rel.msspAdmin, json: ["items": [world.item(world.a1)]])
            let a1Membership = try #require((created.json["items"] as? [[String: Any]])?.first?["id"] as? String)
            var customer = ConsoleSession(api: api)
            _ = try await customer.signIn("admin@globex.example", "user-password-12")
            let page = try await customer.get("/console/external")
            #expect(page.text.contains("people-table") && page.text.contains("a1@mssp.example"))
            let added = try await customer.post("/console/external/team", [
                ("csrf", customer.csrf), ("email", "admin@res.example"), ("duration", "24"), ("roles[endpoint]", "viewer"),
            ])
            #expect(added.status == .seeOther)
            let team = try await api.call(.get, "/v1/orgs/\(world.rel.customer)/external-access", token: world.rel.customerAdmin).items
            let member = try #require(team.first { $0["email"] as? String == "admin@res.example" })
            #expect(member["source"] as? String == "team" && member["expires_at"] is String)
            let unknown = try await customer.post("/console/external/team", [("csrf", customer.csrf), ("email", "ghost@nowhere.example"), ("duration", "permanent")])
            #expect(unknown.status == .badRequest && unknown.text.contains("no active user"))
            #expect(unknown.text.contains(#"value="ghost@nowhere.example""#) && unknown.text.contains(#"id="team-email-error""#))
            let badHours = try await customer.post("/console/external/team", [
                ("csrf", customer.csrf), ("email", "admin@res.example"), ("duration", "custom"), ("custom_hours", "soon"), ("roles[endpoint]", "viewer"),
            ])
            #expect(badHours.status == .badRequest && badHours.text.contains("Custom hours must be a positive number of hours"))
            #expect(badHours.text.contains(#"value="soon""#) && badHours.text.contains(#"value="custom" checked"#) && badHours.text.contains(#"value="viewer" selected"#))
            let confirm = try await customer.get("/console/access/\(a1Membership)/remove")
            #expect(confirm.status == .ok && confirm.text.contains("confirm-form"))
            #expect(try await world.check(api, world.a1).string("reason") == "allowed", "the confirmation page changes nothing")
            #expect(try await customer.post("/console/access/\(a1Membership)/remove", [("csrf", customer.csrf)]).status == .seeOther)
            #expect(try await world.check(api, world.a1).string("reason") == "no_access")
            var stranger = ConsoleSession(api: api)
            _ = try await stranger.signIn("admin@initech.example", "user-password-12")
            #expect(try await stranger.get("/console/access/\(a1Membership)/remove").status == .notFound)
        }
    }
}
