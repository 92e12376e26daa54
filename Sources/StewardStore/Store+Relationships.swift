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

/// The orgs and admins around a relationship, for composing its emails.
public struct RelationshipParties: Sendable {
    public var relationship: Relationship
    public var partner: Org
    public var customer: Org
    public var partnerAdmins: [EmailAddress]
    public var customerAdmins: [EmailAddress]
}

/// Makes the emails of a change, given who is around it; nil sends nothing.
public typealias RelationshipMailComposer = @Sendable (RelationshipAction?, RelationshipParties) -> MailMessage?

extension Store {
    /// Opens a pending relationship with its approval link; 409 when the pair already has an open one.
    /// A pending request whose window has passed is recorded as expired first, so it does not block a new one.
    public func openRelationship(
        partner partnerID: OrgID, customer customerID: OrgID, approvalWindow: TimeInterval, approvalTokenHash: String,
        by actor: AuditActor, mail: @escaping RelationshipMailComposer
    ) async throws -> Written<Relationship> {
        try await write(actor) { tx in
            guard let partner = try await Self.org(partnerID, in: tx.db), let customer = try await Self.org(customerID, in: tx.db) else {
                throw Refused.notFound
            }
            var validator = Validator()
            RelationshipMachine.validatePair(partner: partner, customer: customer, into: &validator)
            try validator.check()
            for open in try await Self.relationships(RelationshipFilter(partnerID: partnerID, customerID: customerID), in: tx.db) where open.status.isOpen {
                if open.status(at: tx.now) == .expired {
                    try await Self.apply(.expire, to: open, party: .system, in: tx, mail: mail)
                } else {
                    throw Refused.conflict("this partner already has an open relationship with this customer")
                }
            }
            let relationship = Relationship(
                id: RelationshipID(IDGenerator.make("rel", at: tx.now)), partnerID: partnerID, customerID: customerID,
                requestedAt: tx.now, approvalExpiresAt: tx.now.addingTimeInterval(approvalWindow), createdBy: tx.actor.userID,
                updatedAt: tx.now
            )
            try await Self.insert(relationship, in: tx.db)
            try await tx.db.raw("""
                INSERT INTO approval_tokens (token_hash, relationship_id, expires_at)
                VALUES (\(bind: approvalTokenHash), \(bind: relationship.id.rawValue), \(bind: Columns.millis(relationship.approvalExpiresAt)))
                """).run()
            try await tx.audit(
                "relationship.requested", target: "relationship", id: relationship.id.rawValue, tenant: customerID,
                related: partnerID, after: relationship
            )
            try await Self.enqueue(mail(nil, try await Self.parties(relationship, partner: partner, customer: customer, in: tx.db)), in: tx)
            return relationship
        }
    }

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

    /// Applies an action by an actor (nil: the system), checking `expectedVersion` when given.
    public func transition(
        _ id: RelationshipID, _ action: RelationshipAction, by actor: Actor?, expectedVersion: Int? = nil,
        mail: @escaping RelationshipMailComposer
    ) async throws -> Written<Relationship> {
        try await write(actor.map(AuditActor.init) ?? .system) { tx in
            guard let relationship = try await Self.relationship(id, in: tx.db) else { throw Refused.notFound }
            let party = actor.map { RelationshipParty.of($0, partner: relationship.partnerID, customer: relationship.customerID) } ?? .system
            guard party.maySee else { throw Refused.notFound }
            if let expectedVersion, expectedVersion != relationship.version { throw Refused.stale(current: relationship.version) }
            return try await Self.apply(action, to: relationship, party: party, in: tx, mail: mail)
        }
    }

    @discardableResult
    static func apply(
        _ action: RelationshipAction, to relationship: Relationship, party: RelationshipParty, in tx: WriteTransaction,
        mail: RelationshipMailComposer
    ) async throws -> Relationship {
        let next = try RelationshipMachine.apply(action, to: relationship, by: party, at: tx.now)
        try await tx.db.raw("""
            UPDATE relationships SET status = \(bind: next.status.rawValue), privilege = \(bind: next.privilege?.rawValue),
                decided_at = \(bind: next.decidedAt.map(Columns.millis)), ended_at = \(bind: next.endedAt.map(Columns.millis)),
                version = \(bind: next.version), updated_at = \(bind: Columns.millis(tx.now))
            WHERE id = \(bind: relationship.id.rawValue) AND version = \(bind: relationship.version)
            """).run()
        try await tx.changed(.relationship(relationship.id.rawValue))
        try await tx.audit(
            action.auditAction, target: "relationship", id: relationship.id.rawValue, tenant: relationship.customerID,
            related: relationship.partnerID, before: relationship, after: next
        )
        if !next.status.isOpen {
            try await endMemberships(of: next, in: tx)
        }
        if let partner = try await org(next.partnerID, in: tx.db), let customer = try await org(next.customerID, in: tx.db) {
            try await enqueue(mail(action, try await parties(next, partner: partner, customer: customer, in: tx.db)), in: tx)
        }
        return next
    }

    /// Ending a relationship ends every membership under it, in the same transaction.
    static func endMemberships(of relationship: Relationship, in tx: WriteTransaction) async throws {
        let live = try await tx.db.raw("""
            SELECT \(unsafeRaw: Membership.columns) FROM memberships
            WHERE relationship_id = \(bind: relationship.id.rawValue) AND status <> 'ended'
            """).all().map(Membership.init(row:))
        for membership in live {
            var ended = membership
            ended.status = .ended
            ended.version += 1
            ended.updatedAt = tx.now
            try await tx.db.raw("""
                UPDATE memberships SET status = 'ended', version = \(bind: ended.version), updated_at = \(bind: Columns.millis(tx.now))
                WHERE id = \(bind: membership.id.rawValue)
                """).run()
            try await tx.changed(.membership(user: membership.userID.rawValue, tenant: membership.tenantID.rawValue))
            try await tx.audit(
                "membership.ended", target: "membership", id: membership.id.rawValue, tenant: membership.tenantID,
                related: relationship.partnerID, before: membership, after: ended
            )
        }
    }

    static func parties(_ relationship: Relationship, partner: Org, customer: Org, in db: any SQLDatabase) async throws -> RelationshipParties {
        RelationshipParties(
            relationship: relationship, partner: partner, customer: customer,
            partnerAdmins: try await adminEmails(of: partner.id, in: db), customerAdmins: try await adminEmails(of: customer.id, in: db)
        )
    }

    static func adminEmails(of org: OrgID, in db: any SQLDatabase) async throws -> [EmailAddress] {
        try await db.raw("""
            SELECT email FROM users WHERE org_id = \(bind: org.rawValue) AND role = 'admin' AND status = 'active' ORDER BY id
            """).all().compactMap { EmailAddress(try $0.string("email")) }
    }

    static func relationship(_ id: RelationshipID, in db: any SQLDatabase) async throws -> Relationship? {
        try await db.raw("SELECT \(unsafeRaw: Relationship.columns) FROM relationships WHERE id = \(bind: id.rawValue)")
            .first().map(Relationship.init(row:))
    }

    static func relationships(_ filter: RelationshipFilter, after: String? = nil, limit: Int = 10_000, in db: any SQLDatabase) async throws -> [Relationship] {
        var sql: SQLQueryString = "SELECT \(unsafeRaw: Relationship.columns) FROM relationships WHERE 1 = 1"
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
                _ = try await transition(id, .expire, by: nil) { _, _ in nil }
                expired += 1
            } catch RelationshipRefusal.wrongState {
                // Answered or expired by someone else meanwhile.
            }
        }
        return expired
    }
}
