import Foundation

/// How much of an org a caller may see.
public enum OrgVisibility: Sendable, Equatable, Comparable {
    /// Not at all: the org answers 404.
    case none
    /// Its name and kind only: partners looking down their sales tree (SPEC §4).
    case outline
    /// Everything.
    case full
}

/// Which orgs a listing may include.
public enum OrgScope: Sendable, Equatable {
    case all
    /// The org itself and, for partners, everything below it in the tree.
    case subtree(of: OrgID)
    case only(OrgID)
}

/// Who may see and change orgs (SPEC §4). Pure: the caller supplies the target's ancestors.
public enum OrgPolicy {
    /// What `actor` may see of `org`, whose ancestors (parent first) are `ancestors`.
    public static func visibility(of org: OrgID, ancestors: [OrgID], to actor: Actor) -> OrgVisibility {
        if actor.isOperator || actor.orgID == org { return .full }
        if actor.orgKind == .partner, ancestors.contains(actor.orgID) { return .outline }
        return .none
    }

    /// What `GET /v1/orgs` may list for `actor`: operators everything, partners their sales tree, others their own org.
    public static func listScope(_ actor: Actor) -> OrgScope {
        actor.isOperator ? .all : (actor.orgKind == .partner ? .subtree(of: actor.orgID) : .only(actor.orgID))
    }

    /// How much of the orgs below a visible org a tree shows: in full to operators, else their outline.
    public static func visibilityBelow(to actor: Actor) -> OrgVisibility {
        actor.isOperator ? .full : .outline
    }

    /// Creating orgs is the vendor's job.
    public static func mayCreateOrg(_ actor: Actor) -> Authorization {
        actor.isOperator ? .allowed : .forbidden
    }

    /// Editing an org's name and address: operators, and the org's own admins. A partner's admins rename a
    /// customer they manage under `manage` (`managedPrivilege`: the privilege of the actor's partner's
    /// relationship with it, effective, when `managesCustomer`); under `support` it is visible to them but not theirs to change.
    public static func mayEdit(org: OrgID, ancestors: [OrgID], actor: Actor, managedPrivilege: DataPrivilege? = nil) -> Authorization {
        if !editsFully(org: org, actor: actor), let privilege = managedPrivilege {
            return privilege == .manage ? .allowed : .forbidden
        }
        switch visibility(of: org, ancestors: ancestors, to: actor) {
        case .none: return .hidden
        case .outline: return .forbidden
        case .full: return editsFully(org: org, actor: actor) ? .allowed : .forbidden
        }
    }

    /// Operators and the org's own admins edit all of it; anyone else `mayEdit` admits (a managing partner) only renames.
    public static func editsFully(org: OrgID, actor: Actor) -> Bool {
        actor.isOperator || actor.isAdmin(of: org)
    }

    /// Whether `relationship` is `actor`'s partner's active one with the customer `org`, and `actor` its admin.
    public static func managesCustomer(_ relationship: Relationship, org: OrgID, actor: Actor, at now: Date) -> Bool {
        actor.orgKind == .partner && actor.role == .admin && relationship.partnerID == actor.orgID && relationship.customerID == org
            && relationship.status(at: now) == .active
    }

    /// The vendor's privilege for a partner (SPEC §2) is the vendor's to set: a partner may read its own, never raise it.
    public static func maySetDataPrivilege(_ actor: Actor) -> Result<Void, Refused> {
        actor.isOperator ? .success(()) : .failure(.forbidden("a partner's data privilege is set by the vendor's operators"))
    }

    /// Keeping the product catalog is the vendor's job.
    public static func mayEditCatalog(_ actor: Actor) -> Authorization {
        actor.isOperator ? .allowed : .forbidden
    }
}
