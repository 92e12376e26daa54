import Foundation

/// What can happen to a relationship (SPEC §2).
public enum RelationshipAction: Sendable, Equatable, CustomStringConvertible {
    case approve(Privilege)
    case reject
    case changePrivilege(Privilege)
    case revoke
    case terminate
    /// The approval window passed; only the system records it.
    case expire

    public var description: String {
        switch self {
        case .approve(let privilege): "approve(\(privilege.rawValue))"
        case .reject: "reject"
        case .changePrivilege(let privilege): "changePrivilege(\(privilege.rawValue))"
        case .revoke: "revoke"
        case .terminate: "terminate"
        case .expire: "expire"
        }
    }

    /// The audit action a transition records.
    public var auditAction: String {
        switch self {
        case .approve: "relationship.approved"
        case .reject: "relationship.rejected"
        case .changePrivilege: "relationship.privilege_changed"
        case .revoke: "relationship.revoked"
        case .terminate: "relationship.terminated"
        case .expire: "relationship.expired"
        }
    }
}

/// How an actor stands to one relationship.
public enum RelationshipParty: Sendable, Equatable, CaseIterable {
    case operatorAdmin, partnerAdmin, partnerMember, customerAdmin, customerMember, stranger, system

    /// Classifies an actor against a relationship's two orgs.
    public static func of(_ actor: Actor, partner: OrgID, customer: OrgID) -> RelationshipParty {
        if actor.isOperator { return .operatorAdmin }
        if actor.orgID == partner { return actor.role == .admin ? .partnerAdmin : .partnerMember }
        if actor.orgID == customer { return actor.role == .admin ? .customerAdmin : .customerMember }
        return .stranger
    }

    /// Who may see a relationship at all: operators and both sides' admins (SPEC §4).
    public var maySee: Bool {
        switch self {
        case .operatorAdmin, .partnerAdmin, .customerAdmin, .system: true
        case .partnerMember, .customerMember, .stranger: false
        }
    }
}

/// Why a transition was refused.
public enum RelationshipRefusal: Error, Sendable, Equatable {
    /// The caller cannot see the relationship (404).
    case hidden
    /// The caller sees it but may not do this (403).
    case forbidden
    /// The relationship is not in a state that allows this (409).
    case wrongState(RelationshipStatus)
}

/// The relationship state machine: pure transitions with the actor rules of SPEC §4.
public enum RelationshipMachine {
    /// Applies `action` by `party` at `now`, or says why not. The state is read as of `now`, so a pending
    /// request past its window can be neither approved nor rejected.
    public static func apply(_ action: RelationshipAction, to relationship: Relationship, by party: RelationshipParty, at now: Date) throws(RelationshipRefusal) -> Relationship {
        guard party.maySee else { throw .hidden }
        guard mayAct(party, action) else { throw .forbidden }
        let current = relationship.status(at: now)
        var next = relationship
        next.status = current
        switch (action, current) {
        case (.approve(let privilege), .pending):
            next.status = .active
            next.privilege = privilege
            next.decidedAt = now
        case (.reject, .pending):
            next.status = .rejected
            next.decidedAt = now
        case (.changePrivilege(let privilege), .active):
            next.privilege = privilege
        case (.revoke, .active):
            next.status = .revoked
            next.endedAt = now
        case (.terminate, .active):
            next.status = .terminated
            next.endedAt = now
        case (.expire, .expired) where relationship.status == .pending:
            next.endedAt = now
        default:
            throw .wrongState(current)
        }
        next.version += 1
        next.updatedAt = now
        return next
    }

    /// The actor rules alone, whatever the state.
    public static func mayAct(_ party: RelationshipParty, _ action: RelationshipAction) -> Bool {
        switch action {
        case .approve, .reject, .changePrivilege, .revoke: party == .customerAdmin
        case .terminate: party == .partnerAdmin || party == .operatorAdmin
        case .expire: party == .system
        }
    }

    /// Only managed-service partners may hold relationships, and only with customers (SPEC §2).
    public static func validatePair(partner: Org, customer: Org, into validator: inout Validator) {
        if partner.kind != .partner {
            validator.add("partner_id", "is not a partner")
        } else if partner.program?.mayHoldRelationships != true {
            validator.add("partner_id", "a \(partner.program?.rawValue ?? "") partner may not hold managed relationships; only mssp, mdr and msp may")
        }
        if customer.kind != .customer { validator.add("customer_id", "is not a customer") }
    }
}
