import Crypto
import Foundation
import SQLKit
import StewardCore

/// The audit key the store's writes chain with; set once at start.
final class AuditKeyHolder: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: SymmetricKey?

    var key: SymmetricKey? { lock.withLock { stored } }
    func set(_ key: SymmetricKey) { lock.withLock { stored = key } }
}

/// What `useAuditKey` found.
public enum AuditKeying: Sendable, Equatable {
    /// The chain was keyed already, with this key.
    case keyed
    /// The chain was not keyed; its events, verified first, were chained again under the key.
    case rekeyed(events: Int)
}

extension Store {
    /// A fingerprint that names the key without revealing it.
    static func fingerprint(_ key: SymmetricKey) -> String {
        let digest = key.withUnsafeBytes { SHA256.hash(data: Data("steward audit key id|".utf8) + Data($0)) }
        return "hmac-sha256:" + Hex.encode(digest).prefix(16)
    }

    /// Chains every later audit event with HMAC-SHA-256 under `key`. A chain not yet keyed is verified, then
    /// chained again under the key in one transaction; one that is broken is refused, and so is a chain keyed
    /// with another key: the key file does not belong to this database.
    /// `alreadyKeyed`: the key file says this chain was keyed before, so a chain that reads as unkeyed is refused.
    @discardableResult
    public func useAuditKey(_ material: Data, alreadyKeyed: Bool = false) async throws -> AuditKeying {
        let key = SymmetricKey(data: material)
        let fingerprint = Self.fingerprint(key)
        let result: AuditKeying = try await backend.transaction { db in
            // Takes the writers' lock first, so no event is appended while the chain is rewritten.
            try await db.raw("UPDATE steward_state SET revision = revision WHERE id = 1").run()
            let stored = try await db.raw("SELECT audit_key_id FROM steward_state WHERE id = 1").first()?.optionalString("audit_key_id")
            if let stored {
                guard stored == fingerprint else {
                    throw StoreError.invalidConfiguration("the audit chain is keyed with another key (\(stored)); this key file is \(fingerprint)")
                }
                return .keyed
            }
            if alreadyKeyed {
                throw StoreError.invalidConfiguration("the key file says this audit chain is keyed, but the database says it is not: it was tampered with. Run steward audit verify")
            }
            if let broken = try await Self.verifyChain(in: db, key: nil) {
                throw StoreError.invalidConfiguration("the audit chain is broken at event \(broken.seq) (\(broken.reason)); it is not keyed. Run steward audit verify")
            }
            var previous = ""
            var cursor = 0
            var count = 0
            while true {
                let rows = try await db.raw("SELECT \(unsafeRaw: Self.auditColumns) FROM audit_events WHERE seq > \(bind: cursor) ORDER BY seq LIMIT 1000").all()
                if rows.isEmpty { break }
                for row in rows {
                    var record = try Self.auditRecord(row: row)
                    record.prevHash = previous
                    let hash = record.hash(key: key)
                    try await db.raw("UPDATE audit_events SET prev_hash = \(bind: previous), hash = \(bind: hash) WHERE seq = \(bind: record.seq)").run()
                    previous = hash
                    cursor = record.seq
                    count += 1
                }
            }
            try await db.raw("UPDATE steward_state SET audit_head = \(bind: previous), audit_key_id = \(bind: fingerprint) WHERE id = 1").run()
            return .rekeyed(events: count)
        }
        auditKeys.set(key)
        return result
    }

    static let auditColumns = """
        seq, id, at, actor_user_id, actor_org_id, tenant_id, action, target_type, target_id, before_json, after_json, prev_hash, hash, related_org_id
        """

    static func auditRecord(row: any SQLRow) throws -> AuditRecord {
        AuditRecord(
            seq: try row.int("seq"), id: try row.string("id"), at: try row.int("at"),
            actorUserID: try row.optionalString("actor_user_id"), actorOrgID: try row.optionalString("actor_org_id"),
            tenantID: try row.optionalString("tenant_id"), action: try row.string("action"),
            targetType: try row.string("target_type"), targetID: try row.string("target_id"),
            before: try row.optionalString("before_json"), after: try row.optionalString("after_json"),
            prevHash: try row.string("prev_hash"), relatedOrgID: try row.optionalString("related_org_id")
        )
    }

    /// Recomputes the chain from the first event under `key` (SHA-256 when nil); the first break, or nil.
    static func verifyChain(in db: any SQLDatabase, key: SymmetricKey?) async throws -> AuditChainBreak? {
        var previous = ""
        var expectedSeq = 1
        var cursor = 0
        while true {
            let rows = try await db.raw("SELECT \(unsafeRaw: auditColumns) FROM audit_events WHERE seq > \(bind: cursor) ORDER BY seq LIMIT 1000").all()
            if rows.isEmpty { break }
            for row in rows {
                // A row whose columns do not even decode was edited by hand: it is the break.
                guard let record = try? auditRecord(row: row), let stored = try? row.string("hash") else {
                    return AuditChainBreak(seq: (try? row.int("seq")) ?? expectedSeq, id: (try? row.string("id")) ?? "", reason: "the row cannot be read")
                }
                if record.seq != expectedSeq {
                    return AuditChainBreak(seq: record.seq, id: record.id, reason: "sequence gap: expected \(expectedSeq)")
                }
                if record.prevHash != previous {
                    return AuditChainBreak(seq: record.seq, id: record.id, reason: "previous hash does not match")
                }
                if record.hash(key: key) != stored {
                    return AuditChainBreak(seq: record.seq, id: record.id, reason: "content does not match its hash")
                }
                previous = stored
                expectedSeq += 1
                cursor = record.seq
            }
        }
        let head = try await db.raw("SELECT audit_head, audit_seq FROM steward_state WHERE id = 1").first()
        if let head, try head.string("audit_head") != previous {
            let count = try head.int("audit_seq")
            return AuditChainBreak(seq: expectedSeq, id: "", reason: count > expectedSeq - 1
                ? "events after \(expectedSeq - 1) are missing" : "the chain's recorded head does not match its last event")
        }
        return nil
    }
}
