import Foundation
import SQLKit
import StewardCore

extension Store {
    /// The link for a token hash, used or not.
    public func approvalLink(tokenHash: String) async throws -> ApprovalLink? {
        try await read { db in try await Self.approvalLink(tokenHash: tokenHash, in: db) }
    }

    static func approvalLink(tokenHash: String, in db: any SQLDatabase) async throws -> ApprovalLink? {
        try await db.raw("""
            SELECT relationship_id, expires_at, used_at FROM approval_tokens WHERE token_hash = \(bind: tokenHash)
            """).first().map {
            ApprovalLink(
                relationshipID: RelationshipID(try $0.string("relationship_id")), expiresAt: try $0.date("expires_at"),
                usedAt: try $0.optionalDate("used_at")
            )
        }
    }
}
