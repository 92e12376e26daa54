import Foundation
import Testing
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
@testable import StewardServer
import StewardStore
import StewardTesting

/// A Steward on a fresh database, bootstrapped with a known operator, driven through its router.
struct TestServer {
    static let operatorEmail = "operator@example.com"
    static let operatorPassword = "tangerine-lamp-47"

    let steward: Steward

    static func make(
        _ kind: BackendKind = .sqlite, clock: @escaping @Sendable () -> Date = { Date() }, configure: (inout Configuration) -> Void = { _ in }
    ) async throws -> TestServer {
        var configuration = Configuration()
        configuration.database = try await StoreFactory.url(kind)
        configuration.operatorEmail = operatorEmail
        configuration.operatorPassword = operatorPassword
        configuration.bcryptCost = 4
        configuration.keyFile = FileManager.default.temporaryDirectory.appendingPathComponent("steward-keys-\(UUID().uuidString).json").path
        configure(&configuration)
        let steward = try await Steward.open(configuration: configuration, clock: clock)
        _ = try await steward.bootstrapIfEmpty()
        return TestServer(steward: steward)
    }

    /// Runs `body` against the router, then closes the database.
    static func run(
        _ kind: BackendKind = .sqlite, clock: @escaping @Sendable () -> Date = { Date() }, configure: (inout Configuration) -> Void = { _ in },
        _ body: @escaping @Sendable (APIClient) async throws -> Void
    ) async throws {
        let server = try await make(kind, clock: clock, configure: configure)
        do {
            let app = Application(router: try server.steward.buildRouter())
            try await app.test(.router) { client in try await body(APIClient(client: client)) }
            await server.steward.store.shutdown()
        } catch {
            await server.steward.store.shutdown()
            throw error
        }
    }
}

/// A response with its body read as text and, when JSON, as an object.
struct Reply: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var text: String

    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
    var items: [[String: Any]] { json["items"] as? [[String: Any]] ?? [] }
    func string(_ key: String) -> String? { json[key] as? String }
    var errorFields: [String] { (json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String } }
}

/// Small conveniences over the test client, in the words of the API.
struct APIClient: Sendable {
    let client: any TestClientProtocol

    @discardableResult
    func call(
        _ method: HTTPRequest.Method, _ path: String, token: String? = nil, body: String? = nil, headers extra: HTTPFields = [:]
    ) async throws -> Reply {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if body != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        let reply = try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            Reply(status: response.status, headers: response.headers, text: String(buffer: response.body))
        }
        // Every answer is held to the document: a test fails when the code and the document disagree.
        for problem in OpenAPIConformance.shared.problems(
            method: method, path: path, status: Int(reply.status.code), contentType: reply.headers[.contentType], body: reply.text
        ) {
            Issue.record("the response breaks openapi.json: \(problem)")
        }
        return reply
    }

    @discardableResult
    func call(_ method: HTTPRequest.Method, _ path: String, token: String? = nil, json: [String: Any], headers: HTTPFields = [:]) async throws -> Reply {
        let data = try JSONSerialization.data(withJSONObject: json)
        return try await call(method, path, token: token, body: String(decoding: data, as: UTF8.self), headers: headers)
    }

    /// Signs in and returns the session token; throws when sign-in fails.
    func login(_ email: String, _ password: String) async throws -> String {
        let reply = try await call(.post, "/v1/auth/login", json: ["email": email, "password": password])
        guard reply.status == .ok, let token = reply.string("token") else {
            throw TestFailure("sign-in as \(email) failed: \(reply.status) \(reply.text)")
        }
        return token
    }

    func operatorToken() async throws -> String {
        try await login(TestServer.operatorEmail, TestServer.operatorPassword)
    }

    /// Creates an org as the operator and returns its id.
    func createOrg(_ token: String, _ fields: [String: Any]) async throws -> String {
        let reply = try await call(.post, "/v1/orgs", token: token, json: fields)
        guard reply.status == .created, let id = reply.string("id") else { throw TestFailure("create org: \(reply.status) \(reply.text)") }
        return id
    }

    /// Creates a user with a password and returns their id.
    func createUser(_ token: String, org: String, email: String, role: String = "member", password: String = "user-password-12") async throws -> String {
        let reply = try await call(
            .post, "/v1/orgs/\(org)/users", token: token,
            json: ["email": email, "name": "User \(email)", "role": role, "password": password]
        )
        guard reply.status == .created, let id = reply.string("id") else { throw TestFailure("create user: \(reply.status) \(reply.text)") }
        return id
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
