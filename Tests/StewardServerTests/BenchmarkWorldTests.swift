import Foundation
@testable import StewardServer
import StewardCore
import StewardStore
import StewardTesting
import Testing

/// The benchmark is only worth its figures if its world is a valid one and its checks are the real decision.
@Suite("benchmark world")
struct BenchmarkWorldTests {
    static let shape = WorldShape(partners: 3, customersPerPartner: 12, usersPerPartner: 6, customersPerUser: 5, seed: 42)

    @Test("the generated world imports whole, keeps the audit chain, and the index decides as the database does", arguments: StoreFactory.kinds)
    func worldDecidesAlike(kind: BackendKind) async throws {
        try await StoreFactory.with(kind) { store in
            _ = try await DecisionBenchmark.prepareWorld(store, shape: Self.shape) { _ in }
            let snapshot = try await store.accessSnapshot()
            let partnerMemberships = snapshot.memberships.filter { $0.source == .partner }
            #expect(partnerMemberships.count == 3 * 6 * 5)
            #expect(snapshot.relationships.count == 3 * 12)
            #expect(Set(partnerMemberships.map { "\($0.userID)|\($0.tenantID)" }).count == partnerMemberships.count)
            #expect(try await store.verifyAuditChain() == nil)

            let index = DecisionIndex(store: store)
            try await index.load()
            let queries = try await DecisionBenchmark.makeQueries(store, count: 400, seed: 42)
            let now = store.now
            var reasons = Set<DecisionReason>()
            for query in queries {
                let fromIndex = try index.decide(user: query.user, tenant: query.tenant, product: query.product, permission: query.permission, at: now)
                let facts = try await store.accessFacts(user: query.user, tenant: query.tenant)
                #expect(fromIndex == Decider.decide(facts, product: query.product, permission: query.permission, at: now))
                reasons.insert(fromIndex.reason)
            }
            // The mix is meant to exercise the whole decision, not one shortcut through it.
            #expect(reasons.count >= 6)
        }
    }

    @Test("a second run on the same database reuses its world")
    func secondRunReuses() async throws {
        try await StoreFactory.with(.sqlite) { store in
            _ = try await DecisionBenchmark.prepareWorld(store, shape: Self.shape) { _ in }
            let first = try await store.accessSnapshot()
            _ = try await DecisionBenchmark.prepareWorld(store, shape: Self.shape) { _ in }
            #expect(try await store.accessSnapshot().memberships.count == first.memberships.count)
        }
    }
}
