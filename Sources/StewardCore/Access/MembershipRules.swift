import Foundation

/// The fields of a membership a manager proposes: on creation, or the result of an edit.
public struct MembershipDraft: Sendable, Equatable {
    public var platformAdmin: Bool
    public var expiresAt: Date?
    public var products: [ProductGrant]

    public init(platformAdmin: Bool, expiresAt: Date?, products: [ProductGrant]) {
        self.platformAdmin = platformAdmin
        self.expiresAt = expiresAt
        self.products = products
    }

    public init(_ membership: Membership) {
        self.init(platformAdmin: membership.platformAdmin, expiresAt: membership.expiresAt, products: membership.products)
    }
}

/// What the rules of SPEC §4 need to know about one management act on tenant T.
public struct ManagementFacts: Sendable {
    public var actor: Actor
    public var tenant: Org
    /// The user whose access is managed.
    public var subject: User
    public var subjectOrgKind: OrgKind
    /// The relationship between the subject's org and the tenant, if any.
    public var subjectRelationship: Relationship?
    /// The actor's own membership on the tenant that is not ended, and the relationship it lives in.
    public var actorMembership: Membership?
    public var actorRelationship: Relationship?
    /// Products with a licence valid now on the tenant, and each product's roles.
    public var licensedProducts: Set<String>
    public var roles: [String: [String: Set<Permission>]]
    public var now: Date

    public init(
        actor: Actor, tenant: Org, subject: User, subjectOrgKind: OrgKind, subjectRelationship: Relationship?, actorMembership: Membership?,
        actorRelationship: Relationship?, licensedProducts: Set<String>, roles: [String: [String: Set<Permission>]], now: Date
    ) {
        self.actor = actor
        self.tenant = tenant
        self.subject = subject
        self.subjectOrgKind = subjectOrgKind
        self.subjectRelationship = subjectRelationship
        self.actorMembership = actorMembership
        self.actorRelationship = actorRelationship
        self.licensedProducts = licensedProducts
        self.roles = roles
        self.now = now
    }

    var subjectIsHome: Bool { subject.orgID == tenant.id }
    var relationshipActive: Bool { subjectRelationship?.status(at: now) == .active }
    var isPartnerAdminOfSubject: Bool {
        actor.orgKind == .partner && actor.role == .admin && actor.orgID == subject.orgID
    }
    var isCustomerAdmin: Bool { tenant.kind == .customer && actor.isAdmin(of: tenant.id) }

    /// Whether the actor may learn anything about assigning this user in this tenant. Without it every refusal
    /// reads as hidden, exactly like ids that do not exist: the user must be their own org's (or the actor an
    /// operator), and the tenant their own, one they hold access in, or one their partner has an open
    /// relationship with.
    public var actorReachesAssignment: Bool {
        if actor.isOperator { return true }
        guard actor.orgID == subject.orgID else { return false }
        return actor.orgID == tenant.id || actorMembership != nil || subjectRelationship != nil
    }

    /// The actor holds the admin flag on T through a live partner membership in an active `manage` relationship.
    public var isDelegatedAdmin: Bool {
        actorMembership.map { DelegationPolicy.administers($0, under: actorRelationship, at: now) } ?? false
    }
}

/// What an edit form offers: every field, product roles only (with the rule why), or no more than a delegated
/// administrator's own access.
public enum EditScope: Sendable, Equatable {
    case everything
    case rolesOnly(String)
    case withinDelegation(DelegationLimits)
}

/// Why a management act is refused.
public enum ManagementRefusal: Error, Sendable, Equatable {
    /// The actor may not see this (404).
    case hidden
    /// The actor sees it but may not do this (403), with the rule that says so.
    case forbidden(String)
    /// The proposal breaks a rule of its own (400), naming the field.
    case invalid(field: String, message: String)
}

extension ManagementRefusal {
    /// How a refusal of one item reads in a bulk answer.
    public var itemDetail: String {
        switch self {
        case .hidden: "the user or tenant does not exist or is out of your reach"
        case .forbidden(let rule): "not allowed: \(rule)"
        case .invalid(let field, let message): "\(field) \(message)"
        }
    }

    /// The same refusal as a person reads it on a form, after the item's name ("Ada Analyst is deactivated"):
    /// no field names, no indexes.
    public var inWords: String {
        switch self {
        case .hidden: "is not there, or is out of your reach"
        case .forbidden(let rule): "is not allowed here: \(rule)"
        case .invalid("user_id", let message): message
        case .invalid(let field, let message): "cannot be given this access: \(Self.subject(of: field)) \(message)"
        }
    }

    private static func subject(of field: String) -> String {
        if field.hasSuffix(".role") { return "the role" }
        if field.hasPrefix("products") { return "the product" }
        switch field {
        case "tenant_id": return "the customer"
        case "expires_at": return "the expiry"
        default: return "the " + field.replacingOccurrences(of: "_", with: " ")
        }
    }
}

/// Who may grant, change and remove access (SPEC §4), as pure functions.
public enum MembershipRules {
    /// What an item whose user or tenant was not found says. That the user is deactivated is told only to an
    /// operator or someone of the user's own org, who can see the user anyway; anyone else learns nothing.
    public static func itemNotFound(subject: User?, actor: Actor) -> String {
        itemNotFoundRefusal(subject: subject, actor: actor).itemDetail
    }

    /// `itemNotFound` as a refusal, for the words a form shows.
    public static func itemNotFoundRefusal(subject: User?, actor: Actor) -> ManagementRefusal {
        if let subject, subject.status != .active, actor.isOperator || actor.orgID == subject.orgID {
            return .invalid(field: "user_id", message: "is deactivated")
        }
        return .hidden
    }

    /// An edit that gives an expired membership an expiry still ahead (or none) renews it.
    public static func statusAfterEdit(_ status: MembershipStatus, expiresAt: Date?, now: Date) -> MembershipStatus {
        status == .expired && (expiresAt.map { $0 > now } ?? true) ? .active : status
    }

    /// The source a new membership by this actor would have, or why it may not be made.
    /// `viaTeam` is the customer admin's "add to my team" path; otherwise it is an assignment.
    public static func mayCreate(_ draft: MembershipDraft, facts: ManagementFacts, viaTeam: Bool = false) -> Result<MembershipSource, ManagementRefusal> {
        // A team addition names the user by an email the customer admin already knows; anything else needs reach.
        guard viaTeam || facts.actorReachesAssignment else { return .failure(.hidden) }
        if facts.subjectIsHome { return .failure(.forbidden("a user's home membership exists already; edit it instead")) }
        if viaTeam {
            guard facts.isCustomerAdmin else { return .failure(facts.tenant.kind == .customer && facts.actor.orgID == facts.tenant.id ? .forbidden("only the customer's admins add to its team") : .hidden) }
            return validate(draft, facts: facts).map { .team }
        }
        guard facts.tenant.kind == .customer else { return .failure(.forbidden("access is assigned on customers only")) }
        guard facts.subjectOrgKind == .partner, facts.relationshipActive else {
            return .failure(.forbidden("the user's partner has no active relationship with this customer"))
        }
        if facts.isPartnerAdminOfSubject {
            return validate(draft, facts: facts).map { .partner }
        }
        if facts.isDelegatedAdmin, facts.actor.orgID == facts.subject.orgID {
            if case .failure(let refusal) = withinDelegation(draft, facts: facts) { return .failure(refusal) }
            return validate(draft, facts: facts).map { .partner }
        }
        return .failure(.forbidden("only the partner's admins, or a delegated administrator of this customer, assign its users here"))
    }

    /// Whether `actor` may change `existing` into `updated`.
    public static func mayEdit(_ existing: Membership, to updated: MembershipDraft, facts: ManagementFacts) -> Result<Void, ManagementRefusal> {
        let before = MembershipDraft(existing)
        let isSelf = facts.actor.userID == existing.userID
        switch existing.source {
        case .home:
            guard facts.actor.isOperator || facts.actor.isAdmin(of: existing.tenantID) else { return .failure(maySee(existing, facts: facts) ? .forbidden("only the org's admins edit home memberships") : .hidden) }
            if updated.platformAdmin != before.platformAdmin || updated.expiresAt != before.expiresAt {
                return .failure(.forbidden(Self.homeRolesOnly))
            }
            return validate(updated, facts: facts)
        case .team:
            guard facts.isCustomerAdmin else { return .failure(maySee(existing, facts: facts) ? .forbidden("only the customer's admins edit its team") : .hidden) }
            return validate(updated, facts: facts)
        case .partner:
            if facts.isPartnerAdminOfSubject { return validate(updated, facts: facts) }
            if facts.isCustomerAdmin {
                guard updated.platformAdmin == before.platformAdmin, updated.expiresAt == before.expiresAt else {
                    return .failure(.forbidden(Self.customerAdminRolesOnly))
                }
                return validate(updated, facts: facts)
            }
            if facts.isDelegatedAdmin, facts.actor.orgID == facts.subject.orgID {
                if isSelf {
                    guard updated.platformAdmin == before.platformAdmin, updated.expiresAt == before.expiresAt else {
                        return .failure(.forbidden(Self.delegatedSelfRolesOnly))
                    }
                    return validate(updated, facts: facts)
                }
                if case .failure(let refusal) = withinDelegation(before, facts: facts) {
                    // Nobody edits a colleague whose access already exceeds their own.
                    return .failure(refusal)
                }
                if case .failure(let refusal) = withinDelegation(updated, facts: facts) { return .failure(refusal) }
                return validate(updated, facts: facts)
            }
            return .failure(maySee(existing, facts: facts) ? .forbidden("you may not change this access") : .hidden)
        }
    }

    static let homeRolesOnly = "a home membership's admin flag follows the home role and it never expires; only its products change"
    static let customerAdminRolesOnly = "a customer admin changes only the product roles of partner users"
    static let delegatedSelfRolesOnly = "a delegated administrator cannot extend their own expiry or change their own admin flag"

    /// What an edit form may offer this actor on `existing`, by the same cases `mayEdit` decides; `mayEdit`
    /// still judges whatever is submitted.
    public static func editScope(_ existing: Membership, facts: ManagementFacts) -> EditScope {
        switch existing.source {
        case .home: return .rolesOnly(homeRolesOnly)
        case .team: return .everything
        case .partner:
            if facts.isPartnerAdminOfSubject { return .everything }
            if facts.isCustomerAdmin { return .rolesOnly(customerAdminRolesOnly) }
            guard facts.isDelegatedAdmin, facts.actor.orgID == facts.subject.orgID, let own = facts.actorMembership else { return .everything }
            if facts.actor.userID == existing.userID { return .rolesOnly(delegatedSelfRolesOnly) }
            return .withinDelegation(DelegationPolicy.limits(of: own, roles: facts.roles, licensed: facts.licensedProducts))
        }
    }

    /// Whether `actor` may delete `existing` (removing access at once).
    public static func mayDelete(_ existing: Membership, facts: ManagementFacts) -> Result<Void, ManagementRefusal> {
        switch existing.source {
        case .home:
            return .failure(maySee(existing, facts: facts) ? .forbidden("a home membership ends only with its user") : .hidden)
        case .team:
            return facts.isCustomerAdmin ? .success(()) : .failure(maySee(existing, facts: facts) ? .forbidden("only the customer's admins remove team members") : .hidden)
        case .partner:
            if facts.isPartnerAdminOfSubject || facts.isCustomerAdmin { return .success(()) }
            if facts.isDelegatedAdmin, facts.actor.orgID == facts.subject.orgID, facts.actor.userID != existing.userID {
                return withinDelegation(MembershipDraft(existing), facts: facts)
            }
            return .failure(maySee(existing, facts: facts) ? .forbidden("you may not remove this access") : .hidden)
        }
    }

    /// Who may see a membership: its user, operators, the tenant's admins, the user's home admins,
    /// and a delegated administrator of the tenant for users of their own partner.
    public static func maySee(_ membership: Membership, facts: ManagementFacts) -> Bool {
        maySee(membership, subjectOrg: facts.subject.orgID, actor: facts.actor, isDelegatedAdmin: facts.isDelegatedAdmin)
    }

    /// `maySee` from exactly what it reads. Whether the actor is a delegated administrator of the tenant
    /// matters only for a subject of the actor's own org (`needsDelegation`), so a list asks for it only then.
    public static func maySee(_ membership: Membership, subjectOrg: OrgID, actor: Actor, isDelegatedAdmin: Bool) -> Bool {
        actor.userID == membership.userID || actor.isOperator || actor.isAdmin(of: membership.tenantID) || actor.isAdmin(of: subjectOrg)
            || (isDelegatedAdmin && actor.orgID == subjectOrg)
    }

    /// Whether `maySee` could turn on the actor being a delegated administrator of the membership's tenant.
    public static func needsDelegation(_ membership: Membership, subjectOrg: OrgID, actor: Actor) -> Bool {
        actor.orgID == subjectOrg && !maySee(membership, subjectOrg: subjectOrg, actor: actor, isDelegatedAdmin: false)
    }

    /// A delegated administrator grants nothing beyond their own membership: no product they hold no role on,
    /// no role stronger than theirs on a product, no later expiry. They may pass on the admin flag.
    static func withinDelegation(_ draft: MembershipDraft, facts: ManagementFacts) -> Result<Void, ManagementRefusal> {
        guard let own = facts.actorMembership else { return .failure(.forbidden("you hold no access here")) }
        // Licences are `validate`'s rule; here only what the administrator holds bounds the grant.
        let limits = DelegationPolicy.limits(of: own, roles: facts.roles, licensed: Set(own.products.map(\.product)))
        for grant in draft.products {
            guard let allowed = limits.roles[grant.product] else {
                return .failure(.forbidden("you hold no role on \(grant.product), so you cannot grant one"))
            }
            guard allowed.contains(grant.role) else {
                let mine = own.products.first { $0.product == grant.product }?.role ?? ""
                return .failure(.forbidden("\(grant.role) on \(grant.product) is stronger than your own \(mine)"))
            }
        }
        if !limits.allows(expiry: draft.expiresAt), let limit = limits.latestExpiry {
            return .failure(.forbidden("the access cannot last longer than your own, which ends \(Timestamp.format(limit))"))
        }
        return .success(())
    }

    /// Rules of the proposal itself: known roles on products the tenant holds a licence for, each product
    /// once, an expiry in the future.
    static func validate(_ draft: MembershipDraft, facts: ManagementFacts) -> Result<Void, ManagementRefusal> {
        var seen = Set<String>()
        for (index, grant) in draft.products.enumerated() {
            guard let roles = facts.roles[grant.product] else {
                return .failure(.invalid(field: "products[\(index)].product", message: "is not a product of the catalog"))
            }
            guard roles[grant.role] != nil else {
                return .failure(.invalid(field: "products[\(index)].role", message: "is not a role of \(grant.product)"))
            }
            guard facts.licensedProducts.contains(grant.product) else {
                return .failure(.invalid(field: "products[\(index)].product", message: "the customer holds no valid licence for \(grant.product)"))
            }
            guard seen.insert(grant.product).inserted else {
                return .failure(.invalid(field: "products[\(index)].product", message: "is listed twice"))
            }
        }
        if let expiry = draft.expiresAt, expiry <= facts.now {
            return .failure(.invalid(field: "expires_at", message: "must be in the future"))
        }
        return .success(())
    }
}
