import Foundation
import SQLKit
import SQLiteKit

/// SQLite in WAL mode: one writer connection whose transactions take turns, one reader connection.
final class SQLiteBackend: SQLBackend {
    let kind = BackendKind.sqlite
    private let writer: SQLiteConnection
    private let reader: SQLiteConnection
    private let writeLock = AsyncLock()

    init(path: String) async throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        writer = try await SQLiteConnection.open(storage: .file(path: path))
        // WAL lets the reader see committed state while a write runs; synchronous=FULL makes an
        // acknowledged commit survive a crash of the process or the machine.
        for pragma in ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=5000"] {
            try await writer.sql().raw(SQLQueryString(pragma)).run()
        }
        reader = try await SQLiteConnection.open(storage: .file(path: path))
        for pragma in ["PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=5000", "PRAGMA query_only=ON"] {
            try await reader.sql().raw(SQLQueryString(pragma)).run()
        }
    }

    func read<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await body(reader.sql())
    }

    func transaction<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        let db = writer.sql()
        return try await writeLock.withLock {
            try await db.raw("BEGIN IMMEDIATE").run()
            do {
                let result = try await body(db)
                try await db.raw("COMMIT").run()
                return result
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    /// The writer's turn-taking makes its transaction a consistent view.
    func snapshot<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await transaction(body)
    }

    func shutdown() async {
        try? await reader.close()
        try? await writer.close()
    }
}
