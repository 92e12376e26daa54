import Foundation
import SQLKit
import StewardCore

/// Filters of `GET /v1/relationships`.
public struct RelationshipFilter: Sendable {
    public var partnerID: OrgID?
    public var customerID: OrgID?
    public var status: RelationshipStatus?
    /// Limits the list to relationships this org is a side of; nil for operators.
    public var involving: OrgID?

    public init(partnerID: OrgID? = nil, customerID: OrgID? = nil, status: RelationshipStatus? = nil, involving: OrgID? = nil) {
        self.partnerID = partnerID
        self.customerID = customerID
        self.status = status
        self.involving = involving
    }
}

extension Store {
    static func insert(_ relationship: Relationship, in db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO relationships (\(unsafeRaw: Relationship.columns))
            VALUES (\(bind: relationship.id.rawValue), \(bind: relationship.partnerID.rawValue), \(bind: relationship.customerID.rawValue),
                \(bind: relationship.status.rawValue), \(bind: relationship.privilege?.rawValue),
                \(bind: Columns.millis(relationship.requestedAt)), \(bind: Columns.millis(relationship.approvalExpiresAt)),
                \(bind: relationship.decidedAt.map(Columns.millis)), \(bind: relationship.endedAt.map(Columns.millis)),
                \(bind: relationship.version), \(bind: relationship.createdBy?.rawValue), \(bind: Columns.millis(relationship.updatedAt)))
            """).run()
    }

    static func adminEmails(of org: OrgID, in db: any SQLDatabase) async throws -> [EmailAddress] {
        try await db.raw("""
            SELECT email FROM users WHERE org_id = \(bind: org.rawValue) AND role = 'admin' AND status = 'active' ORDER BY id
            """).all().compactMap { EmailAddress(try $0.string("email")) }
    }

    static func relationship(_ id: RelationshipID, in db: any SQLDatabase) async throws -> Relationship? {
        try await db.raw("SELECT \(unsafeRaw: Relationship.selected) FROM relationships WHERE id = \(bind: id.rawValue)")
            .first().map(Relationship.init(row:))
    }

    static func relationships(_ filter: RelationshipFilter, after: String? = nil, limit: Int = 10_000, in db: any SQLDatabase) async throws -> [Relationship] {
        var sql: SQLQueryString = "SELECT \(unsafeRaw: Relationship.selected) FROM relationships WHERE 1 = 1"
        if let partner = filter.partnerID { sql = sql + " AND partner_id = \(bind: partner.rawValue)" }
        if let customer = filter.customerID { sql = sql + " AND customer_id = \(bind: customer.rawValue)" }
        if let org = filter.involving { sql = sql + " AND (partner_id = \(bind: org.rawValue) OR customer_id = \(bind: org.rawValue))" }
        if let after { sql = sql + " AND id > \(bind: after)" }
        sql = sql + " ORDER BY id LIMIT \(bind: limit)"
        return try await db.raw(sql).all().map(Relationship.init(row:))
    }

    /// One relationship as stored (callers read its status as of now).
    public func relationship(_ id: RelationshipID) async throws -> Relationship? {
        try await read { db in try await Self.relationship(id, in: db) }
    }

    /// Relationships matching a filter, oldest first; the status filter applies to the status as of now.
    public func relationships(_ filter: RelationshipFilter, page: PageRequest = PageRequest()) async throws -> Page<Relationship> {
        let now = self.now
        return try await read { db in
            // The status as read (pending past its window is expired) can differ from the stored one, so the
            // status filter runs here; pages are fetched until full.
            var result: [Relationship] = []
            var after = page.after
            while result.count <= page.limit {
                let batch = try await Self.relationships(filter, after: after, limit: 200, in: db)
                result += batch.map { $0.reading(at: now) }.filter { filter.status == nil || $0.status == filter.status }
                guard batch.count == 200 else { break }
                after = batch.last?.id.rawValue
            }
            return Array(result.prefix(page.limit + 1)).page(limit: page.limit) { $0.id.rawValue }
        }
    }

    /// Records `relationship.expired` for every pending request whose window has passed; returns how many.
    public func expireDueRelationships() async throws -> Int {
        let now = Columns.millis(self.now)
        let due = try await read { db in
            try await db.raw("""
                SELECT id FROM relationships WHERE status = 'pending' AND approval_expires_at <= \(bind: now) ORDER BY id LIMIT 500
                """).all().map { RelationshipID(try $0.string("id")) }
        }
        var expired = 0
        for id in due {
            do {
                _ = try await transaction(by: .system) { tx in
                    try await RelationshipManagement.transition(id, .expire, by: nil, mail: { _, _ in nil }, accessMail: RelationshipManagement.noAccessMail, in: tx)
                }
                expired += 1
            } catch RelationshipRefusal.wrongState {
                // Answered or expired by someone else meanwhile.
            }
        }
        return expired
    }
}
