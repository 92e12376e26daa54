import Foundation
import SQLKit
import StewardCore

/// An emailed approval link as stored: only the token's hash is kept.
public struct ApprovalLink: Sendable {
    public var relationshipID: RelationshipID
    public var expiresAt: Date
    public var usedAt: Date?
}

/// Why an approval link cannot be used.
public enum ApprovalLinkRefusal: Refusal, Equatable {
    case unknown
    case used
    case expired

    public var refused: Refused {
        switch self {
        case .unknown: .notFound
        case .used: Refused(.gone, "this approval link has already been used")
        case .expired: Refused(.gone, "this approval link has expired")
        }
    }
}

extension Store {
    /// The link for a token hash, used or not.
    public func approvalLink(tokenHash: String) async throws -> ApprovalLink? {
        try await read { db in
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

    /// Answers a request through its link: once, before it expires, by an admin of that customer.
    /// The link is spent in the same transaction as the answer.
    public func answerThroughLink(
        tokenHash: String, _ action: RelationshipAction, by actor: Actor, mail: @escaping RelationshipMailComposer
    ) async throws -> Written<Relationship> {
        try await write(AuditActor(actor)) { tx in
            guard let row = try await tx.db.raw("""
                SELECT relationship_id, expires_at, used_at FROM approval_tokens WHERE token_hash = \(bind: tokenHash)
                """).first()
            else { throw ApprovalLinkRefusal.unknown }
            if try row.optionalDate("used_at") != nil { throw ApprovalLinkRefusal.used }
            if try row.date("expires_at") <= tx.now { throw ApprovalLinkRefusal.expired }
            guard let relationship = try await Self.relationship(RelationshipID(try row.string("relationship_id")), in: tx.db) else {
                throw ApprovalLinkRefusal.unknown
            }
            let party = RelationshipParty.of(actor, partner: relationship.partnerID, customer: relationship.customerID)
            // A link for another customer reveals nothing about it.
            guard party == .customerAdmin else { throw ApprovalLinkRefusal.unknown }
            let next = try await Self.apply(action, to: relationship, party: party, in: tx, mail: mail)
            try await tx.db.raw("UPDATE approval_tokens SET used_at = \(bind: Columns.millis(tx.now)) WHERE token_hash = \(bind: tokenHash)").run()
            return next
        }
    }
}
