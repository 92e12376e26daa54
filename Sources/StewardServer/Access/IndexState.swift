import Foundation
import StewardCore
import StewardStore

/// The decision index's tables. A check looks up its entry by the user's and the tenant's id together
/// (inline keys), then reads the user's state, the relationship and the tenant's licences at once, by the
/// dense slots the entry holds: two steps that wait on each other, each about one read of memory.
/// Everything is reduced to what a decision reads; ids are kept once more as slots, for writes.
/// A class, so a check reads the tables where they are: a struct read out of the index would be copied,
/// a retain and a release for each of its tables on every check.
final class IndexState {
    /// A user's memberships in one tenant, reduced to the live one's terms.
    private struct Entry {
        var user: Int32
        var tenant: Int32
        var terms: MembershipTerms?
        /// Slot of the live membership's relationship, -1 for none.
        var relationship: Int32
        /// Slot of the live membership's product roles in `grants`.
        var grants: Int32
        var endedWithRelationship: Bool
    }

    /// What a decision reads of a relationship; no ids, so reading it retains nothing.
    private struct RelationshipTerms {
        var status: RelationshipStatus
        /// Effective: the partner's data privilege is read with the relationship, and a change of it is fed as
        /// a change of each of its relationships.
        var privilege: DataPrivilege?
        var approvalExpiresAt: Date
    }

    var revision = 0
    private var userSlots: [IndexKey: Int32] = [:]
    private var userActive: [Bool] = []
    private var tenantSlots: [IndexKey: Int32] = [:]
    /// By tenant slot.
    private var licenses: [[LicenseTerms]] = []
    /// By the user's and the tenant's id together: one lookup finds the entry, and the slots in it lead to
    /// the user's state and the tenant's licences, both read at once.
    private var entries = InlineTable<PairKey, Entry>()
    private var relationshipSlots: [String: Int32] = [:]
    /// nil for a relationship a membership names but the index has not seen: decisions treat it as inactive.
    private var relationships: [RelationshipTerms?] = []
    /// Memberships share few distinct lists of product roles, so each list is kept once, by slot, with its
    /// roles resolved to permission bits. Lists no longer used stay until the next full load; there are
    /// only as many as combinations of products and roles in use.
    private var grantSlots: [[ProductGrant]: Int32] = [:]
    private var grantLists: [[ProductGrant]] = []
    private var grants: [[ResolvedGrant]] = []
    private var roles: [String: [String: Set<Permission>]] = [:]

    /// Records the index could not read, as the keys a check looks them up by: a check that depends on one
    /// cannot be decided. Empty in a healthy index, so a check pays one test of `hasUnreadable`.
    private var unreadableUsers = Set<IndexKey>()
    private var unreadablePairs = Set<PairKey>()
    private var unreadableTenants = Set<IndexKey>()
    private var unreadableRelationships = Set<Int32>()
    private var unreadableCatalog = false
    private(set) var hasUnreadable = false

    var counts: (users: Int, memberships: Int, relationships: Int, licenses: Int) {
        (userActive.count, entries.count, relationships.count, licenses.reduce(0) { $0 + $1.count })
    }

    private struct PairKey: Hashable {
        var user: IndexKey
        var tenant: IndexKey
    }

    /// Hands `body` the facts of one user in one tenant; they point into the tables, so they must not escape it.
    /// nil when a record the answer depends on could not be read.
    func withFacts<Result>(user: IndexKey, tenant: IndexKey, at now: Date, _ body: (IndexedFacts) -> Result) -> Result? {
        let pair = PairKey(user: user, tenant: tenant)
        let found = entries[pair]
        if hasUnreadable, dependsOnUnreadable(pair, entry: found) { return nil }
        // Without an entry the answer is no_access whether or not the user is active: nothing else to read.
        guard let entry = found else { return body(IndexedFacts(userActive: false)) }
        let active = userActive[Int(entry.user)]
        let relationship = entry.relationship >= 0 ? relationships[Int(entry.relationship)] : nil
        return licenses[Int(entry.tenant)].withUnsafeBufferPointer { licenses in
            grants[Int(entry.grants)].withUnsafeBufferPointer { grants in
                body(IndexedFacts(
                    userActive: active, membership: entry.terms, latestEndedWithRelationship: entry.endedWithRelationship,
                    relationshipStatus: relationship.map { $0.status.reading(approvalExpiresAt: $0.approvalExpiresAt, at: now) },
                    privilege: relationship?.privilege, licenses: licenses, grants: grants
                ))
            }
        }
    }

    private func dependsOnUnreadable(_ pair: PairKey, entry: Entry?) -> Bool {
        unreadableCatalog || unreadableUsers.contains(pair.user) || unreadablePairs.contains(pair) || unreadableTenants.contains(pair.tenant)
            || entry.map { $0.relationship >= 0 && unreadableRelationships.contains($0.relationship) } == true
    }

    /// Marks what `change` names as unreadable (`true`) or readable again.
    func setUnreadable(_ change: AccessChange, _ unreadable: Bool) {
        func update<Key: Hashable>(_ set: inout Set<Key>, _ key: Key) {
            if unreadable { set.insert(key) } else { set.remove(key) }
        }
        switch change.kind {
        case .user: update(&unreadableUsers, IndexKey(change.key))
        case .membership:
            let parts = change.key.split(separator: "|", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { return }
            update(&unreadablePairs, PairKey(user: IndexKey(parts[0]), tenant: IndexKey(parts[1])))
        case .tenant: update(&unreadableTenants, IndexKey(change.key))
        case .relationship: update(&unreadableRelationships, relationshipSlot(change.key))
        case .catalog: unreadableCatalog = unreadable
        }
        hasUnreadable = unreadableCatalog || !unreadableUsers.isEmpty || !unreadablePairs.isEmpty || !unreadableTenants.isEmpty
            || !unreadableRelationships.isEmpty
    }

    func setUser(_ id: UserID, active: Bool) { userActive[Int(userSlot(id))] = active }

    func setLicenses(_ list: [License], of tenant: OrgID) { licenses[Int(tenantSlot(tenant))] = list.map(\.terms) }

    func setRelationship(_ relationship: Relationship) {
        relationships[Int(relationshipSlot(relationship.id.rawValue))] = RelationshipTerms(
            status: relationship.status, privilege: relationship.effectivePrivilege, approvalExpiresAt: relationship.approvalExpiresAt
        )
    }

    /// New role definitions: every kept list of product roles is resolved again.
    func setRoles(_ roles: [String: [String: Set<Permission>]]) {
        self.roles = roles
        grants = grantLists.map(resolve)
    }

    /// `list` is every membership of the user in the tenant, oldest first.
    func setMemberships(_ list: [Membership], user: UserID, tenant: OrgID) {
        let key = PairKey(user: IndexKey(user.rawValue), tenant: IndexKey(tenant.rawValue))
        entries[key] = list.isEmpty ? nil : makeEntry(list, user: userSlot(user), tenant: tenantSlot(tenant))
    }

    func reserveMemberships(_ count: Int) { entries.reserveCapacity(count) }

    private func makeEntry(_ list: [Membership], user: Int32, tenant: Int32) -> Entry {
        let (live, endedWithRelationship) = AccessFacts.live(of: list)
        return Entry(
            user: user, tenant: tenant, terms: live.map(MembershipTerms.init), relationship: live?.relationshipID.map { relationshipSlot($0) } ?? -1,
            grants: grantSlot(live?.products ?? []), endedWithRelationship: endedWithRelationship
        )
    }

    private func resolve(_ list: [ProductGrant]) -> [ResolvedGrant] {
        list.map { ResolvedGrant(product: $0.product, permissions: $0.permissions(in: roles)) }
    }

    private func grantSlot(_ list: [ProductGrant]) -> Int32 {
        Self.slot(list, in: &grantSlots, next: grantLists.count) {
            grantLists.append(list)
            grants.append(resolve(list))
        }
    }

    private func userSlot(_ id: UserID) -> Int32 {
        Self.slot(IndexKey(id.rawValue), in: &userSlots, next: userActive.count) { userActive.append(false) }
    }

    private func tenantSlot(_ id: OrgID) -> Int32 {
        Self.slot(IndexKey(id.rawValue), in: &tenantSlots, next: licenses.count) { licenses.append([]) }
    }

    private func relationshipSlot(_ id: String) -> Int32 {
        Self.slot(id, in: &relationshipSlots, next: relationships.count) { relationships.append(nil) }
    }

    /// The key's slot; a key without one gets `next`, and `grow` makes room for it in the slot-indexed tables.
    private static func slot<Key: Hashable>(_ key: Key, in slots: inout [Key: Int32], next: Int, grow: () -> Void) -> Int32 {
        if let slot = slots[key] { return slot }
        let slot = Int32(next)
        slots[key] = slot
        grow()
        return slot
    }
}
