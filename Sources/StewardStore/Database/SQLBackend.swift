import SQLKit

/// A database the store can run SQL on: one code path for SQLite and PostgreSQL.
public protocol SQLBackend: Sendable {
    /// Which SQL dialect the backend speaks, for the few statements that differ.
    var kind: BackendKind { get }

    /// Runs read-only work; it may see any committed state.
    func read<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R

    /// Runs work in one transaction: committed when `body` returns, rolled back when it throws.
    func transaction<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R

    /// Runs several reads that must see one consistent state.
    func snapshot<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R

    /// Closes connections; the backend is unusable afterwards.
    func shutdown() async
}

/// The two databases Steward runs on.
public enum BackendKind: String, Sendable, CaseIterable {
    case sqlite, postgres
}

/// Opens the backend a URL names.
public func openBackend(_ url: DatabaseURL) async throws -> any SQLBackend {
    switch url {
    case .sqlite(let path): return try await SQLiteBackend(path: path)
    case .postgres(let url): return try await PostgresBackend(url: url)
    }
}
