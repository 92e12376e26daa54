import Foundation
import Logging
import StewardCore
import StewardStore

/// Access decisions from memory: every live input of SPEC §3 keyed for lookup, never a database round trip
/// per check. Loaded whole at start, then kept current from the store's change feed after each commit.
/// It fails closed: a check that depends on a record it could not read, or asked while the index is known
/// to be behind, is refused with `IndexUnavailable` rather than answered from an old state.
final class DecisionIndex: @unchecked Sendable {
    private let lock = ReadWriteLock()
    private var state = IndexState()
    private let store: Store
    private let logger = Logger(label: "steward.index")
    /// How long checks are still answered after catch-ups start failing while nothing is known to be missed:
    /// the follower polls, so an instance is up to one poll behind other instances in any case.
    let staleBound: Duration
    /// Told which users changed after each catch-up, for caches of what they may do; `nil` means everyone.
    private let recordsChanged: @Sendable (ChangedRecords?) -> Void
    /// From when checks are refused: set when a catch-up fails, cleared by the next one that succeeds.
    private var unavailableFrom: ContinuousClock.Instant?
    private var unreadable: [AccessChange: String] = [:]
    private var failures = 0

    private let onFailure: @Sendable () -> Void

    init(
        store: Store, staleBound: Duration = .seconds(5), onFailure: @escaping @Sendable () -> Void = {},
        recordsChanged: @escaping @Sendable (ChangedRecords?) -> Void = { _ in }
    ) {
        self.store = store
        self.onFailure = onFailure
        self.staleBound = staleBound
        self.recordsChanged = recordsChanged
    }

    /// The revision the index reflects.
    var revision: Int { lock.reading { state.revision } }

    /// How much the index holds, for the benchmark's report.
    var counts: (users: Int, memberships: Int, relationships: Int, licenses: Int) {
        lock.reading { state.counts }
    }

    /// Whether checks are answered, and if not why; for `/readyz` and `/metrics`.
    var health: IndexHealth {
        lock.reading {
            IndexHealth(
                unreadable: unreadable.keys.map { "\($0.kind.rawValue) \($0.key)" }.sorted(),
                behind: unavailableFrom.map { ContinuousClock.now >= $0 } ?? false, catchUpFailures: failures
            )
        }
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
        for change in snapshot.unreadable.keys { fresh.setUnreadable(change, true) }
        report(snapshot.unreadable, known: [:])
        lock.writing {
            state = fresh
            unreadable = snapshot.unreadable
            unavailableFrom = nil
        }
    }

    /// Applies every change committed since the index's revision, and reads unreadable records again.
    /// `committed` is a revision known to exist (a local commit's): failing to reach it refuses checks at once.
    func catchUp(committed: Int? = nil) async throws {
        let retrying = lock.reading { Set(unreadable.keys) }
        let delta: AccessDelta
        do {
            delta = try await store.accessChanges(after: revision, retrying: retrying)
        } catch {
            failed(error, knownBehind: committed.map { $0 > revision } ?? false)
            throw error
        }
        let known = lock.reading { unreadable }
        defer {
            recordsChanged(ChangedRecords(
                users: Set(delta.users.keys).union(delta.unreadable.keys.filter { $0.kind == .user }.map { UserID($0.key) }),
                members: Set(delta.memberships.keys.map(\.user)),
                tenants: Set(delta.licenses.keys).union(delta.relationships.map(\.customerID))
            ))
        }
        lock.writing {
            // Another catch-up may have applied a newer delta meanwhile; an older one must not overwrite it
            // (the records it retried are read again next time).
            guard delta.revision >= state.revision else { return }
            unavailableFrom = nil
            for change in retrying where delta.unreadable[change] == nil {
                state.setUnreadable(change, false)
                unreadable[change] = nil
            }
            for (change, why) in delta.unreadable {
                state.setUnreadable(change, true)
                unreadable[change] = why
            }
            if let roles = delta.roles { state.setRoles(roles) }
            for (id, user) in delta.users { state.setUser(id, active: user?.active ?? false) }
            for relationship in delta.relationships { state.setRelationship(relationship) }
            for (key, list) in delta.memberships { state.setMemberships(list, user: key.user, tenant: key.tenant) }
            for (tenant, list) in delta.licenses { state.setLicenses(list, of: tenant) }
            state.revision = delta.revision
        }
        report(delta.unreadable, known: known)
    }

    private func failed(_ error: any Error, knownBehind: Bool) {
        let now = ContinuousClock.now
        lock.writing {
            failures += 1
            let from = knownBehind ? now : now + staleBound
            unavailableFrom = min(unavailableFrom ?? from, from)
        }
        onFailure()
        // Cached credentials may have been revoked in what the index could not read.
        recordsChanged(nil)
        logger.error("decision index catch-up failed", metadata: ["error": "\(String(reflecting: error))", "known_behind": "\(knownBehind)"])
    }

    /// Logs each record that became unreadable, naming it, once.
    private func report(_ found: [AccessChange: String], known: [AccessChange: String]) {
        for (change, why) in found where known[change] == nil {
            logger.error("decision index cannot read a stored record; checks that depend on it answer 503", metadata: [
                "record": "\(change.kind.rawValue) \(change.key)", "reason": "\(why)",
            ])
        }
    }

    /// Answers only from a state at least as new as `revision`, catching up first when behind; false when that
    /// revision does not exist yet.
    func ensure(atLeast revision: Int) async throws -> Bool {
        if self.revision >= revision { return true }
        do { try await catchUp() } catch { throw IndexUnavailable() }
        return self.revision >= revision
    }

    /// Hands `body` the facts of one user in one tenant, read in place under the lock; they must not escape it.
    func withFacts<Result>(user: UserID, tenant: OrgID, at now: Date, _ body: (IndexedFacts) -> Result) throws(IndexUnavailable) -> Result {
        let user = IndexKey(user.rawValue), tenant = IndexKey(tenant.rawValue)
        let result: Result? = lock.reading {
            if let from = unavailableFrom, ContinuousClock.now >= from { return nil }
            return state.withFacts(user: user, tenant: tenant, at: now, body)
        }
        guard let result else { throw IndexUnavailable() }
        return result
    }

    /// The decision of SPEC §3 from memory.
    func decide(user: UserID, tenant: OrgID, product: String?, permission: CheckPermission, at now: Date) throws(IndexUnavailable) -> Decision {
        try withFacts(user: user, tenant: tenant, at: now) { Decider.decide($0, product: product, permission: permission, at: now) }
    }
}

/// A check the index cannot answer from a current state: 503 `index_unavailable`, never an allow.
struct IndexUnavailable: Refusal, Equatable {
    var refused: Refused {
        Refused(.unavailable, "access decisions are unavailable: this instance cannot bring its index up to date", code: "index_unavailable")
    }
}

/// What `/readyz` and `/metrics` report of the index.
struct IndexHealth: Sendable {
    /// Records it could not read, as `kind key`.
    var unreadable: [String]
    /// Catch-ups are failing and checks are refused.
    var behind: Bool
    var catchUpFailures: Int

    var ready: Bool { unreadable.isEmpty && !behind }
}

/// One user's facts in one tenant as the index holds them: the terms, and the tenant's licences and the
/// membership's roles already reduced to products and permission bits, pointing into the index's tables.
/// For a user with no membership in the tenant `userActive` reads false: the decision is no_access either way.
struct IndexedFacts: DecisionFacts {
    var userActive: Bool
    var membership: MembershipTerms?
    var latestEndedWithRelationship = false
    var relationshipStatus: RelationshipStatus?
    var privilege: DataPrivilege?
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
