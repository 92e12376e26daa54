import Foundation
import SQLKit
import StewardCore

/// Everything access decisions depend on, as one consistent read: what a decision index loads at start.
public struct AccessSnapshot: Sendable {
    public var revision: Int
    public var users: [UserID: (active: Bool, orgID: OrgID)]
    public var memberships: [Membership]
    public var relationships: [Relationship]
    public var licenses: [License]
    public var roles: [String: [String: Set<Permission>]]
    /// Records that could not be read, by what they are part of, with why: nothing that depends on them may be decided.
    public var unreadable: [AccessChange: String] = [:]
}

extension Store {
    /// Loads the whole access state at one revision (inside one transaction, so nothing changes meanwhile).
    /// A record that cannot be read is reported in `unreadable` instead of failing the whole load.
    public func accessSnapshot() async throws -> AccessSnapshot {
        try await backend.snapshot { db in
            let revision = try await db.raw("SELECT revision FROM steward_state WHERE id = 1").first()?.int("revision") ?? 0
            var unreadable: [AccessChange: String] = [:]
            var users: [UserID: (active: Bool, orgID: OrgID)] = [:]
            for row in try await db.raw("SELECT \(unsafeRaw: User.columns) FROM users").all() {
                let id = try row.string("id")
                do {
                    let user = try User(row: row)
                    users[user.id] = (user.status == .active, user.orgID)
                } catch let error where Self.isUnreadable(error) { unreadable[.user(id)] = Self.reason(error) }
            }
            var memberships: [Membership] = []
            for row in try await db.raw("SELECT \(unsafeRaw: Membership.columns) FROM memberships ORDER BY id").all() {
                do { memberships.append(try Membership(row: row)) } catch let error where Self.isUnreadable(error) {
                    unreadable[.membership(user: try row.string("user_id"), tenant: try row.string("tenant_id"))] = Self.reason(error)
                }
            }
            var relationships: [Relationship] = []
            for row in try await db.raw("SELECT \(unsafeRaw: Relationship.selected) FROM relationships ORDER BY id").all() {
                do { relationships.append(try Relationship(row: row)) } catch let error where Self.isUnreadable(error) {
                    unreadable[.relationship(try row.string("id"))] = Self.reason(error)
                }
            }
            var licenses: [License] = []
            for row in try await db.raw("SELECT \(unsafeRaw: License.columns) FROM licenses ORDER BY id").all() {
                do { licenses.append(try License(row: row)) } catch let error where Self.isUnreadable(error) {
                    unreadable[.tenant(try row.string("customer_id"))] = Self.reason(error)
                }
            }
            var roles: [String: [String: Set<Permission>]] = [:]
            do { roles = try await Self.roleTable(in: db) } catch let error where Self.isUnreadable(error) { unreadable[.catalog] = Self.reason(error) }
            return AccessSnapshot(
                revision: revision, users: users, memberships: memberships, relationships: relationships, licenses: licenses,
                roles: roles, unreadable: unreadable
            )
        }
    }

    /// The changes after a revision, up to the current one, with what each touched now reads as; `retrying` are
    /// records unreadable before, read again. Each record is read on its own: one that cannot be read is
    /// reported in `unreadable` and the others still apply.
    public func accessChanges(after revision: Int, retrying: Set<AccessChange> = []) async throws -> AccessDelta {
        try await backend.snapshot { db in
            let current = try await db.raw("SELECT revision FROM steward_state WHERE id = 1").first()?.int("revision") ?? 0
            var delta = AccessDelta(revision: current)
            guard current > revision || !retrying.isEmpty else { return delta }
            var touched = retrying
            if current > revision {
                let rows = try await db.raw("SELECT DISTINCT kind, key FROM changes WHERE revision > \(bind: revision) AND revision <= \(bind: current)").all()
                for row in rows {
                    guard let kind = AccessChange.Kind(rawValue: try row.string("kind")) else { continue }
                    touched.insert(AccessChange(kind: kind, key: try row.string("key")))
                }
            }
            for change in touched {
                do { try await Self.read(change, into: &delta, in: db) } catch let error where Self.isUnreadable(error) {
                    delta.unreadable[change] = Self.reason(error)
                }
            }
            return delta
        }
    }

    private static func read(_ change: AccessChange, into delta: inout AccessDelta, in db: any SQLDatabase) async throws {
        let key = change.key
        switch change.kind {
        case .user:
            let user = try await Self.user(UserID(key), in: db)
            delta.users[UserID(key)] = user.map { ($0.status == .active, $0.orgID) }
        case .membership:
            let parts = key.split(separator: "|").map(String.init)
            guard parts.count == 2 else { return }
            let list = try await db.raw("""
                SELECT \(unsafeRaw: Membership.columns) FROM memberships WHERE user_id = \(bind: parts[0]) AND tenant_id = \(bind: parts[1]) ORDER BY id
                """).all().map(Membership.init(row:))
            delta.memberships[MembershipKey(user: UserID(parts[0]), tenant: OrgID(parts[1]))] = list
        case .tenant:
            delta.licenses[OrgID(key)] = try await Self.licenses(of: OrgID(key), in: db)
        case .relationship:
            if let relationship = try await Self.relationship(RelationshipID(key), in: db) { delta.relationships.append(relationship) }
        case .catalog:
            delta.roles = try await Self.roleTable(in: db)
        }
    }

    /// Whether an error says a record's content is bad, rather than that the database could not be asked.
    static func isUnreadable(_ error: any Error) -> Bool {
        if case StoreError.unreadable = error { return true }
        return error is DecodingError
    }

    static func reason(_ error: any Error) -> String {
        if case StoreError.unreadable(let why) = error { return why }
        if let error = error as? DecodingError, case .dataCorrupted(let context) = error { return context.debugDescription }
        return String(describing: type(of: error))
    }
}

/// A user's memberships in one tenant are indexed together.
public struct MembershipKey: Hashable, Sendable {
    public var user: UserID
    public var tenant: OrgID

    public init(user: UserID, tenant: OrgID) {
        self.user = user
        self.tenant = tenant
    }
}

/// The new state of everything changed since some revision.
public struct AccessDelta: Sendable {
    public var revision: Int
    public var users: [UserID: (active: Bool, orgID: OrgID)?] = [:]
    public var memberships: [MembershipKey: [Membership]] = [:]
    public var licenses: [OrgID: [License]] = [:]
    public var relationships: [Relationship] = []
    public var roles: [String: [String: Set<Permission>]]?
    /// Records that could not be read, with why; read again on the next catch-up.
    public var unreadable: [AccessChange: String] = [:]

    public init(revision: Int) { self.revision = revision }
}

extension Store {
    /// The facts of one user in one tenant read straight from the database: the reference the index is tested against.
    public func accessFacts(user: UserID, tenant: OrgID) async throws -> AccessFacts {
        let now = self.now
        return try await backend.snapshot { db in
            let account = try await Self.user(user, in: db)
            let memberships = try await db.raw("""
                SELECT \(unsafeRaw: Membership.columns) FROM memberships WHERE user_id = \(bind: user.rawValue) AND tenant_id = \(bind: tenant.rawValue) ORDER BY id
                """).all().map(Membership.init(row:))
            let (live, endedWithRelationship) = AccessFacts.live(of: memberships)
            let relationship = try await live?.relationshipID.map(RelationshipID.init).asyncMap { try await Self.relationship($0, in: db) } ?? nil
            return AccessFacts(
                userActive: account?.status == .active, membership: live, latestEndedWithRelationship: endedWithRelationship,
                relationshipStatus: relationship?.status(at: now), privilege: relationship?.effectivePrivilege,
                licenses: try await Self.licenses(of: tenant, in: db), roles: try await Self.roleTable(in: db)
            )
        }
    }
}
