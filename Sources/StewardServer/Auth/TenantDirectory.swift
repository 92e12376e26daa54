import Foundation
import StewardCore
import StewardStore

/// What the change feed says changed, for the caches that hold what it touched; nil in `DecisionIndex`
/// callbacks means anything may have (the feed could not be read).
struct ChangedRecords: Sendable {
    /// Users whose own record changed (sign-in, role, deactivation, tokens).
    var users: Set<UserID> = []
    /// Users whose memberships changed.
    var members: Set<UserID> = []
    /// Tenants whose record, licences or relationships changed (a rename shows in every tenant list at once).
    var tenants: Set<OrgID> = []
}

/// Each user's tenant list for the console's top bar and picker, held in memory so that a session page reads
/// no database for it. An entry goes when the change feed touches its user, their memberships or one of its
/// tenants (in this instance before the change's request returns), or after `lifetime`; statuses are read at
/// each use, so a membership past its expiry leaves the list on time.
final class TenantDirectory: @unchecked Sendable {
    private struct Entry {
        var memberships: [Membership]
        var orgs: [OrgID: Org]
        /// The relationships of partner memberships: they decide who is a delegated administrator, and a
        /// tenant whose effective privilege is `none` is not listed (no session opens there).
        var relationships: [String: Relationship]
        var storedAt: Date
    }

    let store: Store
    let lifetime: TimeInterval
    let capacity: Int
    private let lock = NSLock()
    private var entries: [UserID: Entry] = [:]
    /// Bumped by every forget: a read started before it must not store what it read.
    private var generation = 0

    init(store: Store, lifetime: TimeInterval = 60, capacity: Int = 10_000) {
        self.store = store
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The user's tenants with a membership active now, home first.
    func tenants(of user: User) async throws -> [ConsoleTenant] {
        let now = store.now
        if let entry = cached(user.id, at: now) { return Self.list(entry, at: now) }
        let readAt = lock.withLock { generation }
        let live = try await store.memberships(of: user.id).filter { $0.status != .ended }
        var relationships: [String: Relationship] = [:]
        for id in Set(live.filter { $0.source == .partner }.compactMap(\.relationshipID)) {
            relationships[id] = try await store.relationship(RelationshipID(id))
        }
        let entry = Entry(memberships: live, orgs: try await store.orgs(ids: Set(live.map(\.tenantID))), relationships: relationships, storedAt: now)
        lock.withLock {
            guard readAt == generation else { return }
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[user.id] = entry
        }
        return Self.list(entry, at: now)
    }

    func forget(_ changed: ChangedRecords?) {
        lock.withLock {
            generation += 1
            guard let changed else { return entries.removeAll() }
            let users = changed.users.union(changed.members)
            entries = entries.filter { user, entry in
                !users.contains(user) && entry.orgs.keys.allSatisfy { !changed.tenants.contains($0) }
            }
        }
    }

    private func cached(_ user: UserID, at now: Date) -> Entry? {
        lock.withLock {
            guard let entry = entries[user] else { return nil }
            guard now.timeIntervalSince(entry.storedAt) < lifetime else {
                entries[user] = nil
                return nil
            }
            return entry
        }
    }

    private static func list(_ entry: Entry, at now: Date) -> [ConsoleTenant] {
        entry.memberships.filter { membership in
            guard membership.status(at: now) == .active else { return false }
            guard membership.source == .partner else { return true }
            // Fail closed: a partner tenant whose relationship could not be read, or allows nothing, is left out.
            let relationship = membership.relationshipID.flatMap { entry.relationships[$0] }
            return relationship.map { ($0.effectivePrivilege ?? .noAccess) != .noAccess } ?? false
        }
            .sorted { ($0.source == .home ? 0 : 1, $0.id.rawValue) < ($1.source == .home ? 0 : 1, $1.id.rawValue) }
            .compactMap { membership in entry.orgs[membership.tenantID].map { ConsoleTenant(
                    membership: membership, name: $0.name, kind: $0.kind, relationship: membership.relationshipID.flatMap { entry.relationships[$0] }
                ) } }
    }
}
