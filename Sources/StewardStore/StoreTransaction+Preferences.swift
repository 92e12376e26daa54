import Foundation
import SQLKit
import StewardCore

extension StoreTransaction: PreferenceRecords {
    public func landing(of user: UserID) async throws -> ConsoleLanding? { try await Store.landing(of: user, in: tx.db) }

    public func setLanding(_ landing: ConsoleLanding, of user: UserID, before: ConsoleLanding?) async throws {
        try await tx.db.raw("DELETE FROM console_preferences WHERE user_id = \(bind: user.rawValue)").run()
        try await tx.db.raw("""
            INSERT INTO console_preferences (user_id, landing, updated_at)
            VALUES (\(bind: user.rawValue), \(bind: landing.rawValue), \(bind: Columns.millis(tx.now)))
            """).run()
        let owner = try await Store.user(user, in: tx.db)
        try await tx.audit(
            "user.preferences_updated", target: "user", id: user.rawValue, tenant: owner?.orgID,
            before: before.map { ["landing": $0.rawValue] }, after: ["landing": landing.rawValue]
        )
    }
}

extension Store {
    /// The user's chosen landing page, if any.
    public func landing(of user: UserID) async throws -> ConsoleLanding? {
        try await read { db in try await Self.landing(of: user, in: db) }
    }

    static func landing(of user: UserID, in db: any SQLDatabase) async throws -> ConsoleLanding? {
        try await db.raw("SELECT landing FROM console_preferences WHERE user_id = \(bind: user.rawValue)").first()
            .flatMap { ConsoleLanding(rawValue: try $0.string("landing")) }
    }
}
