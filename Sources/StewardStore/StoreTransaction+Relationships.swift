import Foundation
import SQLKit
import StewardCore

extension StoreTransaction: RelationshipRecords {
    public func relationship(_ id: RelationshipID) async throws -> Relationship? { try await Store.relationship(id, in: tx.db) }

    public func relationships(partner: OrgID, customer: OrgID) async throws -> [Relationship] {
        try await Store.relationships(RelationshipFilter(partnerID: partner, customerID: customer), in: tx.db)
    }

    public func newRelationshipID() -> RelationshipID { RelationshipID(IDGenerator.make("rel", at: tx.now)) }

    public func insert(_ relationship: Relationship, approvalTokenHash: String) async throws {
        try await Store.insert(relationship, in: tx.db)
        try await tx.db.raw("""
            INSERT INTO approval_tokens (token_hash, relationship_id, expires_at)
            VALUES (\(bind: approvalTokenHash), \(bind: relationship.id.rawValue), \(bind: Columns.millis(relationship.approvalExpiresAt)))
            """).run()
        try await tx.audit(
            "relationship.requested", target: "relationship", id: relationship.id.rawValue, tenant: relationship.customerID,
            related: relationship.partnerID, after: relationship.audited
        )
    }

    public func replace(_ before: Relationship, with after: Relationship, action: String) async throws {
        try await tx.db.raw("""
            UPDATE relationships SET status = \(bind: after.status.rawValue), privilege = \(bind: after.privilege?.rawValue),
                decided_at = \(bind: after.decidedAt.map(Columns.millis)), ended_at = \(bind: after.endedAt.map(Columns.millis)),
                version = \(bind: after.version), updated_at = \(bind: Columns.millis(tx.now))
            WHERE id = \(bind: before.id.rawValue) AND version = \(bind: before.version)
            """).run()
        try await tx.changed(.relationship(before.id.rawValue))
        try await tx.audit(
            action, target: "relationship", id: before.id.rawValue, tenant: before.customerID, related: before.partnerID, before: before.audited, after: after.audited
        )
    }

    public func liveMemberships(under relationship: RelationshipID) async throws -> [Membership] {
        try await tx.db.raw("""
            SELECT \(unsafeRaw: Membership.columns) FROM memberships
            WHERE relationship_id = \(bind: relationship.rawValue) AND status <> 'ended' ORDER BY id
            """).all().map(Membership.init(row:))
    }

    public func approvalLink(tokenHash: String) async throws -> ApprovalLink? { try await Store.approvalLink(tokenHash: tokenHash, in: tx.db) }

    public func spendApprovalLink(tokenHash: String) async throws {
        try await tx.db.raw("UPDATE approval_tokens SET used_at = \(bind: Columns.millis(tx.now)) WHERE token_hash = \(bind: tokenHash)").run()
    }
}

extension StoreTransaction: POCCustomerRecords {
    public func insertActive(_ relationship: Relationship) async throws {
        try await Store.insert(relationship, in: tx.db)
        try await tx.changed(.relationship(relationship.id.rawValue))
        try await tx.audit(
            "relationship.created", target: "relationship", id: relationship.id.rawValue, tenant: relationship.customerID,
            related: relationship.partnerID, after: relationship.audited
        )
    }
}
