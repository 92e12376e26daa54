import Foundation
import SQLKit
import StewardCore

extension Store {
    static func hasPassword(_ user: UserID, in db: any SQLDatabase) async throws -> Bool {
        try await db.raw("SELECT 1 AS one FROM users WHERE id = \(bind: user.rawValue) AND password_hash IS NOT NULL").first() != nil
    }

    /// The org's users who have not set a password yet: the console shows them as invited.
    public func usersAwaitingPassword(in org: OrgID) async throws -> Set<UserID> {
        try await read { db in
            Set(try await db.raw("SELECT id FROM users WHERE org_id = \(bind: org.rawValue) AND password_hash IS NULL").all().map { UserID(try $0.string("id")) })
        }
    }
}

extension Store: InvitationReading {
    public func hasPassword(_ user: UserID) async throws -> Bool { try await read { db in try await Self.hasPassword(user, in: db) } }

    public func invitation(tokenHash: String) async throws -> Invitation? {
        try await read { db in try await Self.invitation(tokenHash: tokenHash, in: db) }
    }

    static func invitation(tokenHash: String, in db: any SQLDatabase) async throws -> Invitation? {
        try await db.raw("SELECT user_id, expires_at, used_at FROM invitations WHERE token_hash = \(bind: tokenHash)").first().map { row in
            Invitation(userID: UserID(try row.string("user_id")), expiresAt: try row.date("expires_at"), usedAt: try row.optionalDate("used_at"))
        }
    }
}

extension StoreTransaction: InvitationRecords {
    public func hasPassword(_ user: UserID) async throws -> Bool { try await Store.hasPassword(user, in: tx.db) }

    public func insertInvitation(for user: User, tokenHash: String, expiresAt: Date) async throws {
        // A new link replaces any unused one: only the latest email works.
        try await tx.db.raw("DELETE FROM invitations WHERE user_id = \(bind: user.id.rawValue) AND used_at IS NULL").run()
        try await tx.db.raw("""
            INSERT INTO invitations (token_hash, user_id, expires_at, created_at)
            VALUES (\(bind: tokenHash), \(bind: user.id.rawValue), \(bind: Columns.millis(expiresAt)), \(bind: Columns.millis(tx.now)))
            """).run()
        try await tx.audit("user.invited", target: "user", id: user.id.rawValue, tenant: user.orgID, after: user.audited)
    }

    public func invitation(tokenHash: String) async throws -> Invitation? { try await Store.invitation(tokenHash: tokenHash, in: tx.db) }

    public func accept(_ invitation: Invitation, tokenHash: String, passwordHash: String) async throws {
        let spent = try await tx.db.raw("""
            UPDATE invitations SET used_at = \(bind: Columns.millis(tx.now)) WHERE token_hash = \(bind: tokenHash) AND used_at IS NULL RETURNING user_id
            """).all()
        // Two submissions of one link at once: the second finds it spent.
        guard !spent.isEmpty else { throw InvitationRefusal.used }
        let set = try await tx.db.raw("""
            UPDATE users SET password_hash = \(bind: passwordHash), updated_at = \(bind: Columns.millis(tx.now))
            WHERE id = \(bind: invitation.userID.rawValue) AND password_hash IS NULL AND status = 'active' RETURNING id
            """).all()
        guard !set.isEmpty else { throw InvitationRefusal.used }
        try await tx.changed(.user(invitation.userID.rawValue))
        if let user = try await Store.user(invitation.userID, in: tx.db) {
            try await tx.audit("user.invitation_accepted", target: "user", id: user.id.rawValue, tenant: user.orgID, after: user.audited)
        }
    }
}
