import Foundation

/// Who reaches a customer's licences, notification settings, team and external-access list (SPEC §2, §4, §6).
public enum CustomerPolicy {
    /// Reaching a customer at all: operators any; its own users; a partner with an active relationship to it.
    /// `org` is nil when the id names nothing; `partnerHasActiveRelationship` is about the actor's org.
    public static func reach(_ org: Org?, actor: Actor, partnerHasActiveRelationship: Bool) -> Authorization {
        guard let org, org.kind == .customer else { return .hidden }
        if actor.isOperator || actor.orgID == org.id { return .allowed }
        return actor.orgKind == .partner && partnerHasActiveRelationship ? .allowed : .hidden
    }

    /// Whether `reach` needs to know of a relationship: only for a partner looking at another org.
    public static func reachDependsOnRelationship(_ org: Org, actor: Actor) -> Bool {
        actor.orgKind == .partner && actor.orgID != org.id
    }

    /// Listing licences of a reached customer: admins of the orgs that reach it.
    public static func mayListLicenses(_ actor: Actor) -> Authorization {
        actor.role == .admin ? .allowed : .forbidden
    }

    /// Who creates a licence, and as whom: operators any kind, partner admins POC only.
    public static func licenseAuthor(_ actor: Actor, kind: LicenseKind) -> Result<LicenseAuthor, Refused> {
        if actor.isOperator { return .success(.vendor) }
        guard actor.orgKind == .partner, actor.role == .admin else { return .failure(.notAllowed) }
        return kind == .poc ? .success(.partner) : .failure(.partnersCreatePOCOnly)
    }

    /// A partner licenses (POC) only a customer it manages under `manage` (SPEC §4).
    public static func mayLicenseAsPartner(under relationship: Relationship?, at now: Date) -> Result<Void, Refused> {
        guard let relationship, relationship.status(at: now) == .active else { return .failure(.notFound) }
        return relationship.effectivePrivilege == .manage
            ? .success(())
            : .failure(.forbidden("your access to this customer is read-only (support) or less: a partner licenses only a customer it manages under manage"))
    }

    /// Creating a POC customer for `partner` (SPEC §4): its own admins, only of a managed-service programme the
    /// vendor trusts with `manage`. Another org's caller reads the partner as absent; operators create customers as orgs.
    public static func mayCreatePOCCustomer(for partner: Org?, actor: Actor) -> Result<Void, Refused> {
        guard let partner, partner.kind == .partner, actor.isOperator || actor.orgID == partner.id else { return .failure(.notFound) }
        if actor.isOperator {
            return .failure(.forbidden("operators create customers with POST /v1/orgs and link them to a partner; a partner's admins create POC customers"))
        }
        guard actor.role == .admin else { return .failure(.forbidden("only the partner's admins create customers")) }
        guard partner.program?.mayHoldRelationships == true else {
            return .failure(.forbidden("only managed-service partners (mssp, mdr, msp) create customers; a channel partner acts only as itself"))
        }
        // A POC customer is licensed by the partner, which needs manage (as `mayLicenseAsPartner`): a partner the
        // vendor holds to support or none licenses no customer, new or existing.
        guard partner.dataPrivilege == .manage else {
            return .failure(.forbidden("the vendor allows your organisation \((partner.dataPrivilege ?? .noAccess).rawValue) access to customer data; creating customers needs manage"))
        }
        return .success(())
    }

    /// Notification settings: the customer's admins; operators may read them.
    public static func mayAccessNotifications(of org: Org?, actor: Actor, write: Bool) -> Authorization {
        guard let org, org.kind == .customer else { return .hidden }
        if actor.isAdmin(of: org.id) { return .allowed }
        if actor.isOperator { return write ? .forbidden : .allowed }
        return actor.orgID == org.id ? .forbidden : .hidden
    }

    /// Adding to the customer's team by email: its own admins.
    public static func mayAddToTeam(_ org: Org?, actor: Actor) -> Authorization {
        guard let org, org.kind == .customer, actor.isOperator || actor.orgID == org.id else { return .hidden }
        return actor.isAdmin(of: org.id) ? .allowed : .forbidden
    }

    /// The list of everyone from outside who holds access: its admins and operators.
    public static func mayListExternalAccess(_ org: Org?, actor: Actor) -> Authorization {
        guard let org, org.kind == .customer, actor.isOperator || actor.orgID == org.id else { return .hidden }
        return actor.isOperator || actor.isAdmin(of: org.id) ? .allowed : .forbidden
    }
}

/// Who a licence is created by, for the rules that differ (a partner's POC is capped).
public enum LicenseAuthor: Sendable, Equatable {
    case vendor
    case partner
}
