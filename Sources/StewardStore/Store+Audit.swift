import Crypto
import Foundation
import SQLKit
import StewardCore

/// The chain as `steward audit verify` reports it.
public struct AuditChainSummary: Sendable {
    public var events: Int
    public var hash: String
    public var keyed: Bool
}

/// Where a chain check found the first broken link.
public struct AuditChainBreak: Sendable, Equatable {
    public var seq: Int
    public var id: String
    public var reason: String
}

extension Store {
    /// Events touching an org (as tenant, actor's org or related org), or all when nil, oldest first.
    public func auditEvents(org: OrgID?, after: Int? = nil, limit: Int = 50) async throws -> Page<AuditEvent> {
        try await auditEvents(AuditFilter(org: org), after: after, limit: limit)
    }

    /// Events matching a filter, oldest first (`newestFirst`: newest first); the cursor is the last `seq` seen.
    public func auditEvents(_ filter: AuditFilter, after: Int? = nil, newestFirst: Bool = false, limit: Int = 50) async throws -> Page<AuditEvent> {
        try await read { db in
            var sql: SQLQueryString = "SELECT \(unsafeRaw: Self.auditColumns) FROM audit_events WHERE " + Self.matching(filter)
            if let after { sql = sql + (newestFirst ? " AND seq < \(bind: after)" : " AND seq > \(bind: after)") }
            sql = sql + " ORDER BY seq \(unsafeRaw: newestFirst ? "DESC" : "ASC") LIMIT \(bind: limit + 1)"
            return try await db.raw(sql).all().map(Self.auditEvent(row:)).page(limit: limit) { String($0.seq) }
        }
    }

    /// Up to `limit` events matching a filter after `seq` and at most `through`, oldest first, as stored: the
    /// export's pages. `through` pins the export to the trail as it was when it started.
    public func storedAuditEvents(_ filter: AuditFilter, after seq: Int, through: Int, limit: Int) async throws -> [StoredAuditEvent] {
        try await read { db in
            let sql: SQLQueryString = "SELECT \(unsafeRaw: Self.auditColumns) FROM audit_events WHERE " + Self.matching(filter)
                + " AND seq > \(bind: seq) AND seq <= \(bind: through) ORDER BY seq LIMIT \(bind: limit)"
            return try await db.raw(sql).all().map { row in
                StoredAuditEvent(record: try Self.auditRecord(row: row), hash: try row.string("hash"))
            }
        }
    }

    /// The newest event's `seq` (0 for an empty trail).
    public func auditSeq() async throws -> Int {
        try await read { db in try await db.raw("SELECT audit_seq FROM steward_state WHERE id = 1").first()?.int("audit_seq") ?? 0 }
    }

    /// The filter as a condition; an org matches as tenant, actor's org or related org (a relationship's other side).
    private static func matching(_ filter: AuditFilter) -> SQLQueryString {
        var sql: SQLQueryString = "1 = 1"
        if let org = filter.org {
            sql = sql + " AND (tenant_id = \(bind: org.rawValue) OR actor_org_id = \(bind: org.rawValue) OR related_org_id = \(bind: org.rawValue))"
        }
        if let action = filter.action { sql = sql + " AND action = \(bind: action)" }
        if let actor = filter.actor { sql = sql + " AND actor_user_id = \(bind: actor.rawValue)" }
        if let tenant = filter.tenant { sql = sql + " AND tenant_id = \(bind: tenant.rawValue)" }
        if let since = filter.since { sql = sql + " AND at >= \(bind: Columns.millis(since))" }
        if let until = filter.until { sql = sql + " AND at < \(bind: Columns.millis(until))" }
        return sql
    }

    static func auditEvent(row: any SQLRow) throws -> AuditEvent {
        AuditEvent(
            seq: try row.int("seq"), id: try row.string("id"), at: try row.date("at"),
            actorUserID: try row.optionalString("actor_user_id").map(UserID.init),
            actorOrgID: try row.optionalString("actor_org_id").map(OrgID.init),
            tenantID: try row.optionalString("tenant_id").map(OrgID.init),
            action: try row.string("action"), targetType: try row.string("target_type"), targetID: try row.string("target_id"),
            before: try row.optionalString("before_json").map { try Columns.decodeJSON(JSONValue.self, $0) },
            after: try row.optionalString("after_json").map { try Columns.decodeJSON(JSONValue.self, $0) },
            prevHash: try row.string("prev_hash"), hash: try row.string("hash"),
            relatedOrgID: try row.optionalString("related_org_id").map(OrgID.init)
        )
    }

    /// Recomputes the hash chain from the first event; nil when intact. A keyed chain needs its key: without
    /// it, or with another, the answer is a break at the first event.
    /// `mustBeKeyed`: the key file says the chain was keyed, so an unkeyed one is a break, not a pass.
    public func verifyAuditChain(key material: Data? = nil, mustBeKeyed: Bool = false) async throws -> AuditChainBreak? {
        try await read { db in
            let keyID = try await db.raw("SELECT audit_key_id FROM steward_state WHERE id = 1").first()?.optionalString("audit_key_id")
            if keyID == nil, mustBeKeyed {
                return AuditChainBreak(seq: 1, id: "", reason: "the key file says this chain is keyed, but the database says it is not: it was rewritten")
            }
            var key: SymmetricKey?
            if let keyID {
                guard let material else { return AuditChainBreak(seq: 1, id: "", reason: "the chain is keyed (\(keyID)); give its key file") }
                key = SymmetricKey(data: material)
                guard Self.fingerprint(key!) == keyID else {
                    return AuditChainBreak(seq: 1, id: "", reason: "the chain is keyed with \(keyID), not with this key file's key")
                }
            }
            return try await Self.verifyChain(in: db, key: key)
        }
    }

    /// What `steward audit verify` prints: the events there are, the head, and whether the chain is keyed.
    public func auditChainSummary() async throws -> AuditChainSummary {
        try await read { db in
            let row = try await db.raw("SELECT audit_head, audit_key_id FROM steward_state WHERE id = 1").first()
            let count = try await db.raw("SELECT COUNT(*) AS n FROM audit_events").first()?.int("n") ?? 0
            return AuditChainSummary(events: count, hash: try row?.string("audit_head") ?? "", keyed: try row?.optionalString("audit_key_id") != nil)
        }
    }

    /// The current revision.
    public func revision() async throws -> Int {
        try await read { db in try await db.raw("SELECT revision FROM steward_state WHERE id = 1").first()?.int("revision") ?? 0 }
    }
}
