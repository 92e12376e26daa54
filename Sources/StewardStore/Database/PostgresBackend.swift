import Foundation
import Logging
import NIOSSL
import PostgresKit
import PostgresNIO
import SQLKit

/// PostgreSQL through PostgresNIO's connection pool; several instances may share one database.
final class PostgresBackend: SQLBackend {
    let kind = BackendKind.postgres
    private let client: PostgresClient
    private let runTask: Task<Void, Never>

    init(url: String) async throws {
        var configuration = try PostgresURL.parse(url)
        configuration.options.maximumConnections = 16
        let client = PostgresClient(configuration: configuration, backgroundLogger: Logger(label: "steward.postgres"))
        self.client = client
        runTask = Task { await client.run() }
        // Fail at start-up, not on the first request, when the server is unreachable.
        do {
            try await read { db in try await db.raw("SELECT 1").run() }
        } catch {
            runTask.cancel()
            throw StoreError.invalidConfiguration("cannot reach PostgreSQL at \(configuration.host ?? "?"):\(configuration.port ?? 0): \(String(reflecting: error))")
        }
    }

    func read<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await client.withConnection { connection in
            try await body(connection.sql())
        }
    }

    func transaction<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await inTransaction("BEGIN", body)
    }

    func snapshot<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        // Read committed would let each statement see a different state.
        try await inTransaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }

    private func inTransaction<R: Sendable>(_ begin: String, _ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await client.withConnection { connection in
            let db = connection.sql()
            try await db.raw(SQLQueryString(begin)).run()
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

    func shutdown() async {
        runTask.cancel()
    }
}
