import Foundation
import SQLKit
import StewardCore

/// Filters of `GET /v1/audit`.
public struct AuditFilter: Sendable {
    public var org: OrgID?
    public var action: String?
    public var since: Date?
    public var until: Date?

    public init(org: OrgID? = nil, action: String? = nil, since: Date? = nil, until: Date? = nil) {
        self.org = org
        self.action = action
        self.since = since
        self.until = until
    }
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

    /// Events matching a filter, oldest first; the cursor is the last `seq` seen.
    public func auditEvents(_ filter: AuditFilter, after: Int? = nil, limit: Int = 50) async throws -> Page<AuditEvent> {
        try await read { db in
            var sql: SQLQueryString = """
                SELECT seq, id, at, actor_user_id, actor_org_id, tenant_id, action, target_type, target_id,
                    before_json, after_json, prev_hash, hash, related_org_id FROM audit_events WHERE 1 = 1
                """
            if let org = filter.org {
                sql = sql + " AND (tenant_id = \(bind: org.rawValue) OR actor_org_id = \(bind: org.rawValue) OR related_org_id = \(bind: org.rawValue))"
            }
            if let action = filter.action { sql = sql + " AND action = \(bind: action)" }
            if let since = filter.since { sql = sql + " AND at >= \(bind: Columns.millis(since))" }
            if let until = filter.until { sql = sql + " AND at < \(bind: Columns.millis(until))" }
            if let after { sql = sql + " AND seq > \(bind: after)" }
            sql = sql + " ORDER BY seq LIMIT \(bind: limit + 1)"
            return try await db.raw(sql).all().map(Self.auditEvent(row:)).page(limit: limit) { String($0.seq) }
        }
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

    /// Recomputes the hash chain from the first event; nil when intact.
    public func verifyAuditChain() async throws -> AuditChainBreak? {
        try await read { db in
            var previous = ""
            var expectedSeq = 1
            var cursor = 0
            while true {
                let rows = try await db.raw("""
                    SELECT seq, id, at, actor_user_id, actor_org_id, tenant_id, action, target_type, target_id,
                        before_json, after_json, prev_hash, hash, related_org_id FROM audit_events WHERE seq > \(bind: cursor) ORDER BY seq LIMIT 1000
                    """).all()
                if rows.isEmpty { break }
                for row in rows {
                    let record = AuditRecord(
                        seq: try row.int("seq"), id: try row.string("id"), at: try row.int("at"),
                        actorUserID: try row.optionalString("actor_user_id"), actorOrgID: try row.optionalString("actor_org_id"),
                        tenantID: try row.optionalString("tenant_id"), action: try row.string("action"),
                        targetType: try row.string("target_type"), targetID: try row.string("target_id"),
                        before: try row.optionalString("before_json"), after: try row.optionalString("after_json"),
                        prevHash: try row.string("prev_hash"), relatedOrgID: try row.optionalString("related_org_id")
                    )
                    let stored = try row.string("hash")
                    if record.seq != expectedSeq {
                        return AuditChainBreak(seq: record.seq, id: record.id, reason: "sequence gap: expected \(expectedSeq)")
                    }
                    if record.prevHash != previous {
                        return AuditChainBreak(seq: record.seq, id: record.id, reason: "previous hash does not match")
                    }
                    if record.hash() != stored {
                        return AuditChainBreak(seq: record.seq, id: record.id, reason: "content does not match its hash")
                    }
                    previous = stored
                    expectedSeq += 1
                    cursor = record.seq
                }
            }
            let head = try await db.raw("SELECT audit_head FROM steward_state WHERE id = 1").first()
            if let head, try head.string("audit_head") != previous {
                return AuditChainBreak(seq: expectedSeq, id: "", reason: "events after \(expectedSeq - 1) are missing")
            }
            return nil
        }
    }

    /// The current revision.
    public func revision() async throws -> Int {
        try await read { db in try await db.raw("SELECT revision FROM steward_state WHERE id = 1").first()?.int("revision") ?? 0 }
    }
}
