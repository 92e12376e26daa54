import Foundation
import HTTPTypes
import StewardCore
import HummingbirdBcrypt
import HummingbirdOTP
import Testing
@testable import StewardServer
import StewardStore
import StewardTesting

/// API.md "Auth and self": passwords, sessions after a password change, TOTP and its requirement.
@Suite("sign-in hardening")
struct SignInTests {
    static func rawSecret(_ base32: String) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var bits = 0, buffer = 0
        var bytes: [UInt8] = []
        for character in base32 {
            buffer = (buffer << 5) | alphabet.firstIndex(of: character)!
            bits += 5
            if bits >= 8 {
                bytes.append(UInt8((buffer >> (bits - 8)) & 0xFF))
                bits -= 8
                buffer &= (1 << bits) - 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func code(_ secret: String, at date: Date = Date()) -> String {
        String(format: "%06d", TOTP(secret: rawSecret(secret)).compute(date: date))
    }

    @Test("weak passwords are refused: common ones, repeats, the email's own name")
    func weakPasswords() async throws {
        try await TestServer.run { api in
            let op = try await api.operatorToken()
            let org = try await api.createOrg(op, ["kind": "customer", "name": "Weak"])
            for password in ["aaaaaaaaaaaa", "qwerty123456", "Password2026!", "jane.doe-2026-x", "short-pass"] {
                let reply = try await api.call(.post, "/v1/orgs/\(org)/users", token: op, json: ["email": "jane.doe@weak.example", "name": "Jane", "role": "member", "password": password])
                #expect(reply.status == .badRequest && reply.errorFields == ["password"], "\(password): \(reply.text)")
            }
        }
    }

    @Test("every byte of a password counts: past 72 bytes a different tail is a wrong password")
    func longPasswords() async throws {
        try await TestServer.run { api in
            let op = try await api.operatorToken()
            let org = try await api.createOrg(op, ["kind": "customer", "name": "Long"])
            let long = String(repeating: "correct-horse-", count: 6) + "A"
            _ = try await api.createUser(op, org: org, email: "long@long.example", password: long)
            #expect(try await api.call(.post, "/v1/auth/login", json: ["email": "long@long.example", "password": String(long.dropLast()) + "B"]).status == .unauthorized)
            #expect(try await api.call(.post, "/v1/auth/login", json: ["email": "long@long.example", "password": long]).status == .ok)
        }
    }

    @Test("an earlier build's bcrypt hash still signs in, is upgraded, and a NUL no longer cuts the password short")
    func legacyHash() async throws {
        let server = try await TestServer.make()
        try await server.exercise { api in
            let op = try await api.operatorToken()
            let org = try await api.createOrg(op, ["kind": "customer", "name": "Legacy"])
            let id = try await api.createUser(op, org: org, email: "old@legacy.example")
            try await server.steward.store.execute(raw: "UPDATE users SET password_hash = '\(Bcrypt.hash("old-fashioned-secret", cost: 4))' WHERE id = '\(id)'")
            #expect(try await api.call(.post, "/v1/auth/login", json: ["email": "old@legacy.example", "password": "old-fashioned-secret\u{0}tail"]).status == .unauthorized)
            #expect(try await api.call(.post, "/v1/auth/login", json: ["email": "old@legacy.example", "password": "old-fashioned-secret"]).status == .ok)
            let hash = try await server.steward.store.credentials(email: EmailAddress("old@legacy.example")!)?.passwordHash
            #expect(hash?.hasPrefix(PasswordHasher.prefix) == true)
            #expect(try await api.call(.post, "/v1/auth/login", json: ["email": "old@legacy.example", "password": "old-fashioned-secret"]).status == .ok)
        }
    }

    @Test("a password change ends every other session of the user; the one that made it stays")
    func passwordChangeEndsSessions() async throws {
        try await TestServer.run { api in
            let op = try await api.operatorToken()
            let org = try await api.createOrg(op, ["kind": "customer", "name": "Sessions"])
            let id = try await api.createUser(op, org: org, email: "s@sessions.example")
            let first = try await api.login("s@sessions.example", "user-password-12")
            let second = try await api.login("s@sessions.example", "user-password-12")
            let changed = try await api.call(.patch, "/v1/users/\(id)", token: first, json: ["password": "a-fresh-passphrase-77"])
            #expect(changed.status == .ok, "\(changed.text)")
            #expect(try await api.call(.get, "/v1/me", token: first).status == .ok)
            #expect(try await api.call(.get, "/v1/me", token: second).status == .unauthorized)
            // A reset by an admin ends every session, the user's last one included.
            #expect(try await api.call(.patch, "/v1/users/\(id)", token: op, json: ["password": "an-admin-reset-88"]).status == .ok)
            #expect(try await api.call(.get, "/v1/me", token: first).status == .unauthorized)
        }
    }

    @Test("TOTP: enrol, confirm, sign in with a code once, a recovery code once, and disable with a code")
    func totpFlow() async throws {
        try await TestServer.run { api in
            let op = try await api.operatorToken()
            let org = try await api.createOrg(op, ["kind": "customer", "name": "MFA"])
            _ = try await api.createUser(op, org: org, email: "m@mfa.example")
            let token = try await api.login("m@mfa.example", "user-password-12")
            let enrolment = try await api.call(.post, "/v1/me/mfa/totp", token: token)
            #expect(enrolment.status == .created && enrolment.headers[.cacheControl] == "no-store", "\(enrolment.text)")
            let secret = try #require(enrolment.string("secret"))
            #expect(enrolment.string("otpauth_url")?.hasPrefix("otpauth://totp/") == true)
            // Not in force until confirmed.
            #expect(try await api.call(.post, "/v1/auth/login", json: ["email": "m@mfa.example", "password": "user-password-12"]).status == .ok)
            #expect(try await api.call(.post, "/v1/me/mfa/totp/confirm", token: token, json: ["code": "000000"]).status == .badRequest)
            let confirmed = try await api.call(.post, "/v1/me/mfa/totp/confirm", token: token, json: ["code": Self.code(secret)])
            let codes = try #require(confirmed.json["recovery_codes"] as? [String], "\(confirmed.text)")
            #expect(codes.count == 10 && Set(codes).count == 10)

            let without = try await api.call(.post, "/v1/auth/login", json: ["email": "m@mfa.example", "password": "user-password-12"])
            #expect(without.status == .unauthorized && without.json["mfa_required"] as? Bool == true, "\(without.text)")
            let wrongPassword = try await api.call(.post, "/v1/auth/login", json: ["email": "m@mfa.example", "password": "not-it-at-all-1"])
            #expect(wrongPassword.json["mfa_required"] == nil, "the code is asked for only after the right password")
            // The next step's code (one step of drift is allowed): the step confirmation used is spent.
            let now = Self.code(secret, at: Date().addingTimeInterval(30))
            #expect(try await api.call(.post, "/v1/auth/login", json: ["email": "m@mfa.example", "password": "user-password-12", "totp": now]).status == .ok)
            #expect(try await api.call(.post, "/v1/auth/login", json: ["email": "m@mfa.example", "password": "user-password-12", "totp": now]).status == .unauthorized, "a code is spent once")
            #expect(try await api.call(.post, "/v1/auth/login", json: ["email": "m@mfa.example", "password": "user-password-12", "totp": codes[0]]).status == .ok)
            #expect(try await api.call(.post, "/v1/auth/login", json: ["email": "m@mfa.example", "password": "user-password-12", "totp": codes[0]]).status == .unauthorized, "a recovery code is spent once")
            #expect(try await api.call(.delete, "/v1/me/mfa/totp", token: token, json: ["code": "123456"]).status == .badRequest)
            #expect(try await api.call(.delete, "/v1/me/mfa/totp", token: token, json: ["code": codes[1]]).status == .noContent)
            #expect(try await api.call(.post, "/v1/auth/login", json: ["email": "m@mfa.example", "password": "user-password-12"]).status == .ok)
        }
    }

    @Test("STEWARD_REQUIRE_MFA=admins: an admin without TOTP gets a token for enrolment only, until they enrol")
    func requiredEnrolment() async throws {
        try await TestServer.run(configure: { $0.requireMFA = .admins }) { api in
            let login = try await api.call(.post, "/v1/auth/login", json: ["email": TestServer.operatorEmail, "password": TestServer.operatorPassword])
            #expect(login.status == .ok && login.json["mfa_enrolment_required"] as? Bool == true, "\(login.text)")
            let token = try #require(login.string("token"))
            #expect(try await api.call(.get, "/v1/me", token: token).status == .ok)
            #expect(try await api.call(.get, "/v1/orgs", token: token).status == .forbidden)
            let secret = try #require(try await api.call(.post, "/v1/me/mfa/totp", token: token).string("secret"))
            #expect(try await api.call(.post, "/v1/me/mfa/totp/confirm", token: token, json: ["code": Self.code(secret)]).status == .ok)
            #expect(try await api.call(.get, "/v1/orgs", token: token).status == .ok, "the same token reaches everything once enrolled")
            #expect(try await api.call(.delete, "/v1/me/mfa/totp", token: token, json: ["code": Self.code(secret, at: Date().addingTimeInterval(30))]).status == .forbidden)
        }
    }

    @Test("the sign-in form's CSRF value is bound to a pre-session the server signed, not to any cookie")
    func loginPreSession() async throws {
        try await TestServer.run { api in
            let attacker = "made-up-by-the-attacker"
            let reply = try await api.call(
                .post, "/login", body: "csrf=\(attacker)&email=\(TestServer.operatorEmail)&password=\(TestServer.operatorPassword)",
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "steward_login_csrf=\(attacker)"]
            )
            #expect(reply.status == .forbidden, "a double-submit of the attacker's own value no longer works")
        }
    }

    @Test("the client address comes from the peer, or from X-Forwarded-For only through trusted proxies")
    func clientAddress() {
        let proxies = [IPNetwork("10.0.0.0/8")!, IPNetwork("2001:db8::/32")!]
        #expect(ClientAddress.resolve(peer: "192.0.2.9", forwardedFor: "198.51.100.1", trusted: proxies) == "192.0.2.9", "an untrusted peer's header is ignored")
        #expect(ClientAddress.resolve(peer: "10.1.2.3", forwardedFor: "198.51.100.1", trusted: proxies) == "198.51.100.1")
        #expect(ClientAddress.resolve(peer: "10.1.2.3", forwardedFor: "203.0.113.5, 198.51.100.1, 10.9.9.9", trusted: proxies) == "198.51.100.1",
                "the right-most address that is not a trusted proxy; what the client wrote before it is not believed")
        #expect(ClientAddress.resolve(peer: "::ffff:10.0.0.1", forwardedFor: "198.51.100.2", trusted: proxies) == "198.51.100.2")
        #expect(ClientAddress.resolve(peer: "10.0.0.1", forwardedFor: "garbage", trusted: proxies) == "unparsed:garbage", "never the proxy's own count")
        #expect(ClientAddress.resolve(peer: "10.0.0.1", forwardedFor: "198.51.100.1:4431", trusted: proxies) == "198.51.100.1")
        #expect(ClientAddress.resolve(peer: "10.0.0.1", forwardedFor: "[2001:db9:1:2::5]:443", trusted: proxies) == "2001:db9:1:2:0:0:0:0/64")
        #expect(ClientAddress.resolve(peer: "2001:db9:1:2::a", forwardedFor: nil, trusted: proxies) == ClientAddress.resolve(peer: "2001:db9:1:2::b", forwardedFor: nil, trusted: proxies),
                "one /64 is one client")
        #expect(ClientAddress.resolve(peer: nil, forwardedFor: "198.51.100.1", trusted: proxies) == "unknown")
        #expect(IPNetwork("10.0.0.0/33") == nil && IPNetwork("nonsense") == nil)
    }

    @Test("found by the second probe: parallel guesses, API tokens and passwords, a requirement that came later, guessing codes")
    func secondProbe() async throws {
        let database = try await StoreFactory.url(.sqlite)
        let keys = FileManager.default.temporaryDirectory.appendingPathComponent("steward-keys-\(UUID().uuidString).json").path
        final class Credentials: @unchecked Sendable { var session = "", apiToken = "" }
        let carried = Credentials()
        try await TestServer.run(configure: { $0.database = database; $0.keyFile = keys }) { api in
            // Twenty wrong passwords at once: no more than five are judged; the rest are throttled.
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for index in 0..<20 {
                    group.addTask { try await api.call(.post, "/v1/auth/login", json: ["email": TestServer.operatorEmail, "password": "wrong-guess-\(index)"]).status }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .unauthorized }.count <= SignIn.maxFailures, "\(statuses)")
            #expect(statuses.filter { $0 == .tooManyRequests }.count >= 20 - SignIn.maxFailures)
        }
        // A fresh database for the rest, as the operator's address is throttled now.
        let fresh = try await StoreFactory.url(.sqlite)
        try await TestServer.run(configure: { $0.database = fresh; $0.keyFile = keys + ".2" }) { api in
            let session = try await api.operatorToken()
            let apiToken = try #require(try await api.call(.post, "/v1/api-tokens", token: session, json: ["name": "t", "scopes": ["admin"]]).string("token"))
            let me = try #require((try await api.call(.get, "/v1/me", token: session).json["user"] as? [String: Any])?["id"] as? String)
            let viaToken = try await api.call(.patch, "/v1/users/\(me)", token: apiToken, json: ["password": "a-token-set-this-1"])
            #expect(viaToken.status == .forbidden, "a leaked token must not set its owner's password: \(viaToken.text)")
            // Guessing the code to switch TOTP off is throttled like sign-in.
            let secret = try #require(try await api.call(.post, "/v1/me/mfa/totp", token: session).string("secret"))
            #expect(try await api.call(.post, "/v1/me/mfa/totp/confirm", token: session, json: ["code": Self.code(secret)]).status == .ok)
            var last = HTTPResponse.Status.ok
            for guess in 0..<(SignIn.maxFailures + 1) {
                last = try await api.call(.delete, "/v1/me/mfa/totp", token: session, json: ["code": String(format: "%06d", guess)]).status
            }
            #expect(last == .tooManyRequests)
            #expect(try await api.call(.delete, "/v1/me/mfa/totp", token: session, json: ["code": Self.code(secret, at: Date().addingTimeInterval(30))]).status == .tooManyRequests,
                    "even the right code waits out the throttle")
        }
        // The requirement switched on after a session and a token were made: both are held to it at once.
        let later = try await StoreFactory.url(.sqlite)
        try await TestServer.run(configure: { $0.database = later; $0.keyFile = keys + ".3" }) { api in
            carried.session = try await api.operatorToken()
            carried.apiToken = try #require(try await api.call(.post, "/v1/api-tokens", token: carried.session, json: ["name": "t", "scopes": ["admin"]]).string("token"))
        }
        try await TestServer.run(configure: { $0.database = later; $0.keyFile = keys + ".3"; $0.requireMFA = .operators }) { api in
            let orgs = try await api.call(.get, "/v1/orgs", token: carried.session)
            let me = try await api.call(.get, "/v1/me", token: carried.session)
            let viaToken = try await api.call(.get, "/v1/orgs", token: carried.apiToken)
            let minted = try await api.call(.post, "/v1/api-tokens", token: carried.session, json: ["name": "after", "scopes": ["admin"]])
            #expect(orgs.status == .forbidden && me.status == .ok && viaToken.status == .forbidden && minted.status == .forbidden)
        }
    }
}
