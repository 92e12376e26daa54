import Crypto
import Foundation
import SQLKit
import StewardCore

/// One open write: the revision it produces and the audit events it appends, all committed together.
final class WriteTransaction: @unchecked Sendable {
    let db: any SQLDatabase
    let actor: AuditActor
    let now: Date
    private(set) var revision: Int
    private var auditSeq: Int
    private var auditHead: String
    private var recordedChanges = Set<AccessChange>()
    private let auditKey: SymmetricKey?

    private init(db: any SQLDatabase, actor: AuditActor, now: Date, revision: Int, auditSeq: Int, auditHead: String, auditKey: SymmetricKey?) {
        self.auditKey = auditKey
        self.db = db
        self.actor = actor
        self.now = now
        self.revision = revision
        self.auditSeq = auditSeq
        self.auditHead = auditHead
    }

    /// Bumps the revision first: the row lock it takes serialises writers on PostgreSQL, so the audit
    /// chain and uniqueness checks made inside the transaction see no concurrent writer.
    static func begin(db: any SQLDatabase, actor: AuditActor, now: Date, auditKey: SymmetricKey?) async throws -> WriteTransaction {
        try await db.raw("UPDATE steward_state SET revision = revision + 1 WHERE id = 1").run()
        guard let row = try await db.raw("SELECT revision, audit_seq, audit_head FROM steward_state WHERE id = 1").first() else {
            throw StoreError.invalidConfiguration("steward_state is missing; run steward migrate")
        }
        return WriteTransaction(
            db: db, actor: actor, now: now,
            revision: try row.int("revision"), auditSeq: try row.int("audit_seq"), auditHead: try row.string("audit_head"), auditKey: auditKey
        )
    }

    /// Appends an audit event to the chain.
    func audit(
        _ action: String, target: String, id targetID: String, tenant: OrgID?, related: OrgID? = nil,
        before: (some Encodable & Sendable)? = Optional<JSONValue>.none, after: (some Encodable & Sendable)? = Optional<JSONValue>.none
    ) async throws {
        assert(AuditActions.known.contains(action), "\(action) is missing from AuditActions.all")
        auditSeq += 1
        let event = AuditRecord(
            seq: auditSeq, id: IDGenerator.make("evt", at: now), at: Columns.millis(now),
            actorUserID: actor.userID?.rawValue, actorOrgID: actor.orgID?.rawValue, tenantID: tenant?.rawValue,
            action: action, targetType: target, targetID: targetID,
            before: try before.map(Columns.json), after: try after.map(Columns.json), prevHash: auditHead,
            relatedOrgID: related?.rawValue
        )
        let hash = event.hash(key: auditKey)
        try await db.raw("""
            INSERT INTO audit_events (seq, id, at, actor_user_id, actor_org_id, tenant_id, action, target_type,
                target_id, before_json, after_json, prev_hash, hash, related_org_id)
            VALUES (\(bind: event.seq), \(bind: event.id), \(bind: event.at), \(bind: event.actorUserID),
                \(bind: event.actorOrgID), \(bind: event.tenantID), \(bind: event.action), \(bind: event.targetType),
                \(bind: event.targetID), \(bind: event.before), \(bind: event.after), \(bind: event.prevHash), \(bind: hash),
                \(bind: event.relatedOrgID))
            """).run()
        auditHead = hash
    }

    /// Notes what this write touched, for decision indexes to reload (see `Store.changes(after:)`).
    func changed(_ change: AccessChange) async throws {
        guard recordedChanges.insert(change).inserted else { return }
        try await db.raw("""
            INSERT INTO changes (revision, kind, key) VALUES (\(bind: revision), \(bind: change.kind.rawValue), \(bind: change.key))
            """).run()
    }

    /// Records the chain's new head with the transaction.
    func finish() async throws {
        try await db.raw(
            "UPDATE steward_state SET audit_seq = \(bind: auditSeq), audit_head = \(bind: auditHead) WHERE id = 1"
        ).run()
    }
}
