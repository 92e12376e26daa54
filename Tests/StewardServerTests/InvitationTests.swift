import Foundation
import Hummingbird
import HummingbirdTesting
import StewardCore
import StewardStore
@testable import StewardServer
import StewardTesting
import Testing

/// Invitations (issue 11, point 6): a user created without a password gets a single-use set-password link.
@Suite("invitations")
struct InvitationTests {
    /// The set-password link in the newest invitation email to `email`.
    static func link(to email: String, in store: Store) async throws -> String {
        let mail = try await store.outbox(page: PageRequest(limit: 500)).items.filter { $0.message.kind == "user.invited" && $0.message.to.map(\.value) == [email] }
        let body = try #require(mail.first?.message.body)
        let line = try #require(body.split(separator: "\n").first { $0.contains("/invitation/") })
        return String(line[line.range(of: "/invitation/")!.lowerBound...]).trimmingCharacters(in: .whitespaces)
    }

    @Test("created without a password: invited, cannot sign in, sets a password once through the link; a resent link replaces the old", arguments: StoreFactory.kinds)
    func flow(kind: BackendKind) async throws {
        try await LicenseRequestTests.run(kind) { api, store in
            let world = try await AccessWorld.build(api)
            let created = try await api.call(.post, "/v1/orgs/\(world.rel.mssp)/users", token: world.rel.msspAdmin,
                                             json: ["email": "new@mssp.example", "name": "Nia New", "role": "member"])
            #expect(created.status == .created)
            let userID = try #require(created.string("id"))
            #expect(try await api.call(.post, "/v1/auth/login", json: ["email": "new@mssp.example", "password": "anything-at-all-1"]).status == .unauthorized)
            let first = try await Self.link(to: "new@mssp.example", in: store)
            #expect(first.count > 40, "a long random token")

            var admin = ConsoleSession(api: api)
            _ = try await admin.signIn("admin@mssp.example", "user-password-12")
            let users = try await admin.get("/console/orgs/\(world.rel.mssp)")
            #expect(users.text.contains(">invited<") && users.text.contains("/console/users/\(userID)/invitation"))
            #expect(try await admin.post("/console/users/\(userID)/invitation", [("csrf", admin.csrf)]).status == .seeOther)
            let second = try await Self.link(to: "new@mssp.example", in: store)
            #expect(second != first)
            #expect(try await api.call(.get, first).status == .notFound, "the replaced link no longer works")

            // The page asks for the password twice, checks it, then the link is spent.
            var visitor = ConsoleSession(api: api)
            let page = try await visitor.get(second)
            #expect(page.status == .ok && page.text.contains("Nia New") && page.text.contains(#"id="invitation-form""#))
            let csrf = try #require(ConsoleSession.hiddenCSRF(page.text))
            let weak = try await visitor.post(second, [("csrf", csrf), ("password", "short"), ("confirm", "short")])
            #expect(weak.status == .badRequest)
            let csrf2 = try #require(ConsoleSession.hiddenCSRF(weak.text))
            let mismatch = try await visitor.post(second, [("csrf", csrf2), ("password", "nia-chooses-well-42"), ("confirm", "nia-chooses-well-43")])
            #expect(mismatch.status == .badRequest && mismatch.text.contains("does not match"))
            let csrf3 = try #require(ConsoleSession.hiddenCSRF(mismatch.text))
            let forged = try await visitor.post(second, [("csrf", "forged"), ("password", "nia-chooses-well-42"), ("confirm", "nia-chooses-well-42")])
            #expect(forged.status == .forbidden && !csrf3.isEmpty)
            // Each rendering of the form signs a new pre-session: the form just shown is the one to send.
            let csrf4 = try #require(ConsoleSession.hiddenCSRF(forged.text))
            let set = try await visitor.post(second, [("csrf", csrf4), ("password", "nia-chooses-well-42"), ("confirm", "nia-chooses-well-42")])
            #expect(set.status == .seeOther && set.headers[.location] == "/login", "\(set.text)")
            #expect(try await api.login("new@mssp.example", "nia-chooses-well-42").isEmpty == false)
            let replay = try await api.call(.get, second)
            #expect(replay.status == .gone && replay.text.contains("already been used"))
            // Once a password is set there is nothing to resend.
            #expect(try await api.call(.post, "/v1/users/\(userID)/invitation", token: world.rel.msspAdmin).status == .conflict)
            let audit = try await api.call(.get, "/v1/audit?action=user.invitation_accepted", token: world.rel.op)
            #expect(audit.items.count == 1)
        }
    }

    @Test("an expired link says so; resending is for the user's org admins and operators; a made-up link reads as unknown")
    func refusals() async throws {
        let clock = TestClock()
        try await LicenseRequestTests.run(clock: clock) { api, store in
            let world = try await AccessWorld.build(api)
            let created = try await api.call(.post, "/v1/orgs/\(world.rel.mssp)/users", token: world.rel.op, json: ["email": "late@mssp.example", "name": "Lee Late", "role": "member"])
            let userID = try #require(created.string("id"))
            let link = try await Self.link(to: "late@mssp.example", in: store)
            #expect(try await api.call(.get, "/invitation/not-a-real-token").status == .notFound)
            let member = try await api.call(.post, "/v1/users/\(userID)/invitation", token: world.rel.msspMember)
            #expect([.forbidden, .notFound].contains(member.status), "a member of the org sends nothing: \(member.text)")
            for token in [world.rel.customerAdmin, world.rel.resellerAdmin] {
                #expect(try await api.call(.post, "/v1/users/\(userID)/invitation", token: token).status == .notFound)
            }
            #expect(try await api.call(.post, "/v1/users/\(userID)/invitation", token: world.rel.msspAdmin, json: ["x": 1]).status == .badRequest)
            clock.advance(72 * 3600 + 1)
            let expired = try await api.call(.get, link)
            #expect(expired.status == .gone && expired.text.contains("expired"))
            let op = try await api.login(TestServer.operatorEmail, TestServer.operatorPassword)
            let resent = try await api.call(.post, "/v1/users/\(userID)/invitation", token: op)
            #expect(resent.status == .accepted && resent.string("status") == "sent", "\(resent.text)")
            #expect(try await api.call(.get, try await Self.link(to: "late@mssp.example", in: store)).status == .ok)
        }
    }

    @Test("a link stops working when the user's email changes or the user is deactivated (found by review)")
    func linkFollowsTheAddress() async throws {
        try await LicenseRequestTests.run { api, store in
            let world = try await AccessWorld.build(api)
            let typo = try await api.call(.post, "/v1/orgs/\(world.rel.mssp)/users", token: world.rel.msspAdmin, json: ["email": "tpyo@mssp.example", "name": "Tia Typo", "role": "member"])
            let typoID = try #require(typo.string("id"))
            let link = try await Self.link(to: "tpyo@mssp.example", in: store)
            #expect(try await api.call(.patch, "/v1/users/\(typoID)", token: world.rel.msspAdmin, json: ["email": "typo@mssp.example"]).status == .ok)
            #expect(try await api.call(.get, link).status == .notFound, "the link to the old address no longer works")
            let other = try await api.call(.post, "/v1/orgs/\(world.rel.mssp)/users", token: world.rel.msspAdmin, json: ["email": "gone@mssp.example", "name": "Gil Gone", "role": "member"])
            let otherLink = try await Self.link(to: "gone@mssp.example", in: store)
            #expect(try await api.call(.delete, "/v1/users/\(try #require(other.string("id")))", token: world.rel.msspAdmin).status == .ok)
            #expect(try await api.call(.get, otherLink).status == .notFound)
            // Operators see that an invitation went out, not the link.
            var op = ConsoleSession(api: api)
            _ = try await op.signIn(TestServer.operatorEmail, TestServer.operatorPassword)
            let outbox = try await op.get("/console/outbox")
            #expect(outbox.text.contains("/invitation/[hidden]") && !outbox.text.contains(String(link.dropFirst("/invitation/".count))))
        }
    }

    @Test("the users table's actions: edit name, role and time zone; deactivate after confirming")
    func userActions() async throws {
        try await TestServer.run { api in
            let world = try await AccessWorld.build(api)
            var admin = ConsoleSession(api: api)
            _ = try await admin.signIn("admin@mssp.example", "user-password-12")
            #expect(try await admin.get("/console/orgs/\(world.rel.mssp)").text.contains("/console/users/\(world.a1)/edit"))
            let page = try await admin.get("/console/users/\(world.a1)/edit")
            #expect(page.status == .ok && page.text.contains(#"id="user-edit-form""#))
            let bad = try await admin.post("/console/users/\(world.a1)/edit", [("csrf", admin.csrf), ("name", ""), ("role", "member"), ("time_zone", "Mars/Olympus"), ("version", "1")])
            #expect(bad.status == .badRequest && bad.text.contains(#"id="edit-time-zone-error""#))
            let saved = try await admin.post("/console/users/\(world.a1)/edit", [("csrf", admin.csrf), ("name", "Ana Analyst"), ("role", "admin"), ("time_zone", "Europe/Paris"), ("version", "1")])
            #expect(saved.status == .seeOther, "\(saved.text)")
            let user = try await api.call(.get, "/v1/users/\(world.a1)", token: world.rel.msspAdmin)
            #expect(user.string("name") == "Ana Analyst" && user.string("role") == "admin" && user.string("time_zone") == "Europe/Paris")
            let stale = try await admin.post("/console/users/\(world.a1)/edit", [("csrf", admin.csrf), ("name", "Old"), ("role", "admin"), ("time_zone", "UTC"), ("version", "1")])
            #expect(stale.status == .preconditionFailed || stale.status == .conflict, "an edit based on an old version is refused: \(stale.status)")
            let confirm = try await admin.get("/console/users/\(world.a2)/deactivate")
            #expect(confirm.status == .ok && confirm.text.contains(#"id="confirm-form""#))
            #expect(try await admin.post("/console/users/\(world.a2)/deactivate", [("csrf", admin.csrf)]).status == .seeOther)
            #expect(try await api.call(.get, "/v1/users/\(world.a2)", token: world.rel.msspAdmin).string("status") == "deactivated")
            var member = ConsoleSession(api: api)
            _ = try await member.signIn("analyst@mssp.example", "user-password-12")
            #expect([.forbidden, .notFound].contains(try await member.post("/console/users/\(world.a1)/deactivate", [("csrf", member.csrf)]).status))
            var stranger = ConsoleSession(api: api)
            _ = try await stranger.signIn("admin@globex.example", "user-password-12")
            #expect(try await stranger.get("/console/users/\(world.a1)/edit").status == .notFound)
        }
    }

    @Test("a secret link's token never reaches the log of an unexpected error")
    func loggedPaths() {
        #expect(ErrorMiddleware.loggable("/invitation/abc123") == "/invitation/[hidden]")
        #expect(ErrorMiddleware.loggable("/approve/abc123") == "/approve/[hidden]")
        #expect(ErrorMiddleware.loggable("/console/orgs/org_1") == "/console/orgs/org_1")
    }
}
