import Foundation

/// Opening, answering, limiting and ending managed-customer relationships (SPEC §3–4): the state machine
/// decides, and ending one ends every membership under it in the same transaction.
public enum RelationshipManagement {
    /// Opens a pending relationship with its approval link; 409 when the pair already has an open one.
    /// A pending request whose window has passed is recorded as expired first, so it does not block a new one.
    /// `actor` nil is the system (bootstrap and tests); a person must be allowed by `RelationshipPolicy`.
    public static func open(
        partner partnerID: OrgID, customer customerID: OrgID, approvalWindow: TimeInterval, approvalTokenHash: String,
        by actor: Actor?, mail: RelationshipMailComposer, in records: some RelationshipRecords
    ) async throws -> Relationship {
        if let actor { try RelationshipPolicy.mayOpen(actor).require() }
        guard let partner = try await records.org(partnerID), let customer = try await records.org(customerID) else { throw Refused.notFound }
        var validator = Validator()
        RelationshipMachine.validatePair(partner: partner, customer: customer, into: &validator)
        try validator.check()
        for open in try await records.relationships(partner: partnerID, customer: customerID) where open.status.isOpen {
            guard open.status(at: records.now) == .expired else {
                throw Refused.conflict("this partner already has an open relationship with this customer")
            }
            try await apply(.expire, to: open, party: .system, mail: mail, accessMail: noAccessMail, in: records)
        }
        let relationship = Relationship(
            id: records.newRelationshipID(), partnerID: partnerID, customerID: customerID, requestedAt: records.now,
            approvalExpiresAt: records.now.addingTimeInterval(approvalWindow), createdBy: actor?.userID, updatedAt: records.now,
            vendorPrivilege: partner.dataPrivilege ?? .noAccess
        )
        try await records.insert(relationship, approvalTokenHash: approvalTokenHash)
        try await records.enqueue(mail(nil, try await parties(relationship, partner: partner, customer: customer, in: records)))
        return relationship
    }

    /// For expiring a pending request: it holds no memberships, so no access ends with it.
    public static let noAccessMail: AccessMailComposer = { _, _, _, _, _ in nil }

    /// Applies an action by an actor (nil: the system), checking `expectedVersion` when given.
    public static func transition(
        _ id: RelationshipID, _ action: RelationshipAction, by actor: Actor?, expectedVersion: Int? = nil,
        mail: RelationshipMailComposer, accessMail: AccessMailComposer, in records: some RelationshipRecords
    ) async throws -> Relationship {
        guard let relationship = try await records.relationship(id) else { throw Refused.notFound }
        let party = actor.map { RelationshipParty.of($0, partner: relationship.partnerID, customer: relationship.customerID) } ?? .system
        guard party.maySee else { throw Refused.notFound }
        if let expectedVersion, expectedVersion != relationship.version { throw Refused.stale(current: relationship.version) }
        return try await apply(action, to: relationship, party: party, mail: mail, accessMail: accessMail, in: records)
    }

    /// Answers a request through its emailed link: once, before it expires, by an admin of that customer.
    /// The link is spent in the same transaction as the answer.
    public static func answerThroughLink(
        tokenHash: String, _ action: RelationshipAction, by actor: Actor, mail: RelationshipMailComposer, accessMail: AccessMailComposer,
        in records: some RelationshipRecords
    ) async throws -> Relationship {
        guard let link = try await records.approvalLink(tokenHash: tokenHash) else { throw ApprovalLinkRefusal.unknown }
        if link.usedAt != nil { throw ApprovalLinkRefusal.used }
        if link.expiresAt <= records.now { throw ApprovalLinkRefusal.expired }
        guard let relationship = try await records.relationship(link.relationshipID) else { throw ApprovalLinkRefusal.unknown }
        let party = RelationshipParty.of(actor, partner: relationship.partnerID, customer: relationship.customerID)
        // A link for another customer reveals nothing about it.
        guard party == .customerAdmin else { throw ApprovalLinkRefusal.unknown }
        let next = try await apply(action, to: relationship, party: party, mail: mail, accessMail: accessMail, in: records)
        try await records.spendApprovalLink(tokenHash: tokenHash)
        return next
    }

    @discardableResult
    static func apply(
        _ action: RelationshipAction, to relationship: Relationship, party: RelationshipParty, mail: RelationshipMailComposer,
        accessMail: AccessMailComposer, in records: some RelationshipRecords
    ) async throws -> Relationship {
        let next = try RelationshipMachine.apply(action, to: relationship, by: party, at: records.now)
        try await records.replace(relationship, with: next, action: action.auditAction)
        let customer = try await records.org(next.customerID)
        if !next.status.isOpen {
            let ending = try await records.liveMemberships(under: next.id)
            try await MembershipManagement.end(ending, related: next.partnerID, in: records)
            // SPEC §6: access ended with its relationship is removed access, mailed like a deletion.
            if let customer {
                for membership in ending where membership.status(at: records.now) == .active {
                    guard let subject = try await records.user(membership.userID) else { continue }
                    try await MembershipManagement.notify("removed", membership, subject: subject, tenant: customer, mail: accessMail, in: records)
                }
            }
        }
        if let partner = try await records.org(next.partnerID), let customer {
            try await records.enqueue(mail(action, try await parties(next, partner: partner, customer: customer, in: records)))
        }
        return next
    }

    static func parties(_ relationship: Relationship, partner: Org, customer: Org, in records: some RelationshipRecords) async throws -> RelationshipParties {
        RelationshipParties(
            relationship: relationship, partner: partner, customer: customer,
            partnerAdmins: try await records.adminEmails(of: partner.id), customerAdmins: try await records.adminEmails(of: customer.id)
        )
    }
}
