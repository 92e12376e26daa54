import Foundation
import SQLKit
import StewardCore

/// How a session was opened: by the API (bearer token) or by the console (cookie).
public enum SessionKind: String, Sendable {
    case api, console
}

/// A signed-in session; the token itself is never stored, only its hash.
public struct Session: Sendable {
    public var tokenHash: String
    public var userID: UserID
    public var kind: SessionKind
    public var csrfToken: String
    public var createdAt: Date
    public var expiresAt: Date
    /// Opened while TOTP enrolment was required but missing: it reaches only the enrolment.
    public var restricted = false
}

/// A live session with the user and home org behind it.
public struct SessionIdentity: Sendable {
    public var session: Session
    public var user: User
    public var org: Org
    /// Whether the user's TOTP is in force, for `STEWARD_REQUIRE_MFA`.
    public var mfaEnrolled: Bool
}

extension Store {
    /// Opens a session and records `session.created`.
    public func createSession(tokenHash: String, user: User, kind: SessionKind, csrfToken: String, expiresAt: Date, restricted: Bool = false) async throws {
        _ = try await write(AuditActor(userID: user.id, orgID: user.orgID)) { tx in
            try await tx.db.raw("""
                INSERT INTO sessions (token_hash, user_id, kind, csrf_token, created_at, expires_at, restricted)
                VALUES (\(bind: tokenHash), \(bind: user.id.rawValue), \(bind: kind.rawValue), \(bind: csrfToken),
                    \(bind: Columns.millis(tx.now)), \(bind: Columns.millis(expiresAt)), \(bind: restricted ? 1 : 0))
                """).run()
            // Expired sessions are swept here rather than by a job: sign-ins are rare and this keeps the table small.
            try await tx.db.raw("DELETE FROM sessions WHERE expires_at <= \(bind: Columns.millis(tx.now))").run()
            struct SessionAudit: Encodable, Sendable { var kind: String; var expires_at: String }
            try await tx.audit(
                "session.created", target: "user", id: user.id.rawValue, tenant: user.orgID,
                after: SessionAudit(kind: kind.rawValue, expires_at: Timestamp.format(expiresAt))
            )
        }
    }

    /// The live session for a token hash: unexpired, and its user active.
    public func session(tokenHash: String) async throws -> SessionIdentity? {
        let now = Columns.millis(self.now)
        return try await read { db in
            guard let row = try await db.raw("""
                SELECT token_hash, user_id, kind, csrf_token, created_at, expires_at, restricted FROM sessions
                WHERE token_hash = \(bind: tokenHash) AND expires_at > \(bind: now)
                """).first()
            else { return nil }
            let session = Session(
                tokenHash: try row.string("token_hash"), userID: UserID(try row.string("user_id")),
                kind: try row.value("kind", as: SessionKind.self), csrfToken: try row.string("csrf_token"),
                createdAt: try row.date("created_at"), expiresAt: try row.date("expires_at"), restricted: try row.bool("restricted")
            )
            guard let user = try await Self.user(session.userID, in: db), user.status == .active,
                  let org = try await Self.org(user.orgID, in: db)
            else { return nil }
            return SessionIdentity(session: session, user: user, org: org, mfaEnrolled: try await Self.mfaEnrolled(user.id, in: db))
        }
    }

    static func mfaEnrolled(_ user: UserID, in db: any SQLDatabase) async throws -> Bool {
        try await db.raw("SELECT confirmed_at FROM mfa_totp WHERE user_id = \(bind: user.rawValue)").first()?.optionalInt("confirmed_at") != nil
    }

    /// Ends a session (sign-out) and records `session.ended`.
    public func deleteSession(tokenHash: String, user: User) async throws {
        _ = try await write(AuditActor(userID: user.id, orgID: user.orgID)) { tx in
            try await tx.db.raw("DELETE FROM sessions WHERE token_hash = \(bind: tokenHash)").run()
            try await tx.audit("session.ended", target: "user", id: user.id.rawValue, tenant: user.orgID)
        }
    }

    /// Notes a failed sign-in for throttling, by email and client address. Not an audit event: anyone can cause
    /// one, and the chain must not be floodable by strangers.
    public func recordLoginFailure(email: EmailAddress?, address: String) async throws {
        let now = Columns.millis(self.now)
        _ = try await backend.transaction { db in
            try await db.raw("""
                INSERT INTO login_failures (email_normalized, address, at) VALUES (\(bind: email?.normalized ?? ""), \(bind: address), \(bind: now))
                """).run()
            // Old failures count for nothing; keep the table small.
            try await db.raw("DELETE FROM login_failures WHERE at < \(bind: now - 86_400_000)").run()
        }
    }

    /// Counts a sign-in attempt as a failure before it is judged, in the same transaction as the counting, so
    /// attempts made in parallel cannot all pass the limit: returns the failures of the pair and of the address
    /// since `since`, this one included. A success clears the pair's count afterwards.
    public func countLoginAttempt(email: EmailAddress?, address: String, since: Date) async throws -> (pair: Int, address: Int) {
        let now = Columns.millis(self.now)
        let from = Columns.millis(since)
        return try await backend.transaction { db in
            // Serialises attempts on PostgreSQL as every write does; SQLite has one writer anyway.
            try await db.raw("UPDATE steward_state SET revision = revision WHERE id = 1").run()
            try await db.raw("""
                INSERT INTO login_failures (email_normalized, address, at) VALUES (\(bind: email?.normalized ?? ""), \(bind: address), \(bind: now))
                """).run()
            let pair = try await db.raw("""
                SELECT COUNT(*) AS n FROM login_failures
                WHERE email_normalized = \(bind: email?.normalized ?? "") AND address = \(bind: address) AND at > \(bind: from)
                """).first()?.int("n") ?? 0
            let all = try await db.raw("SELECT COUNT(*) AS n FROM login_failures WHERE address = \(bind: address) AND at > \(bind: from)").first()?.int("n") ?? 0
            return (pair, all)
        }
    }

    /// Failed sign-ins for one email from one client address since a time.
    public func loginFailures(email: EmailAddress, address: String, since: Date) async throws -> Int {
        try await read { db in
            let row = try await db.raw("""
                SELECT COUNT(*) AS n FROM login_failures
                WHERE email_normalized = \(bind: email.normalized) AND address = \(bind: address) AND at > \(bind: Columns.millis(since))
                """).first()
            return try row?.int("n") ?? 0
        }
    }

    /// Failed sign-ins from one client address, for any email, since a time.
    public func loginFailures(address: String, since: Date) async throws -> Int {
        try await read { db in
            let row = try await db.raw("""
                SELECT COUNT(*) AS n FROM login_failures WHERE address = \(bind: address) AND at > \(bind: Columns.millis(since))
                """).first()
            return try row?.int("n") ?? 0
        }
    }

    /// Forgets one email's failures from one address after it signs in there.
    public func clearLoginFailures(email: EmailAddress, address: String) async throws {
        _ = try await backend.transaction { db in
            try await db.raw("DELETE FROM login_failures WHERE email_normalized = \(bind: email.normalized) AND address = \(bind: address)").run()
        }
    }

    /// Replaces a password hash made by an earlier build once its password has been verified; no audit event,
    /// as the password itself did not change.
    public func upgradePasswordHash(_ user: UserID, from old: String, to new: String) async throws {
        _ = try await backend.transaction { db in
            try await db.raw("UPDATE users SET password_hash = \(bind: new) WHERE id = \(bind: user.rawValue) AND password_hash = \(bind: old)").run()
        }
    }
}
