import Foundation
import SQLKit
import StewardCore

/// A stored value that today's validation refuses, and what was done about it.
public struct HealedRecord: Sendable, Equatable {
    public var table: String
    public var id: String
    public var problem: String
    public var action: String
}

/// What a stored row held before it was healed, for the audit event: the row's type could not read it.
private struct StoredValues: Encodable, Sendable {
    var id: String
    var email: String?
    var name: String?
}

extension Store {
    /// Finds values written before today's validation that it refuses, and makes each harmless, with an audit
    /// event: a user whose email cannot be read is deactivated and their email replaced by a placeholder under
    /// `.invalid` (the audit event keeps the original); unsafe characters are removed from names; a membership
    /// that cannot be read is deleted, which only ever removes access. Returns what it did, for the log.
    /// Runs at every start after the migrations; a clean database costs one pass over users, orgs and memberships.
    @discardableResult
    public func healStoredValues() async throws -> [HealedRecord] {
        var healed: [HealedRecord] = []
        let users = try await read { db in
            try await db.raw("SELECT id, email, name FROM users").all().map { (try $0.string("id"), try $0.string("email"), try $0.string("name")) }
        }
        for (id, email, name) in users {
            if let parsed = EmailAddress(email), parsed.value != email {
                // Stored before addresses were put in NFC: the same address, one way of writing it.
                let moved = try await write(.system) { tx in try await Self.normalizeEmail(UserID(id), from: email, to: parsed, name: name, in: tx) }.value
                healed.append(HealedRecord(table: "users", id: id, problem: "email is not in NFC",
                                           action: moved ? "rewritten in NFC" : "deactivated; another user holds the NFC address"))
            } else if EmailAddress(email) == nil {
                _ = try await write(.system) { tx in try await Self.quarantine(UserID(id), email: email, name: name, in: tx) }
                healed.append(HealedRecord(table: "users", id: id, problem: "email is not a valid address", action: "deactivated; email replaced"))
            }
            if let problem = TextSafety.nameProblem(name) {
                _ = try await write(.system) { tx in try await Self.repairName(table: "users", target: "user", id: id, name: name, in: tx) }
                healed.append(HealedRecord(table: "users", id: id, problem: "name \(problem)", action: "unsafe characters removed"))
            }
        }
        let orgs = try await read { db in try await db.raw("SELECT id, name FROM orgs").all().map { (try $0.string("id"), try $0.string("name")) } }
        for (id, name) in orgs {
            guard let problem = TextSafety.nameProblem(name) else { continue }
            _ = try await write(.system) { tx in try await Self.repairName(table: "orgs", target: "org", id: id, name: name, in: tx) }
            healed.append(HealedRecord(table: "orgs", id: id, problem: "name \(problem)", action: "unsafe characters removed"))
        }
        let unreadable = try await read { db in
            try await db.raw("SELECT \(unsafeRaw: Membership.columns) FROM memberships").all().compactMap { row -> (String, String, String, String)? in
                do { _ = try Membership(row: row) } catch let error where Self.isUnreadable(error) {
                    return (try row.string("id"), try row.string("user_id"), try row.string("tenant_id"), Self.reason(error))
                }
                return nil
            }
        }
        for (id, user, tenant, why) in unreadable {
            _ = try await write(.system) { tx in
                try await tx.db.raw("DELETE FROM memberships WHERE id = \(bind: id)").run()
                try await tx.changed(.membership(user: user, tenant: tenant))
                try await tx.audit("membership.deleted", target: "membership", id: id, tenant: OrgID(tenant), before: ["id": id, "unreadable": why])
            }
            healed.append(HealedRecord(table: "memberships", id: id, problem: why, action: "deleted"))
        }
        return healed
    }

    /// Rewrites an email in NFC; when another user already holds that address, quarantines this one instead.
    private static func normalizeEmail(_ id: UserID, from stored: String, to email: EmailAddress, name: String, in tx: WriteTransaction) async throws -> Bool {
        let taken = try await tx.db.raw("SELECT id FROM users WHERE email_normalized = \(bind: email.normalized) AND id <> \(bind: id.rawValue)").first()
        guard taken == nil else {
            try await quarantine(id, email: stored, name: name, in: tx)
            return false
        }
        try await tx.db.raw("""
            UPDATE users SET email = \(bind: email.value), email_normalized = \(bind: email.normalized), updated_at = \(bind: Columns.millis(tx.now))
            WHERE id = \(bind: id.rawValue)
            """).run()
        try await tx.changed(.user(id.rawValue))
        guard let user = try await Self.user(id, in: tx.db) else { return true }
        try await tx.audit("user.updated", target: "user", id: id.rawValue, tenant: user.orgID, before: StoredValues(id: id.rawValue, email: stored, name: name), after: user.audited)
        return true
    }

    private static func quarantine(_ id: UserID, email: String, name: String, in tx: WriteTransaction) async throws {
        let placeholder = "quarantined.\(id.rawValue.lowercased())@quarantine.invalid"
        try await tx.db.raw("""
            UPDATE users SET email = \(bind: placeholder), email_normalized = \(bind: placeholder), updated_at = \(bind: Columns.millis(tx.now))
            WHERE id = \(bind: id.rawValue)
            """).run()
        try await tx.changed(.user(id.rawValue))
        guard let user = try await Self.user(id, in: tx.db) else { return }
        try await tx.audit(
            "user.updated", target: "user", id: id.rawValue, tenant: user.orgID,
            before: StoredValues(id: id.rawValue, email: email, name: name), after: user.audited
        )
        _ = try await UserManagement.close(user, in: StoreTransaction(tx))
    }

    private static func repairName(table: String, target: String, id: String, name: String, in tx: WriteTransaction) async throws {
        var repaired = String(String.UnicodeScalarView(name.unicodeScalars.filter { !TextSafety.isUnsafeInName($0) }))
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if repaired.isEmpty { repaired = "(unnamed)" }
        try await tx.db.raw("UPDATE \(unsafeRaw: table) SET name = \(bind: repaired), updated_at = \(bind: Columns.millis(tx.now)) WHERE id = \(bind: id)").run()
        if target == "user" { try await tx.changed(.user(id)) }
        try await tx.audit(
            "\(target).updated", target: target, id: id, tenant: target == "org" ? OrgID(id) : nil,
            before: StoredValues(id: id, name: name), after: StoredValues(id: id, name: repaired)
        )
    }
}
