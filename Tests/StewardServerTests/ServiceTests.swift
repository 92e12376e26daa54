import Foundation
import Hummingbird
@testable import StewardServer
import StewardStore
import StewardTesting
import Testing

@Suite("service endpoints")
struct ServiceTests {
    @Test("health, readiness and metrics answer without sign-in", arguments: StoreFactory.kinds)
    func service(kind: BackendKind) async throws {
        try await TestServer.run(kind) { api in
            #expect(try await api.call(.get, "/healthz").status == .ok)
            #expect(try await api.call(.get, "/readyz").status == .ok)
            _ = try await api.call(.get, "/v1/me")
            let metrics = try await api.call(.get, "/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.text.contains("steward_http_requests_total{method=\"GET\",route=\"/v1/me\",status=\"401\"}"))
        }
    }

    @Test("readiness fails once the database is gone")
    func notReady() async throws {
        let server = try await TestServer.make()
        let app = Application(router: try server.steward.buildRouter())
        await server.steward.store.shutdown()
        try await app.test(.router) { client in
            let reply = try await APIClient(client: client).call(.get, "/readyz")
            #expect(reply.status == .serviceUnavailable)
        }
    }

    @Test("unknown routes are problem+json 404s")
    func unknownRoute() async throws {
        try await TestServer.run { api in
            let reply = try await api.call(.get, "/v1/nothing-here")
            #expect(reply.status == .notFound)
            #expect(reply.headers[.contentType] == "application/problem+json")
        }
    }

    @Test("the OpenAPI document lists exactly the router's API routes (console pages need no operations)")
    func openAPIMatchesRouter() async throws {
        let server = try await TestServer.make()
        let router = try server.steward.buildRouter()
        await server.steward.store.shutdown()
        let routed = Set(router.routes.map { "\($0.method.rawValue) \(Self.openAPIPath($0.path.description))" }.filter(Self.isAPIRoute))
        try await TestServer.run { api in
            let reply = try await api.call(.get, "/openapi.json")
            #expect(reply.status == .ok)
            #expect(reply.string("openapi")?.hasPrefix("3.1") == true)
            let paths = try #require(reply.json["paths"] as? [String: [String: Any]])
            let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options"]
            let documented = Set(paths.flatMap { path, operations in
                operations.keys.filter(methods.contains).map { "\($0.uppercased()) \(path)" }
            })
            #expect(routed.subtracting(documented).sorted() == [], "routes missing from the OpenAPI document")
            #expect(documented.subtracting(routed).sorted() == [], "documented routes the router lacks")
        }
    }

    /// The API, health, metrics, keys and the document itself; the rest are console pages.
    static func isAPIRoute(_ route: String) -> Bool {
        let path = String(route.split(separator: " ", maxSplits: 1).last ?? "")
        return path.hasPrefix("/v1/") || path.hasPrefix("/.well-known/") || ["/healthz", "/readyz", "/metrics", "/openapi.json"].contains(path)
    }

    /// Hummingbird writes `/v1/orgs/{id}` as `/v1/orgs/:id` in some versions; OpenAPI uses braces.
    static func openAPIPath(_ path: String) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map { part -> String in
            part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
        }
        let joined = parts.joined(separator: "/")
        return joined.isEmpty ? "/" : (joined.hasPrefix("/") ? joined : "/" + joined)
    }
}

@Suite("configuration")
struct ConfigurationTests {
    @Test("environment variables override the defaults")
    func environment() throws {
        let configuration = try Configuration.fromEnvironment([
            "STEWARD_HOST": "0.0.0.0", "STEWARD_PORT": "9090", "STEWARD_DATABASE_URL": "postgres://u:p@db:5432/steward",
            "STEWARD_APPROVAL_WINDOW": "12h", "STEWARD_REGIONS": "us, eu", "STEWARD_MAX_BODY": "512KiB", "STEWARD_PUBLIC_URL": "https://steward.example",
        ])
        #expect(configuration.host == "0.0.0.0" && configuration.port == 9090)
        #expect(configuration.database == .postgres(url: "postgres://u:p@db:5432/steward"))
        #expect(configuration.approvalWindow == .seconds(12 * 3600))
        #expect(configuration.regions == ["us", "eu"])
        #expect(configuration.maxBodyBytes == 512 * 1024)
        #expect(configuration.effectivePublicURL == "https://steward.example")
        #expect(Configuration().effectivePublicURL == "http://127.0.0.1:8080")
        #expect(Configuration().database == .sqlite(path: "steward-data/steward.sqlite"))
    }

    @Test("bad values stop start-up with a message naming the variable", arguments: [
        ["STEWARD_PORT": "70000"], ["STEWARD_APPROVAL_WINDOW": "2 weeks"], ["STEWARD_MAX_BODY": "-1"], ["STEWARD_REGIONS": "us,us"],
        ["STEWARD_DATABASE_URL": "mysql://x"], ["STEWARD_BCRYPT_COST": "2"],
    ])
    func badValues(environment: [String: String]) {
        #expect(throws: (any Error).self) { try Configuration.fromEnvironment(environment) }
    }

    @Test("durations and sizes parse their units")
    func units() throws {
        #expect(try ConfigurationParsing.duration("30s", name: "x") == .seconds(30))
        #expect(try ConfigurationParsing.duration("15m", name: "x") == .seconds(900))
        #expect(try ConfigurationParsing.duration("14d", name: "x") == .seconds(14 * 86400))
        #expect(try ConfigurationParsing.size("1MiB", name: "x") == 1 << 20)
        #expect(try ConfigurationParsing.size("2048", name: "x") == 2048)
        #expect(throws: ConfigurationError.self) { try ConfigurationParsing.duration("0s", name: "x") }
    }
}
