import Foundation
import SQLKit
import StewardCore

/// A user with the secret needed to sign them in; never leaves the server.
public struct UserCredentials: Sendable {
    public var user: User
    public var passwordHash: String?
}

extension Store {
    /// Creates a user and their home membership; 409 (`conflict`) when the email is taken.
    public func createUser(_ new: NewUser, by actor: AuditActor) async throws -> Written<User> {
        try await write(actor) { tx in try await Self.createUser(new, in: tx) }
    }

    static func createUser(_ new: NewUser, in tx: WriteTransaction) async throws -> User {
        guard try await org(new.orgID, in: tx.db) != nil else { throw Refused.notFound }
        let taken = try await tx.db.raw(
            "SELECT id FROM users WHERE email_normalized = \(bind: new.email.normalized)"
        ).first()
        if taken != nil { throw Refused.conflict("a user with this email already exists") }
        let user = User(
            id: UserID(IDGenerator.make("usr", at: tx.now)), orgID: new.orgID, email: new.email, name: new.name,
            role: new.role, timeZone: new.timeZone, createdAt: tx.now, updatedAt: tx.now
        )
        try await insert(user, passwordHash: new.passwordHash, in: tx.db)
        try await tx.audit("user.created", target: "user", id: user.id.rawValue, tenant: user.orgID, after: user.audited)
        let home = Membership(
            id: MembershipID(IDGenerator.make("mem", at: tx.now)), userID: user.id, tenantID: user.orgID, source: .home,
            platformAdmin: user.role == .admin, createdBy: tx.actor.userID, createdAt: tx.now, updatedAt: tx.now
        )
        try await insert(home, in: tx.db)
        try await tx.changed(.user(user.id.rawValue))
        try await tx.changed(.membership(user: user.id.rawValue, tenant: home.tenantID.rawValue))
        try await tx.audit("membership.created", target: "membership", id: home.id.rawValue, tenant: home.tenantID, after: home.audited)
        return user
    }

    static func insert(_ user: User, passwordHash: String?, in db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO users (id, org_id, email, email_normalized, name, role, time_zone, status, password_hash,
                version, created_at, updated_at)
            VALUES (\(bind: user.id.rawValue), \(bind: user.orgID.rawValue), \(bind: user.email.value),
                \(bind: user.email.normalized), \(bind: user.name), \(bind: user.role.rawValue), \(bind: user.timeZone),
                \(bind: user.status.rawValue), \(bind: passwordHash), \(bind: user.version),
                \(bind: Columns.millis(user.createdAt)), \(bind: Columns.millis(user.updatedAt)))
            """).run()
    }

    static func user(_ id: UserID, in db: any SQLDatabase) async throws -> User? {
        try await db.raw("SELECT \(unsafeRaw: User.columns) FROM users WHERE id = \(bind: id.rawValue)").first().map(User.init(row:))
    }

    /// One user by id.
    public func user(_ id: UserID) async throws -> User? {
        try await read { db in try await Self.user(id, in: db) }
    }

    /// A user and their password hash, by email in any case.
    public func credentials(email: EmailAddress) async throws -> UserCredentials? {
        try await read { db in
            guard let row = try await db.raw("""
                SELECT \(unsafeRaw: User.columns), password_hash FROM users WHERE email_normalized = \(bind: email.normalized)
                """).first()
            else { return nil }
            return UserCredentials(user: try User(row: row), passwordHash: try row.optionalString("password_hash"))
        }
    }

    static func activeUser(email: EmailAddress, in db: any SQLDatabase) async throws -> User? {
        try await db.raw("""
            SELECT \(unsafeRaw: User.columns) FROM users WHERE email_normalized = \(bind: email.normalized) AND status = 'active'
            """).first().map(User.init(row:))
    }

    /// The users of one org, oldest first.
    public func users(of org: OrgID, page: PageRequest = PageRequest()) async throws -> Page<User> {
        try await read { db in
            var sql: SQLQueryString = "SELECT \(unsafeRaw: User.columns) FROM users WHERE org_id = \(bind: org.rawValue)"
            if let after = page.after { sql = sql + " AND id > \(bind: after)" }
            sql = sql + " ORDER BY id LIMIT \(bind: page.limit + 1)"
            return try await db.raw(sql).all().map(User.init(row:)).page(limit: page.limit) { $0.id.rawValue }
        }
    }

    /// Edits a user; a role change carries over to the admin flag of their home membership.
    /// A new password ends every session of the user but `keepingSession` (the one that changed it, if theirs).
    public func updateUser(
        _ id: UserID, _ changes: UserChanges, expectedVersion: Int?, by actor: AuditActor, keepingSession: String? = nil
    ) async throws -> Written<User> {
        try await write(actor) { tx in
            guard let before = try await Self.user(id, in: tx.db) else { throw Refused.notFound }
            if let expectedVersion, expectedVersion != before.version { throw Refused.stale(current: before.version) }
            return try await Self.updateUser(before, changes, keepingSession: keepingSession, in: tx)
        }
    }

    static func updateUser(_ before: User, _ changes: UserChanges, keepingSession: String?, in tx: WriteTransaction) async throws -> User {
        let id = before.id
        var after = before
        if let name = changes.name { after.name = name }
        if let timeZone = changes.timeZone { after.timeZone = timeZone }
        if let role = changes.role { after.role = role }
        if let email = changes.email, email.value != before.email.value {
            let taken = try await tx.db.raw("""
                SELECT id FROM users WHERE email_normalized = \(bind: email.normalized) AND id <> \(bind: id.rawValue)
                """).first()
            if taken != nil { throw Refused.conflict("a user with this email already exists") }
            after.email = email
            // A link sent to the old address must not set the password of the new one.
            try await tx.db.raw("DELETE FROM invitations WHERE user_id = \(bind: id.rawValue) AND used_at IS NULL").run()
        }
        guard after != before || changes.passwordHash != nil else { return before }
        after.version += 1
        after.updatedAt = tx.now
        try await tx.db.raw("""
            UPDATE users SET name = \(bind: after.name), email = \(bind: after.email.value),
                email_normalized = \(bind: after.email.normalized), role = \(bind: after.role.rawValue),
                time_zone = \(bind: after.timeZone), version = \(bind: after.version),
                updated_at = \(bind: Columns.millis(tx.now))
            WHERE id = \(bind: id.rawValue)
            """).run()
        if let hash = changes.passwordHash {
            try await tx.db.raw("UPDATE users SET password_hash = \(bind: hash) WHERE id = \(bind: id.rawValue)").run()
            try await tx.db.raw("""
                DELETE FROM sessions WHERE user_id = \(bind: id.rawValue) AND token_hash <> \(bind: keepingSession ?? "")
                """).run()
        }
        // The audit trail never holds password hashes, only that the password changed.
        try await tx.audit(
            changes.passwordHash != nil && after == before ? "user.password_changed" : "user.updated",
            target: "user", id: id.rawValue, tenant: after.orgID, before: before.audited, after: after.audited
        )
        if after.role != before.role {
            try await Self.setHomeAdmin(user: after, in: tx)
        }
        // Servers cache who a token's user is (role, email); a change of either must reach them.
        try await tx.changed(.user(id.rawValue))
        return after
    }

    private static func setHomeAdmin(user: User, in tx: WriteTransaction) async throws {
        guard let home = try await membership(user: user.id, tenant: user.orgID, in: tx.db), home.source == .home else { return }
        var updated = home
        updated.platformAdmin = user.role == .admin
        updated.version += 1
        updated.updatedAt = tx.now
        try await tx.db.raw("""
            UPDATE memberships SET platform_admin = \(bind: updated.platformAdmin ? 1 : 0), version = \(bind: updated.version),
                updated_at = \(bind: Columns.millis(tx.now))
            WHERE id = \(bind: home.id.rawValue)
            """).run()
        try await tx.changed(.membership(user: user.id.rawValue, tenant: home.tenantID.rawValue))
        try await tx.audit("membership.updated", target: "membership", id: home.id.rawValue, tenant: home.tenantID, before: home.audited, after: updated.audited)
    }

    static func deactivate(_ before: User, in tx: WriteTransaction) async throws -> User {
        let id = before.id
        var after = before
        after.status = .deactivated
        after.version += 1
        after.updatedAt = tx.now
        try await tx.db.raw("""
            UPDATE users SET status = 'deactivated', version = \(bind: after.version), updated_at = \(bind: Columns.millis(tx.now))
            WHERE id = \(bind: id.rawValue)
            """).run()
        try await tx.db.raw("DELETE FROM sessions WHERE user_id = \(bind: id.rawValue)").run()
        try await tx.db.raw("UPDATE api_tokens SET revoked_at = \(bind: Columns.millis(tx.now)) WHERE user_id = \(bind: id.rawValue) AND revoked_at IS NULL").run()
        try await tx.changed(.user(id.rawValue))
        try await tx.audit("user.deactivated", target: "user", id: id.rawValue, tenant: after.orgID, before: before.audited, after: after.audited)
        return after
    }
}
