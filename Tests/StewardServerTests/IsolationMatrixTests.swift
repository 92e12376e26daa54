import Foundation
import HTTPTypes
import Testing
@testable import StewardServer
import StewardStore
import StewardTesting

/// SPEC §4: anything outside a caller's reach reads exactly like something that does not exist. Every route
/// of the router that names an id, asked by callers from other tenants with the world's real ids and with
/// made-up ids of the same shape: the answers must be refusals (403/404), and the same, byte for byte.
@Suite("isolation: every route × caller from another tenant × real and made-up ids")
struct IsolationMatrixTests {
    /// A made-up id with the real one's prefix and length.
    static func madeUp(_ real: String) -> String {
        String(real.dropLast(10)) + "ZZZZZZZZZZ"
    }

    /// A body the route would accept from someone within reach, so refusals are about reach, not input.
    static func body(_ method: HTTPRequest.Method, _ path: String) -> String? {
        switch (method, path) {
        case (.patch, "/v1/orgs/{id}"): #"{"name":"Renamed"}"#
        case (.post, "/v1/orgs/{id}/users"): #"{"email":"newcomer@matrix.example","name":"New","role":"member","password":"violet-harbour-903"}"#
        case (.post, "/v1/orgs/{id}/licenses"): #"{"product":"siem","kind":"poc"}"#
        case (.put, "/v1/orgs/{id}/notification-settings"): #"{"on_access_granted":true,"on_access_removed":true,"recipients":[]}"#
        case (.post, "/v1/orgs/{id}/team"): #"{"email":"a1@mssp.example","platform_admin":false,"products":[]}"#
        case (.patch, "/v1/users/{id}"): #"{"name":"Renamed"}"#
        case (.patch, "/v1/memberships/{id}"), (.post, "/v1/memberships/{id}/preview"): #"{"platform_admin":false}"#
        case (.patch, "/v1/relationships/{id}"): #"{"privilege":"support"}"#
        default: nil
        }
    }

    @Test("every API route with an id", arguments: StoreFactory.kinds)
    func apiRoutes(kind: BackendKind) async throws {
        let server = try await TestServer.make(kind)
        let routes = try server.steward.buildRouter().routes.map { ($0.method, ServiceTests.openAPIPath($0.path.description)) }
        try await server.exercise { api in
            let world = try await AccessWorld.build(api)
            let membership = try #require(try await api.call(.post, "/v1/memberships", token: world.rel.msspAdmin, json: ["items": [world.item(world.a1)]]).items.first?["id"] as? String)
            let tokenID = try #require(try await api.call(.post, "/v1/api-tokens", token: world.rel.customerAdmin, json: ["name": "matrix", "scopes": ["admin"]]).string("id"))
            let license = try #require(try await api.call(.post, "/v1/orgs/\(world.rel.customer)/licenses", token: world.rel.msspAdmin, json: ["product": "siem", "kind": "poc"]).string("id"))
            let licenseRequest = try #require(try await api.call(.post, "/v1/licenses/\(license)/requests", token: world.rel.msspAdmin, json: ["type": "extend"]).string("id"))
            let stranger = try await api.createOrg(world.rel.op, ["kind": "partner", "name": "Stranger MSSP", "program": "mssp"])
            _ = try await api.createUser(world.rel.op, org: stranger, email: "admin@stranger.example", role: "admin")
            let callers = [
                ("another customer's admin", world.rel.otherAdmin), ("another partner's admin", try await api.login("admin@stranger.example", "user-password-12")),
                ("a channel partner's admin", world.rel.resellerAdmin),
            ]
            // The real id each route names, by the resource its path starts with.
            let real: [String: String] = [
                "/v1/orgs/": world.rel.customer, "/v1/users/": world.customerAdminID, "/v1/memberships/": membership,
                "/v1/relationships/": world.relationshipID, "/v1/api-tokens/": tokenID, "/v1/partners/": world.rel.mssp,
                "/v1/licenses/": license, "/v1/license-requests/": licenseRequest,
            ]
            var cells = 0
            for (method, path) in routes where path.hasPrefix("/v1/") && path.contains("{id}") {
                let id = try #require(real.first { path.hasPrefix($0.key) }?.value, "no real id for \(method) \(path): add one to the matrix")
                for (who, token) in callers {
                    func ask(_ id: String) async throws -> Reply {
                        try await api.call(method, path.replacingOccurrences(of: "{id}", with: id), token: token, body: Self.body(method, path))
                    }
                    let (withReal, withMadeUp) = (try await ask(id), try await ask(Self.madeUp(id)))
                    #expect([.forbidden, .notFound].contains(withReal.status), "\(who): \(method) \(path) → \(withReal.status) \(withReal.text)")
                    #expect(withReal.status == withMadeUp.status && withReal.text == withMadeUp.text,
                            "\(who): \(method) \(path) tells a real id (\(withReal.status) \(withReal.text)) from a made-up one (\(withMadeUp.status) \(withMadeUp.text))")
                    cells += 1
                }
            }
            // Ids in bodies and queries, on routes without one in the path.
            let bodyRoutes: [(HTTPRequest.Method, String, (String) -> String)] = [
                (.post, "/v1/tenant-sessions", { #"{"tenant_id":"\#($0)"}"# }),
                (.post, "/v1/memberships", { #"{"items":[{"user_id":"\#(world.a1)","tenant_id":"\#($0)","platform_admin":false,"products":[]}]}"# }),
                (.post, "/v1/check", { #"{"user_id":"\#(world.a1)","tenant_id":"\#($0)","permission":"read","product":"endpoint"}"# }),
                (.post, "/v1/relationships", { #"{"partner_id":"\#(world.rel.mssp)","customer_id":"\#($0)"}"# }),
            ]
            let queryRoutes = ["/v1/audit?org_id=", "/v1/memberships?tenant_id=", "/v1/relationships?customer_id=", "/v1/orgs?parent_id="]
            for (who, token) in callers {
                for (method, path, make) in bodyRoutes {
                    let withReal = try await api.call(method, path, token: token, body: make(world.rel.customer))
                    let withMadeUp = try await api.call(method, path, token: token, body: make(Self.madeUp(world.rel.customer)))
                    #expect([.badRequest, .forbidden, .notFound].contains(withReal.status), "\(who): \(method) \(path) → \(withReal.status) \(withReal.text)")
                    #expect(withReal.status == withMadeUp.status && withReal.text == withMadeUp.text, "\(who): \(method) \(path): \(withReal.text) vs \(withMadeUp.text)")
                    cells += 1
                }
                for path in queryRoutes {
                    let withReal = try await api.call(.get, path + world.rel.customer, token: token)
                    let withMadeUp = try await api.call(.get, path + Self.madeUp(world.rel.customer), token: token)
                    #expect(withReal.status == withMadeUp.status && withReal.text == withMadeUp.text, "\(who): GET \(path): \(withReal.text) vs \(withMadeUp.text)")
                    #expect(withReal.status != .ok || withReal.items.isEmpty, "\(who): GET \(path) lists something: \(withReal.text)")
                    cells += 1
                }
            }
            print("isolation matrix (API, \(kind)): \(cells) cells")
            #expect(cells >= 90)
        }
    }

    @Test("every console page with an id")
    func consoleRoutes() async throws {
        let server = try await TestServer.make()
        let routes = try server.steward.buildRouter().routes.map { ($0.method, ServiceTests.openAPIPath($0.path.description)) }
        try await server.exercise { api in
            let world = try await AccessWorld.build(api)
            let membership = try #require(try await api.call(.post, "/v1/memberships", token: world.rel.msspAdmin, json: ["items": [world.item(world.a1)]]).items.first?["id"] as? String)
            let license = try #require(try await api.call(.post, "/v1/orgs/\(world.rel.customer)/licenses", token: world.rel.msspAdmin, json: ["product": "siem", "kind": "poc"]).string("id"))
            let licenseRequest = try #require(try await api.call(.post, "/v1/licenses/\(license)/requests", token: world.rel.msspAdmin, json: ["type": "extend"]).string("id"))
            let real: [String: String] = [
                "/console/licenses/": license, "/console/license-requests/": licenseRequest, "/console/partners/": world.rel.mssp,
                "/console/users/": world.a1, "/console/orgs/": world.rel.customer, "/console/customers/": world.rel.customer, "/console/access/": membership,
                "/console/partner-users/": world.a1, "/console/relationships/": world.relationshipID, "/console/delegated/": world.rel.customer,
            ]
            var cells = 0
            for (email, role) in [("admin@initech.example", "another customer's admin"), ("admin@res.example", "a channel partner's admin")] {
                var browser = ConsoleSession(api: api)
                #expect(try await browser.signIn(email, "user-password-12").status == .seeOther)
                for (method, path) in routes where path.hasPrefix("/console/") && path.contains("{id}") {
                    let id = try #require(real.first { path.hasPrefix($0.key) }?.value, "no real id for \(method) \(path): add one to the matrix")
                    func ask(_ id: String) async throws -> Reply {
                        let concrete = path.replacingOccurrences(of: "{id}", with: id)
                        // Forms the page would accept from someone within reach, so refusals are about reach.
                        let fields = path.hasSuffix("/privilege") || path.hasSuffix("/approve") ? [("privilege", "support")] : []
                        return method == .get ? try await browser.get(concrete) : try await browser.post(concrete, [("csrf", browser.csrf)] + fields)
                    }
                    let (withReal, withMadeUp) = (try await ask(id), try await ask(Self.madeUp(id)))
                    #expect([.forbidden, .notFound].contains(withReal.status), "\(role): \(method) \(path) → \(withReal.status)")
                    #expect(withReal.status == withMadeUp.status && withReal.text == withMadeUp.text, "\(role): \(method) \(path) tells a real id from a made-up one")
                    cells += 1
                }
            }
            print("isolation matrix (console): \(cells) cells")
            #expect(cells >= 20)
        }
    }
}
