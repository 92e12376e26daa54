import Foundation
import SQLKit
import StewardCore

/// Who a change is attributed to in the audit trail; `system` for bootstrap and background jobs.
public struct AuditActor: Sendable, Equatable {
    public var userID: UserID?
    public var orgID: OrgID?

    public init(userID: UserID?, orgID: OrgID?) {
        self.userID = userID
        self.orgID = orgID
    }

    public init(_ actor: Actor) {
        self.init(userID: actor.userID, orgID: actor.orgID)
    }

    public static let system = AuditActor(userID: nil, orgID: nil)
}

/// The result of a write: its value and the revision the write produced.
public struct Written<Value: Sendable>: Sendable {
    public var value: Value
    public var revision: Int
}

/// Steward's persistent state on SQLite or PostgreSQL, through one SQL code path.
public final class Store: Sendable {
    public let backend: any SQLBackend
    let clock: @Sendable () -> Date
    private let commitHandlers = CommitHandlers()
    let auditKeys = AuditKeyHolder()

    public init(backend: any SQLBackend, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.backend = backend
        self.clock = clock
    }

    /// Opens the database a URL names; call `migrate()` before use.
    public static func open(_ url: DatabaseURL, clock: @escaping @Sendable () -> Date = { Date() }) async throws -> Store {
        Store(backend: try await openBackend(url), clock: clock)
    }

    /// Applies missing migrations; returns the versions applied.
    @discardableResult
    public func migrate() async throws -> [Int] {
        try await Migrator.migrate(backend)
    }

    /// Whether every migration this build knows is applied.
    public func isMigrated() async throws -> Bool {
        try await Migrator.currentVersion(backend) >= Migrator.latestVersion
    }

    /// Closes the database.
    public func shutdown() async {
        await backend.shutdown()
    }

    /// Runs a change in one transaction that also bumps the revision and appends its audit events.
    func write<R: Sendable>(
        _ actor: AuditActor, _ body: @escaping @Sendable (WriteTransaction) async throws -> R
    ) async throws -> Written<R> {
        // Stored times have millisecond precision; values returned by a write must equal what a read gives back.
        let now = Columns.date(Columns.millis(clock()))
        let written = try await backend.transaction { db in
            let tx = try await WriteTransaction.begin(db: db, actor: actor, now: now, auditKey: self.auditKeys.key)
            let value = try await body(tx)
            try await tx.finish()
            return Written(value: value, revision: tx.revision)
        }
        await commitHandlers.run(written.revision)
        return written
    }

    /// Calls `handler` after every write this store commits, before the write returns to its caller:
    /// how the decision index stays current (no check after a write sees the state before it).
    public func onCommit(_ handler: @escaping @Sendable (Int) async -> Void) {
        commitHandlers.add(handler)
    }

    /// Runs a query on committed state.
    func read<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await backend.read(body)
    }

    /// The current time as the store sees it.
    public var now: Date { clock() }
}
