import Foundation
import SQLKit

/// Applies the numbered migrations a database lacks, each in its own transaction.
enum Migrator {
    static let all: [Migration] = [
        migration001Foundation, migration002Relationships, migration003Access, migration004Hardening, migration005ConsolePreferences,
        migration006DataPrivilege, migration007LicenseRequests, migration008PartnerSettings, migration009Invitations,
    ]

    /// The newest version this build knows.
    static var latestVersion: Int { all.map(\.version).max() ?? 0 }

    /// Applies pending migrations; returns the versions applied.
    @discardableResult
    static func migrate(_ backend: any SQLBackend) async throws -> [Int] {
        try await backend.transaction { db in
            try await db.raw("""
                CREATE TABLE IF NOT EXISTS steward_migrations (
                    version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)
                """).run()
        }
        var applied: [Int] = []
        for migration in all.sorted(by: { $0.version < $1.version }) {
            let kind = backend.kind
            let done = try await backend.transaction { db -> Bool in
                // Another instance may be migrating the same PostgreSQL database: take a lock first.
                if kind == .postgres {
                    try await db.raw("LOCK TABLE steward_migrations IN EXCLUSIVE MODE").run()
                }
                let existing = try await db.raw(
                    "SELECT version FROM steward_migrations WHERE version = \(bind: migration.version)"
                ).first()
                if existing != nil { return false }
                for statement in migration.statements(kind) {
                    try await db.raw(SQLQueryString(statement)).run()
                }
                let now = Int(Date().timeIntervalSince1970 * 1000)
                try await db.raw("""
                    INSERT INTO steward_migrations (version, name, applied_at)
                    VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: now))
                    """).run()
                return true
            }
            if done { applied.append(migration.version) }
        }
        let newest = try await currentVersion(backend)
        if newest > latestVersion { throw StoreError.schemaTooNew(newest) }
        return applied
    }

    /// The newest applied version, 0 on an empty database.
    static func currentVersion(_ backend: any SQLBackend) async throws -> Int {
        try await backend.read { db in
            let row = try await db.raw("SELECT MAX(version) AS v FROM steward_migrations").first()
            return try row?.decode(column: "v", as: Int?.self) ?? 0
        }
    }
}
