import Foundation
import SQLKit
import StewardCore

/// A user's TOTP enrolment as stored: the shared secret, whether it is confirmed (in force), and the last
/// time step a code was accepted for, so no code is accepted twice.
public struct TOTPEnrolment: Sendable, Equatable {
    public var secret: String
    public var confirmed: Bool
    public var lastStep: Int
}

extension Store {
    public func totp(of user: UserID) async throws -> TOTPEnrolment? {
        try await read { db in
            try await db.raw("SELECT secret, confirmed_at, last_step FROM mfa_totp WHERE user_id = \(bind: user.rawValue)").first().map {
                TOTPEnrolment(secret: try $0.string("secret"), confirmed: try $0.optionalInt("confirmed_at") != nil, lastStep: try $0.int("last_step"))
            }
        }
    }

    /// Starts (or restarts) an enrolment that is not yet in force; refused while one is confirmed.
    public func beginTOTP(_ user: User, secret: String) async throws {
        _ = try await write(AuditActor(userID: user.id, orgID: user.orgID)) { tx in
            if try await tx.db.raw("SELECT confirmed_at FROM mfa_totp WHERE user_id = \(bind: user.id.rawValue)").first()?.optionalInt("confirmed_at") != nil {
                throw Refused.conflict("TOTP is already in force; disable it first")
            }
            try await tx.db.raw("DELETE FROM mfa_totp WHERE user_id = \(bind: user.id.rawValue)").run()
            try await tx.db.raw("""
                INSERT INTO mfa_totp (user_id, secret, created_at) VALUES (\(bind: user.id.rawValue), \(bind: secret), \(bind: Columns.millis(tx.now)))
                """).run()
            try await tx.audit("user.mfa_enrolment_started", target: "user", id: user.id.rawValue, tenant: user.orgID)
        }
    }

    /// Puts the enrolment in force with fresh recovery codes (stored as hashes), spending `step`.
    public func confirmTOTP(_ user: User, step: Int, recoveryCodeHashes: [String]) async throws {
        _ = try await write(AuditActor(userID: user.id, orgID: user.orgID)) { tx in
            try await tx.db.raw("""
                UPDATE mfa_totp SET confirmed_at = \(bind: Columns.millis(tx.now)), last_step = \(bind: step) WHERE user_id = \(bind: user.id.rawValue)
                """).run()
            try await tx.db.raw("DELETE FROM mfa_recovery_codes WHERE user_id = \(bind: user.id.rawValue)").run()
            for hash in recoveryCodeHashes {
                try await tx.db.raw("INSERT INTO mfa_recovery_codes (user_id, code_hash) VALUES (\(bind: user.id.rawValue), \(bind: hash))").run()
            }
            // Sessions opened while enrolment was missing now reach everything.
            try await tx.db.raw("UPDATE sessions SET restricted = 0 WHERE user_id = \(bind: user.id.rawValue)").run()
            // Cached API-token identities carry whether TOTP is in force.
            try await tx.changed(.user(user.id.rawValue))
            try await tx.audit("user.mfa_enabled", target: "user", id: user.id.rawValue, tenant: user.orgID)
        }
    }

    /// Spends a code's time step: false when that step, or a later one, was spent already (a replay).
    public func spendTOTPStep(_ user: UserID, step: Int) async throws -> Bool {
        try await backend.transaction { db in
            let updated = try await db.raw("""
                UPDATE mfa_totp SET last_step = \(bind: step) WHERE user_id = \(bind: user.rawValue) AND last_step < \(bind: step) RETURNING user_id
                """).all()
            return !updated.isEmpty
        }
    }

    /// Spends a recovery code once: false when it is unknown or used.
    public func spendRecoveryCode(_ user: User, hash: String) async throws -> Bool {
        try await write(AuditActor(userID: user.id, orgID: user.orgID)) { tx in
            let updated = try await tx.db.raw("""
                UPDATE mfa_recovery_codes SET used_at = \(bind: Columns.millis(tx.now))
                WHERE user_id = \(bind: user.id.rawValue) AND code_hash = \(bind: hash) AND used_at IS NULL RETURNING user_id
                """).all()
            guard !updated.isEmpty else { return false }
            try await tx.audit("user.mfa_recovery_code_used", target: "user", id: user.id.rawValue, tenant: user.orgID)
            return true
        }.value
    }

    /// Ends TOTP for a user: the secret and the recovery codes go.
    public func disableTOTP(_ user: User) async throws {
        _ = try await write(AuditActor(userID: user.id, orgID: user.orgID)) { tx in
            try await tx.db.raw("DELETE FROM mfa_recovery_codes WHERE user_id = \(bind: user.id.rawValue)").run()
            try await tx.db.raw("DELETE FROM mfa_totp WHERE user_id = \(bind: user.id.rawValue)").run()
            try await tx.changed(.user(user.id.rawValue))
            try await tx.audit("user.mfa_disabled", target: "user", id: user.id.rawValue, tenant: user.orgID)
        }
    }
}
