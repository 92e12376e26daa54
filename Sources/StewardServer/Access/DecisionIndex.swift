import Foundation
import StewardCore
import StewardStore

/// Access decisions from memory: every live input of SPEC §3 keyed for lookup, never a database round trip
/// per check. Loaded whole at start, then kept current from the store's change feed after each commit.
final class DecisionIndex: @unchecked Sendable {
    /// A user's memberships in one tenant, reduced to what a decision reads.
    private struct Entry {
        var terms: MembershipTerms?
        /// Slot of the live membership's relationship, -1 for none.
        var relationship: Int32
        var endedWithRelationship: Bool
    }

    /// What a decision reads of a relationship; no ids, so reading it retains nothing.
    private struct RelationshipTerms {
        var status: RelationshipStatus
        var privilege: Privilege?
        var approvalExpiresAt: Date

        init(_ relationship: Relationship) {
            status = relationship.status
            privilege = relationship.privilege
            approvalExpiresAt = relationship.approvalExpiresAt
        }
    }

    /// Ids are mapped to dense slots once, so a check looks up the user's and the tenant's id (inline keys) and
    /// then only integer keys and arrays: a check stays within a few cache misses on a world of any size.
    private struct State {
        var revision = 0
        var userSlots: [IndexKey: Int32] = [:]
        var userActive: [Bool] = []
        var tenantSlots: [IndexKey: Int32] = [:]
        var licenses: [[License]] = []
        var relationshipSlots: [String: Int32] = [:]
        /// nil for a relationship a membership names but the index has not seen: decisions treat it as inactive.
        var relationships: [RelationshipTerms?] = []
        var entries: [UInt64: Entry] = [:]
        var roles: [String: [String: Set<Permission>]] = [:]

        static func key(_ user: Int32, _ tenant: Int32) -> UInt64 { UInt64(UInt32(bitPattern: user)) << 32 | UInt64(UInt32(bitPattern: tenant)) }

        mutating func userSlot(_ id: UserID) -> Int32 {
            let key = IndexKey(id.rawValue)
            if let slot = userSlots[key] { return slot }
            let slot = Int32(userActive.count)
            userSlots[key] = slot
            userActive.append(false)
            return slot
        }

        mutating func tenantSlot(_ id: OrgID) -> Int32 {
            let key = IndexKey(id.rawValue)
            if let slot = tenantSlots[key] { return slot }
            let slot = Int32(licenses.count)
            tenantSlots[key] = slot
            licenses.append([])
            return slot
        }

        mutating func relationshipSlot(_ id: String) -> Int32 {
            if let slot = relationshipSlots[id] { return slot }
            let slot = Int32(relationships.count)
            relationshipSlots[id] = slot
            relationships.append(nil)
            return slot
        }

        mutating func setUser(_ id: UserID, active: Bool) { userActive[Int(userSlot(id))] = active }

        mutating func setLicenses(_ list: [License], of tenant: OrgID) { licenses[Int(tenantSlot(tenant))] = list }

        mutating func setRelationship(_ relationship: Relationship) { relationships[Int(relationshipSlot(relationship.id.rawValue))] = RelationshipTerms(relationship) }

        func facts(user: UserID, tenant: OrgID, at now: Date) -> AccessFacts {
            guard let userSlot = userSlots[IndexKey(user.rawValue)] else { return AccessFacts(userActive: false, terms: nil) }
            let active = userActive[Int(userSlot)]
            guard let tenantSlot = tenantSlots[IndexKey(tenant.rawValue)] else { return AccessFacts(userActive: active, terms: nil, roles: roles) }
            let entry = entries[Self.key(userSlot, tenantSlot)]
            let relationship = entry.flatMap { $0.relationship >= 0 ? relationships[Int($0.relationship)] : nil }
            return AccessFacts(
                userActive: active, terms: entry?.terms, latestEndedWithRelationship: entry?.endedWithRelationship ?? false,
                relationshipStatus: relationship.map { $0.status.reading(approvalExpiresAt: $0.approvalExpiresAt, at: now) }, privilege: relationship?.privilege,
                licenses: licenses[Int(tenantSlot)], roles: roles
            )
        }

        /// `list` is every membership of the user in the tenant, oldest first.
        mutating func setMemberships(_ list: [Membership], user: UserID, tenant: OrgID) {
            let key = Self.key(userSlot(user), tenantSlot(tenant))
            guard !list.isEmpty else {
                entries[key] = nil
                return
            }
            let (live, endedWithRelationship) = AccessFacts.live(of: list)
            entries[key] = Entry(
                terms: live.map(MembershipTerms.init), relationship: live?.relationshipID.map { relationshipSlot($0) } ?? -1,
                endedWithRelationship: endedWithRelationship
            )
        }
    }

    private let lock = NSLock()
    private var state = State()
    private let store: Store
    /// Told which users changed after each catch-up, for caches of what they may do.
    private let usersChanged: @Sendable (Set<UserID>) -> Void

    init(store: Store, usersChanged: @escaping @Sendable (Set<UserID>) -> Void = { _ in }) {
        self.store = store
        self.usersChanged = usersChanged
    }

    /// The revision the index reflects.
    var revision: Int { lock.withLock { state.revision } }

    /// How much the index holds, for the benchmark's report.
    var counts: (users: Int, memberships: Int, relationships: Int, licenses: Int) {
        lock.withLock { (state.userActive.count, state.entries.count, state.relationships.count, state.licenses.reduce(0) { $0 + $1.count }) }
    }

    /// Replaces the whole index with the store's current state.
    func load() async throws {
        let snapshot = try await store.accessSnapshot()
        var fresh = State()
        fresh.revision = snapshot.revision
        for (id, user) in snapshot.users { fresh.setUser(id, active: user.active) }
        for relationship in snapshot.relationships { fresh.setRelationship(relationship) }
        var byKey: [MembershipKey: [Membership]] = [:]
        for membership in snapshot.memberships { byKey[MembershipKey(user: membership.userID, tenant: membership.tenantID), default: []].append(membership) }
        for (key, list) in byKey { fresh.setMemberships(list, user: key.user, tenant: key.tenant) }
        var byTenant: [OrgID: [License]] = [:]
        for license in snapshot.licenses { byTenant[license.customerID, default: []].append(license) }
        for (tenant, list) in byTenant { fresh.setLicenses(list, of: tenant) }
        fresh.roles = snapshot.roles
        lock.withLock { state = fresh }
    }

    /// Applies every change committed since the index's revision. Cheap when there is none.
    func catchUp() async throws {
        let delta = try await store.accessChanges(after: revision)
        defer { usersChanged(Set(delta.users.keys)) }
        lock.withLock {
            // Another catch-up may have applied a newer delta meanwhile; an older one must not overwrite it.
            guard delta.revision > state.revision else { return }
            for (id, user) in delta.users { state.setUser(id, active: user?.active ?? false) }
            for relationship in delta.relationships { state.setRelationship(relationship) }
            for (key, list) in delta.memberships { state.setMemberships(list, user: key.user, tenant: key.tenant) }
            for (tenant, list) in delta.licenses { state.setLicenses(list, of: tenant) }
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
        lock.withLock { state.facts(user: user, tenant: tenant, at: now) }
    }

    /// The decision of SPEC §3 from memory.
    func decide(user: UserID, tenant: OrgID, product: String?, permission: CheckPermission, at now: Date) -> Decision {
        Decider.decide(facts(user: user, tenant: tenant, at: now), product: product, permission: permission, at: now)
    }
}
