import Foundation
import Hummingbird
import HummingbirdTesting
import StewardCore
@testable import StewardServer
import StewardStore
import StewardTesting
import Testing

/// Console session pages read each user's tenant list from memory; the change feed keeps it current.
@Suite("tenant lists held in memory")
struct TenantDirectoryTests {
    @Test("served from memory, dropped by every change that touches them, and expiries read at each use")
    func directory() async throws {
        let clock = TestClock()
        let server = try await TestServer.make(clock: clock.now)
        let store = server.steward.store
        let directory = server.steward.tenants
        let app = Application(router: try server.steward.buildRouter())
        try await app.test(.router) { client in
            let api = APIClient(client: client)
            let world = try await AccessWorld.build(api)
            let user = try #require(try await store.user(UserID(world.a1)))
            func names() async throws -> [String] { try await directory.tenants(of: user).map(\.name) }
            #expect(try await names() == ["Acme MSSP"])

            _ = try await api.call(.post, "/v1/memberships", token: world.rel.msspAdmin, json: ["items": [world.item(world.a1, extra: ["duration_hours": 1])]])
            #expect(try await names() == ["Acme MSSP", "Globex"], "an assignment reaches the list before its request returns")

            // Written behind Steward's back (no change feed): the list is served from memory, unchanged.
            try await store.execute(raw: "UPDATE orgs SET name = 'Renamed by hand' WHERE id = '\(world.rel.customer)'")
            #expect(try await names() == ["Acme MSSP", "Globex"])
            // Through Steward, a rename is in the feed: every list holding that tenant is read again.
            let renamed = try await api.call(.patch, "/v1/orgs/\(world.rel.customer)", token: world.rel.op, json: ["name": "Globex Europe"])
            #expect(renamed.status == .ok)
            #expect(try await names() == ["Acme MSSP", "Globex Europe"])

            clock.advance(3601)
            #expect(try await names() == ["Acme MSSP"], "an expired membership leaves the list without any write")
        }
    }
}
