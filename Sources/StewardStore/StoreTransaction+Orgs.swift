import Foundation
import SQLKit
import StewardCore

extension StoreTransaction: OrgRecords {
    public func depth(of id: OrgID, limit: Int) async throws -> Int { try await Store.depth(of: id, limit: limit, in: tx.db) }

    public func newOrgID() -> OrgID { OrgID(IDGenerator.make("org", at: tx.now)) }

    public func insert(_ org: Org) async throws {
        try await Store.insert(org, in: tx.db)
        try await tx.audit("org.created", target: "org", id: org.id.rawValue, tenant: org.id, after: org.audited)
    }

    public func replace(_ before: Org, with after: Org) async throws {
        try await tx.db.raw("""
            UPDATE orgs SET name = \(bind: after.name), address = \(bind: try after.address.map { try Columns.json(StoredAddress($0)) }),
                data_privilege = \(bind: after.dataPrivilege?.rawValue),
                version = \(bind: after.version), updated_at = \(bind: Columns.millis(after.updatedAt))
            WHERE id = \(bind: before.id.rawValue)
            """).run()
        // Tenant lists show the name: the change feed tells every instance to read it again.
        try await tx.changed(.tenant(before.id.rawValue))
        if after.dataPrivilege != before.dataPrivilege {
            // Every relationship reads the partner's privilege: each is fed as changed, so every index and
            // tenant list reads it again before the next check.
            for row in try await tx.db.raw("SELECT id FROM relationships WHERE partner_id = \(bind: before.id.rawValue)").all() {
                try await tx.changed(.relationship(try row.string("id")))
            }
        }
        try await tx.audit("org.updated", target: "org", id: before.id.rawValue, tenant: before.id, before: before.audited, after: after.audited)
    }
}

/// Committed state, for a handler's early answer.
extension Store: OrgReading {
    public func relationships(partner: OrgID, customer: OrgID) async throws -> [Relationship] {
        try await read { db in try await Self.relationships(RelationshipFilter(partnerID: partner, customerID: customer), in: db) }
    }
}
