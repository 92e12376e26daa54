import Foundation
import StewardStore
import StewardTesting
import Testing

@Suite("sign-in and sessions")
struct AuthTests {
    @Test("the operator signs in; the token opens /v1/me", arguments: StoreFactory.kinds)
    func signIn(kind: BackendKind) async throws {
        try await TestServer.run(kind) { api in
            let reply = try await api.call(.post, "/v1/auth/login", json: ["email": "OPERATOR@example.com", "password": TestServer.operatorPassword])
            #expect(reply.status == .ok)
            #expect(reply.string("expires_at") != nil)
            let token = try #require(reply.string("token"))
            let me = try await api.call(.get, "/v1/me", token: token)
            #expect(me.status == .ok)
            #expect((me.json["org"] as? [String: Any])?["kind"] as? String == "vendor")
            #expect((me.json["user"] as? [String: Any])?["password_hash"] == nil)
        }
    }

    @Test("an unknown email and a wrong password get the same 401")
    func sameAnswer() async throws {
        try await TestServer.run { api in
            let wrong = try await api.call(.post, "/v1/auth/login", json: ["email": TestServer.operatorEmail, "password": "not-the-password"])
            let unknown = try await api.call(.post, "/v1/auth/login", json: ["email": "nobody@example.com", "password": "not-the-password"])
            let malformed = try await api.call(.post, "/v1/auth/login", json: ["email": "not an email", "password": "x"])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text == unknown.text && unknown.text == malformed.text)
            #expect(wrong.headers[.contentType] == "application/problem+json")
        }
    }

    @Test("five failures for one email throttle it, even with the right password; other emails are unaffected")
    func throttling() async throws {
        try await TestServer.run { api in
            for _ in 0..<5 {
                let reply = try await api.call(.post, "/v1/auth/login", json: ["email": TestServer.operatorEmail, "password": "wrong-password"])
                #expect(reply.status == .unauthorized)
            }
            let blocked = try await api.call(.post, "/v1/auth/login", json: ["email": TestServer.operatorEmail, "password": TestServer.operatorPassword])
            #expect(blocked.status == .tooManyRequests)
            #expect(blocked.headers[.retryAfter] == "900")
            let other = try await api.call(.post, "/v1/auth/login", json: ["email": "someone@example.com", "password": "x"])
            #expect(other.status == .unauthorized)
        }
    }

    @Test("requests without a valid token are 401", arguments: ["/v1/me", "/v1/orgs", "/v1/products"])
    func unauthenticated(path: String) async throws {
        try await TestServer.run { api in
            let anonymous = try await api.call(.get, path)
            let forged = try await api.call(.get, path, token: "forged-token")
            let basic = try await api.call(.get, path, headers: [.authorization: "Basic abc"])
            #expect([anonymous.status, forged.status, basic.status] == [.unauthorized, .unauthorized, .unauthorized])
        }
    }

    @Test("logout ends the session")
    func logout() async throws {
        try await TestServer.run { api in
            let token = try await api.operatorToken()
            #expect(try await api.call(.post, "/v1/auth/logout", token: token).status == .noContent)
            #expect(try await api.call(.get, "/v1/me", token: token).status == .unauthorized)
        }
    }

    @Test("deactivating a user ends their sessions and sign-ins")
    func deactivation() async throws {
        try await TestServer.run { api in
            let op = try await api.operatorToken()
            let org = try await api.createOrg(op, ["kind": "partner", "name": "P", "program": "msp"])
            let user = try await api.createUser(op, org: org, email: "gone@p.example")
            let token = try await api.login("gone@p.example", "user-password-12")
            let deleted = try await api.call(.delete, "/v1/users/\(user)", token: op)
            #expect(deleted.status == .ok && deleted.string("status") == "deactivated")
            #expect(try await api.call(.get, "/v1/me", token: token).status == .unauthorized)
            let again = try await api.call(.post, "/v1/auth/login", json: ["email": "gone@p.example", "password": "user-password-12"])
            #expect(again.status == .unauthorized)
            #expect(try await api.call(.get, "/v1/users/\(user)", token: op).string("status") == "deactivated")
        }
    }

    @Test("a console session cookie does not authenticate the API")
    func cookieNotForAPI() async throws {
        try await TestServer.run { api in
            let token = try await api.operatorToken()
            #expect(try await api.call(.get, "/v1/me", headers: [.cookie: "steward_session=\(token)"]).status == .unauthorized)
        }
    }
}
