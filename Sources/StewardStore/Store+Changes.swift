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
}

extension Store {
    /// Loads the whole access state at one revision (inside one transaction, so nothing changes meanwhile).
    public func accessSnapshot() async throws -> AccessSnapshot {
        try await backend.snapshot { db in
            let revision = try await db.raw("SELECT revision FROM steward_state WHERE id = 1").first()?.int("revision") ?? 0
            var users: [UserID: (active: Bool, orgID: OrgID)] = [:]
            for row in try await db.raw("SELECT id, org_id, status FROM users").all() {
                users[UserID(try row.string("id"))] = (try row.string("status") == "active", OrgID(try row.string("org_id")))
            }
            return AccessSnapshot(
                revision: revision, users: users,
                memberships: try await db.raw("SELECT \(unsafeRaw: Membership.columns) FROM memberships ORDER BY id").all().map(Membership.init(row:)),
                relationships: try await db.raw("SELECT \(unsafeRaw: Relationship.columns) FROM relationships ORDER BY id").all().map(Relationship.init(row:)),
                licenses: try await db.raw("SELECT \(unsafeRaw: License.columns) FROM licenses ORDER BY id").all().map(License.init(row:)),
                roles: try await Self.roleTable(in: db)
            )
        }
    }

    /// The changes after a revision, up to the current one, with what each touched now reads as.
    public func accessChanges(after revision: Int) async throws -> AccessDelta {
        try await backend.snapshot { db in
            let current = try await db.raw("SELECT revision FROM steward_state WHERE id = 1").first()?.int("revision") ?? 0
            var delta = AccessDelta(revision: current)
            guard current > revision else { return delta }
            let rows = try await db.raw("SELECT DISTINCT kind, key FROM changes WHERE revision > \(bind: revision) AND revision <= \(bind: current)").all()
            for row in rows {
                let key = try row.string("key")
                switch AccessChange.Kind(rawValue: try row.string("kind")) {
                case .user?:
                    let user = try await Self.user(UserID(key), in: db)
                    delta.users[UserID(key)] = user.map { ($0.status == .active, $0.orgID) }
                case .membership?:
                    let parts = key.split(separator: "|").map(String.init)
                    guard parts.count == 2 else { continue }
                    let list = try await db.raw("""
                        SELECT \(unsafeRaw: Membership.columns) FROM memberships WHERE user_id = \(bind: parts[0]) AND tenant_id = \(bind: parts[1]) ORDER BY id
                        """).all().map(Membership.init(row:))
                    delta.memberships[MembershipKey(user: UserID(parts[0]), tenant: OrgID(parts[1]))] = list
                case .tenant?:
                    delta.licenses[OrgID(key)] = try await Self.licenses(of: OrgID(key), in: db)
                case .relationship?:
                    if let relationship = try await Self.relationship(RelationshipID(key), in: db) { delta.relationships.append(relationship) }
                case .catalog?:
                    delta.roles = try await Self.roleTable(in: db)
                case nil:
                    continue
                }
            }
            return delta
        }
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
                relationshipStatus: relationship?.status(at: now), privilege: relationship?.privilege,
                licenses: try await Self.licenses(of: tenant, in: db), roles: try await Self.roleTable(in: db)
            )
        }
    }
}
