import Foundation
import StewardCore
import StewardStore

/// `RelationshipManagement` as the API, the console and the approval link call it: with the approval window and the mail.
struct RelationshipService: Sendable {
    let store: Store
    let mailer: RelationshipMailer
    let approvalWindow: Duration

    func open(partner: OrgID, customer: OrgID, by identity: Identity) async throws -> Relationship {
        let token = SecretToken.make()
        let window = TimeInterval(approvalWindow.components.seconds)
        let mail = mailer.request(approvalToken: token)
        return try await store.transaction(by: identity.auditActor) { records in
            try await RelationshipManagement.open(
                partner: partner, customer: customer, approvalWindow: window, approvalTokenHash: SecretToken.hash(token), by: identity.actor, mail: mail, in: records
            )
        }.value.reading(at: store.now)
    }

    func transition(_ id: RelationshipID, _ action: RelationshipAction, by identity: Identity, expectedVersion: Int? = nil) async throws -> Written<Relationship> {
        try await store.transaction(by: identity.auditActor) { [mailer] records in
            try await RelationshipManagement.transition(id, action, by: identity.actor, expectedVersion: expectedVersion, mail: mailer.transition, accessMail: Steward.accessMail, in: records)
        }
    }

    /// A relationship as it reads now, or 404 for anyone but operators and the two sides' admins.
    func visible(_ id: RelationshipID, to actor: Actor) async throws -> Relationship {
        guard let relationship = try await store.relationship(id),
              RelationshipParty.of(actor, partner: relationship.partnerID, customer: relationship.customerID).maySee
        else { throw Refused.notFound }
        return relationship.reading(at: store.now)
    }

    func answerThroughLink(token: String, _ action: RelationshipAction, by identity: Identity) async throws -> Relationship {
        try await store.transaction(by: identity.auditActor) { [mailer] records in
            try await RelationshipManagement.answerThroughLink(tokenHash: SecretToken.hash(token), action, by: identity.actor, mail: mailer.transition, accessMail: Steward.accessMail, in: records)
        }.value
    }
}
