import Foundation
import SQLKit
import StewardCore

extension Store {
    static func insert(_ membership: Membership, in db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO memberships (\(unsafeRaw: Membership.columns))
            VALUES (\(bind: membership.id.rawValue), \(bind: membership.userID.rawValue), \(bind: membership.tenantID.rawValue),
                \(bind: membership.source.rawValue), \(bind: membership.relationshipID), \(bind: membership.platformAdmin ? 1 : 0),
                \(bind: membership.expiresAt.map(Columns.millis)), \(bind: try Columns.json(membership.products)),
                \(bind: membership.lastAccessAt.map(Columns.millis)), \(bind: membership.status.rawValue),
                \(bind: membership.version), \(bind: membership.createdBy?.rawValue),
                \(bind: Columns.millis(membership.createdAt)), \(bind: Columns.millis(membership.updatedAt)))
            """).run()
    }

    static func membership(_ id: MembershipID, in db: any SQLDatabase) async throws -> Membership? {
        try await db.raw("SELECT \(unsafeRaw: Membership.columns) FROM memberships WHERE id = \(bind: id.rawValue)").first().map(Membership.init(row:))
    }

    static func memberships(user: UserID, in db: any SQLDatabase) async throws -> [Membership] {
        try await db.raw("""
            SELECT \(unsafeRaw: Membership.columns) FROM memberships WHERE user_id = \(bind: user.rawValue) ORDER BY id
            """).all().map(Membership.init(row:))
    }

    static func membership(user: UserID, tenant: OrgID, in db: any SQLDatabase) async throws -> Membership? {
        try await db.raw("""
            SELECT \(unsafeRaw: Membership.columns) FROM memberships
            WHERE user_id = \(bind: user.rawValue) AND tenant_id = \(bind: tenant.rawValue) AND status <> 'ended'
            """).first().map(Membership.init(row:))
    }

    /// Every membership of a user, whatever its status, oldest first.
    public func memberships(of user: UserID) async throws -> [Membership] {
        try await read { db in try await Self.memberships(user: user, in: db) }
    }
}
