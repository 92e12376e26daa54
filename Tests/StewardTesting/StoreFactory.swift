import Foundation
import StewardStore

/// Gives each test a fresh, migrated database of the kind asked for.
public enum StoreFactory {
    /// SQLite always; PostgreSQL whenever a server is given, and always in CI, where its absence fails loudly.
    public static var kinds: [BackendKind] {
        let ci = ProcessInfo.processInfo.environment["CI"] != nil
        return postgresURL != nil || ci ? [.sqlite, .postgres] : [.sqlite]
    }

    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["STEWARD_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public static func make(_ kind: BackendKind, clock: @escaping @Sendable () -> Date = { Date() }) async throws -> Store {
        let store = try await Store.open(try url(kind), clock: clock)
        try await store.migrate()
        return store
    }

    /// A URL naming a database nobody else uses.
    public static func url(_ kind: BackendKind) async throws -> DatabaseURL {
        let name = "steward_test_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
        switch kind {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(name)
            return .sqlite(path: directory.appendingPathComponent("steward.sqlite").path)
        case .postgres:
            guard let base = postgresURL else {
                throw StoreError.invalidConfiguration("STEWARD_TEST_POSTGRES_URL is not set; run scripts/test.sh")
            }
            let admin = try await Store.open(.postgres(url: base))
            try await admin.execute(raw: "CREATE DATABASE \(name)")
            await admin.shutdown()
            guard var components = URLComponents(string: base) else { throw StoreError.invalidConfiguration("bad URL") }
            components.path = "/\(name)"
            return .postgres(url: components.string!)
        }
    }
}

extension StoreFactory {
    /// Runs `body` on a fresh store and closes it afterwards, whatever happens.
    public static func with(_ kind: BackendKind, clock: @escaping @Sendable () -> Date = { Date() }, _ body: (Store) async throws -> Void) async throws {
        let store = try await make(kind, clock: clock)
        do {
            try await body(store)
            await store.shutdown()
        } catch {
            await store.shutdown()
            throw error
        }
    }
}
