import Foundation
import StewardCore
import StewardStore

/// Access decisions from memory: every live input of SPEC §3 keyed for lookup, never a database round trip
/// per check. Loaded whole at start, then kept current from the store's change feed after each commit.
final class DecisionIndex: @unchecked Sendable {
    private let lock = ReadWriteLock()
    private var state = IndexState()
    private let store: Store
    /// Told which users changed after each catch-up, for caches of what they may do.
    private let usersChanged: @Sendable (Set<UserID>) -> Void

    init(store: Store, usersChanged: @escaping @Sendable (Set<UserID>) -> Void = { _ in }) {
        self.store = store
        self.usersChanged = usersChanged
    }

    /// The revision the index reflects.
    var revision: Int { lock.reading { state.revision } }

    /// How much the index holds, for the benchmark's report.
    var counts: (users: Int, memberships: Int, relationships: Int, licenses: Int) {
        lock.reading { state.counts }
    }

    /// Replaces the whole index with the store's current state.
    func load() async throws {
        let snapshot = try await store.accessSnapshot()
        let fresh = IndexState()
        fresh.revision = snapshot.revision
        fresh.setRoles(snapshot.roles)
        for (id, user) in snapshot.users { fresh.setUser(id, active: user.active) }
        for relationship in snapshot.relationships { fresh.setRelationship(relationship) }
        var byKey: [MembershipKey: [Membership]] = [:]
        for membership in snapshot.memberships { byKey[MembershipKey(user: membership.userID, tenant: membership.tenantID), default: []].append(membership) }
        fresh.reserveMemberships(byKey.count)
        for (key, list) in byKey { fresh.setMemberships(list, user: key.user, tenant: key.tenant) }
        var byTenant: [OrgID: [License]] = [:]
        for license in snapshot.licenses { byTenant[license.customerID, default: []].append(license) }
        for (tenant, list) in byTenant { fresh.setLicenses(list, of: tenant) }
        lock.writing { state = fresh }
    }

    /// Applies every change committed since the index's revision. Cheap when there is none.
    func catchUp() async throws {
        let delta = try await store.accessChanges(after: revision)
        defer { usersChanged(Set(delta.users.keys)) }
        lock.writing {
            // Another catch-up may have applied a newer delta meanwhile; an older one must not overwrite it.
            guard delta.revision > state.revision else { return }
            if let roles = delta.roles { state.setRoles(roles) }
            for (id, user) in delta.users { state.setUser(id, active: user?.active ?? false) }
            for relationship in delta.relationships { state.setRelationship(relationship) }
            for (key, list) in delta.memberships { state.setMemberships(list, user: key.user, tenant: key.tenant) }
            for (tenant, list) in delta.licenses { state.setLicenses(list, of: tenant) }
            state.revision = delta.revision
        }
    }

    /// Answers only from a state at least as new as `revision`, catching up first when behind.
    func ensure(atLeast revision: Int) async throws -> Bool {
        if self.revision >= revision { return true }
        try await catchUp()
        return self.revision >= revision
    }

    /// Hands `body` the facts of one user in one tenant, read in place under the lock; they must not escape it.
    func withFacts<Result>(user: UserID, tenant: OrgID, at now: Date, _ body: (IndexedFacts) -> Result) -> Result {
        let user = IndexKey(user.rawValue), tenant = IndexKey(tenant.rawValue)
        return lock.reading { state.withFacts(user: user, tenant: tenant, at: now, body) }
    }

    /// The decision of SPEC §3 from memory.
    func decide(user: UserID, tenant: OrgID, product: String?, permission: CheckPermission, at now: Date) -> Decision {
        withFacts(user: user, tenant: tenant, at: now) { Decider.decide($0, product: product, permission: permission, at: now) }
    }
}

/// One user's facts in one tenant as the index holds them: the terms, and the tenant's licences and the
/// membership's roles already reduced to products and permission bits, pointing into the index's tables.
/// For a user with no membership in the tenant `userActive` reads false: the decision is no_access either way.
struct IndexedFacts: DecisionFacts {
    var userActive: Bool
    var membership: MembershipTerms?
    var latestEndedWithRelationship = false
    var relationshipStatus: RelationshipStatus?
    var privilege: Privilege?
    var licenses = UnsafeBufferPointer<LicenseTerms>(start: nil, count: 0)
    var grants = UnsafeBufferPointer<ResolvedGrant>(start: nil, count: 0)

    func isLicensed(_ product: String, at now: Date) -> Bool {
        licenses.contains { $0.product == product && $0.isValid(at: now) }
    }

    func permissions(on product: String) -> PermissionSet? {
        grants.first { $0.product == product }?.permissions
    }
}

/// A product role with what it permits under the current role definitions.
struct ResolvedGrant: Equatable {
    var product: String
    var permissions: PermissionSet
}
