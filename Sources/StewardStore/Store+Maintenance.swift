import SQLKit

extension Store {
    /// Runs one statement outside the store's rules (no audit, no revision); for tests and operator tooling only.
    public func execute(raw sql: String) async throws {
        switch backend.kind {
        case .postgres:
            // Outside a transaction block, so statements such as CREATE DATABASE work.
            try await backend.read { db in try await db.raw(SQLQueryString(sql)).run() }
        case .sqlite:
            try await backend.transaction { db in try await db.raw(SQLQueryString(sql)).run() }
        }
    }
}
