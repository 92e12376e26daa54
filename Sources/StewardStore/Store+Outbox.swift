import Foundation
import SQLKit
import StewardCore

/// A message in the outbox, with its delivery state.
public struct OutboxMessage: Sendable, Equatable {
    public var id: String
    public var message: MailMessage
    public var createdAt: Date
    public var attempts: Int
    public var nextAttemptAt: Date
    public var sentAt: Date?
    public var failedAt: Date?
    public var lastError: String?

    public init(
        id: String, message: MailMessage, createdAt: Date, attempts: Int, nextAttemptAt: Date, sentAt: Date?, failedAt: Date?, lastError: String?
    ) {
        self.id = id
        self.message = message
        self.createdAt = createdAt
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.sentAt = sentAt
        self.failedAt = failedAt
        self.lastError = lastError
    }

    /// `sent`, `failed` (given up) or `queued`.
    public var state: String { sentAt != nil ? "sent" : failedAt != nil ? "failed" : "queued" }
}

extension Store {
    static let outboxColumns = "id, kind, recipients, subject, body, created_at, attempts, next_attempt_at, sent_at, failed_at, last_error"

    /// Writes a message in the transaction of the change that caused it: both commit or neither does.
    static func enqueue(_ message: MailMessage?, in tx: WriteTransaction) async throws {
        guard let message, !message.to.isEmpty else { return }
        try await tx.db.raw("""
            INSERT INTO outbox (id, kind, recipients, subject, body, created_at, attempts, next_attempt_at)
            VALUES (\(bind: IDGenerator.make("msg", at: tx.now)), \(bind: message.kind), \(bind: try Columns.json(message.to)),
                \(bind: message.subject), \(bind: message.body), \(bind: Columns.millis(tx.now)), 0, \(bind: Columns.millis(tx.now)))
            """).run()
    }

    static func outboxMessage(row: any SQLRow) throws -> OutboxMessage {
        OutboxMessage(
            id: try row.string("id"),
            message: MailMessage(
                to: try Columns.decodeJSON([EmailAddress].self, try row.string("recipients")), subject: try row.string("subject"),
                body: try row.string("body"), kind: try row.string("kind")
            ),
            createdAt: try row.date("created_at"), attempts: try row.int("attempts"), nextAttemptAt: try row.date("next_attempt_at"),
            sentAt: try row.optionalDate("sent_at"), failedAt: try row.optionalDate("failed_at"), lastError: try row.optionalString("last_error")
        )
    }

    /// Claims due messages for `lease`: no other worker, in this process or another, takes them meanwhile.
    /// A worker that dies mid-delivery leaves its claim to lapse, and the message is tried again.
    public func claimDueMail(lease: TimeInterval, limit: Int = 10) async throws -> [OutboxMessage] {
        let now = Columns.millis(self.now)
        let until = now + Int(lease * 1000)
        return try await backend.transaction { db in
            // The claim conditions are repeated outside the subquery so that PostgreSQL re-checks them on a
            // row another worker claimed first.
            try await db.raw("""
                UPDATE outbox SET claimed_until = \(bind: until), attempts = attempts + 1
                WHERE id IN (
                    SELECT id FROM outbox
                    WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= \(bind: now)
                        AND (claimed_until IS NULL OR claimed_until < \(bind: now))
                    ORDER BY id LIMIT \(bind: limit))
                AND sent_at IS NULL AND failed_at IS NULL AND (claimed_until IS NULL OR claimed_until < \(bind: now))
                RETURNING \(unsafeRaw: Self.outboxColumns)
                """).all().map(Self.outboxMessage(row:)).sorted { $0.id < $1.id }
        }
    }

    /// Records a delivery.
    public func markMailSent(_ id: String) async throws {
        let now = Columns.millis(self.now)
        try await backend.transaction { db in
            try await db.raw("""
                UPDATE outbox SET sent_at = \(bind: now), claimed_until = NULL, last_error = NULL WHERE id = \(bind: id)
                """).run()
        }
    }

    /// Records a failed attempt: tried again at `retryAt`, or given up when nil.
    public func markMailFailed(_ id: String, error: String, retryAt: Date?) async throws {
        let now = Columns.millis(self.now)
        try await backend.transaction { db in
            try await db.raw("""
                UPDATE outbox SET claimed_until = NULL, last_error = \(bind: String(error.prefix(500))),
                    next_attempt_at = \(bind: retryAt.map(Columns.millis) ?? now), failed_at = \(bind: retryAt == nil ? now : nil)
                WHERE id = \(bind: id)
                """).run()
        }
    }

    /// The outbox, newest first.
    public func outbox(page: PageRequest = PageRequest()) async throws -> Page<OutboxMessage> {
        try await read { db in
            var sql: SQLQueryString = "SELECT \(unsafeRaw: Self.outboxColumns) FROM outbox WHERE 1 = 1"
            if let after = page.after { sql = sql + " AND id < \(bind: after)" }
            sql = sql + " ORDER BY id DESC LIMIT \(bind: page.limit + 1)"
            return try await db.raw(sql).all().map(Self.outboxMessage(row:)).page(limit: page.limit) { $0.id }
        }
    }
}
