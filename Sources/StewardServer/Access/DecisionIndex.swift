import Foundation
import StewardCore
import StewardStore

/// Access decisions from memory: every live input of SPEC §3 keyed for lookup, never a database round trip
/// per check. Loaded whole at start, then kept current from the store's change feed after each commit.
final class DecisionIndex: @unchecked Sendable {
    private struct State {
        var revision = 0
        var users: [UserID: (active: Bool, orgID: OrgID)] = [:]
        var memberships: [MembershipKey: [Membership]] = [:]
        var relationships: [String: Relationship] = [:]
        var licenses: [OrgID: [License]] = [:]
        var roles: [String: [String: Set<Permission>]] = [:]
    }

    private let lock = NSLock()
    private var state = State()
    private let store: Store

    init(store: Store) {
        self.store = store
    }

    /// The revision the index reflects.
    var revision: Int { lock.withLock { state.revision } }

    /// How much the index holds, for the benchmark's report.
    var counts: (users: Int, memberships: Int, relationships: Int, licenses: Int) {
        lock.withLock {
            (state.users.count, state.memberships.values.reduce(0) { $0 + $1.count }, state.relationships.count, state.licenses.values.reduce(0) { $0 + $1.count })
        }
    }

    /// Replaces the whole index with the store's current state.
    func load() async throws {
        let snapshot = try await store.accessSnapshot()
        var fresh = State()
        fresh.revision = snapshot.revision
        fresh.users = snapshot.users
        for membership in snapshot.memberships {
            fresh.memberships[MembershipKey(user: membership.userID, tenant: membership.tenantID), default: []].append(membership)
        }
        for relationship in snapshot.relationships { fresh.relationships[relationship.id.rawValue] = relationship }
        for license in snapshot.licenses { fresh.licenses[license.customerID, default: []].append(license) }
        fresh.roles = snapshot.roles
        lock.withLock { state = fresh }
    }

    /// Applies every change committed since the index's revision. Cheap when there is none.
    func catchUp() async throws {
        let delta = try await store.accessChanges(after: revision)
        lock.withLock {
            // Another catch-up may have applied a newer delta meanwhile; an older one must not overwrite it.
            guard delta.revision > state.revision else { return }
            for (id, user) in delta.users { state.users[id] = user }
            for (key, list) in delta.memberships { state.memberships[key] = list.isEmpty ? nil : list }
            for (tenant, list) in delta.licenses { state.licenses[tenant] = list }
            for relationship in delta.relationships { state.relationships[relationship.id.rawValue] = relationship }
            if let roles = delta.roles { state.roles = roles }
            state.revision = delta.revision
        }
    }

    /// Answers only from a state at least as new as `revision`, catching up first when behind.
    func ensure(atLeast revision: Int) async throws -> Bool {
        if self.revision >= revision { return true }
        try await catchUp()
        return self.revision >= revision
    }

    /// The facts of one user in one tenant.
    func facts(user: UserID, tenant: OrgID, at now: Date) -> AccessFacts {
        lock.withLock { Self.facts(state, user: user, tenant: tenant, at: now) }
    }

    private static func facts(_ state: State, user: UserID, tenant: OrgID, at now: Date) -> AccessFacts {
        let memberships = state.memberships[MembershipKey(user: user, tenant: tenant)] ?? []
        let live = memberships.first { $0.status != .ended }
        let relationship = live?.relationshipID.flatMap { state.relationships[$0] }
        return AccessFacts(
            userActive: state.users[user]?.active ?? false,
            membership: live,
            latestEndedWithRelationship: live == nil && memberships.last.map { $0.status == .ended && $0.source == .partner } == true,
            relationshipStatus: relationship?.status(at: now),
            privilege: relationship?.privilege,
            licenses: state.licenses[tenant] ?? [],
            roles: state.roles
        )
    }

    /// The decision of SPEC §3 from memory.
    func decide(user: UserID, tenant: OrgID, product: String?, permission: CheckPermission, at now: Date) -> Decision {
        Decider.decide(facts(user: user, tenant: tenant, at: now), product: product, permission: permission, at: now)
    }
}
