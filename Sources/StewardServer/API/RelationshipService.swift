import Foundation
import StewardCore
import StewardStore

/// Relationship use cases shared by the API, the console and the approval link.
struct RelationshipService: Sendable {
    let store: Store
    let mailer: RelationshipMailer
    let approvalWindow: Duration

    func open(partner: OrgID, customer: OrgID, by identity: Identity) async throws -> Relationship {
        let token = SecretToken.make()
        return try await store.openRelationship(
            partner: partner, customer: customer, approvalWindow: TimeInterval(approvalWindow.components.seconds),
            approvalTokenHash: SecretToken.hash(token), by: identity.auditActor, mail: mailer.request(approvalToken: token)
        ).value.reading(at: store.now)
    }

    func transition(_ id: RelationshipID, _ action: RelationshipAction, by identity: Identity, expectedVersion: Int? = nil) async throws -> Written<Relationship> {
        try await store.transition(id, action, by: identity.actor, expectedVersion: expectedVersion, mail: mailer.transition)
    }

    /// A relationship as it reads now, or 404 for anyone but operators and the two sides' admins.
    func visible(_ id: RelationshipID, to actor: Actor) async throws -> Relationship {
        guard let relationship = try await store.relationship(id),
              RelationshipParty.of(actor, partner: relationship.partnerID, customer: relationship.customerID).maySee
        else { throw Refused.notFound }
        return relationship.reading(at: store.now)
    }

    func answerThroughLink(token: String, _ action: RelationshipAction, by identity: Identity) async throws -> Relationship {
        try await store.answerThroughLink(tokenHash: SecretToken.hash(token), action, by: identity.actor, mail: mailer.transition).value
    }
}
