import Foundation
import StewardCore
import Testing

/// Customer C is managed by partner P (manage, active); Q is another partner; analysts a1, a2 belong to P.
enum Rules {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let customer = Org(id: OrgID("C"), kind: .customer, name: "C", region: "us", createdAt: now, updatedAt: now)
    static let roles: [String: [String: Set<Permission>]] = [
        "edr": ["viewer": [.read], "analyst": [.read, .write], "admin": [.read, .write, .admin]],
        "siem": ["viewer": [.read], "analyst": [.read, .write], "admin": [.read, .write, .admin]],
        "email": ["viewer": [.read], "analyst": [.read, .write], "admin": [.read, .write, .admin]],
    ]

    static func user(_ id: String, org: String, role: HomeRole = .member) -> User {
        User(id: UserID(id), orgID: OrgID(org), email: EmailAddress("\(id)@x.example")!, name: id, role: role, timeZone: "UTC", createdAt: now, updatedAt: now)
    }

    static func actor(_ id: String, org: String, kind: OrgKind, role: HomeRole = .member) -> Actor {
        Actor(userID: UserID(id), orgID: OrgID(org), orgKind: kind, role: role)
    }

    static func relationship(
        _ partner: String, privilege: Privilege = .manage, status: RelationshipStatus = .active, vendor: DataPrivilege = .manage
    ) -> Relationship {
        Relationship(id: RelationshipID("r-\(partner)"), partnerID: OrgID(partner), customerID: customer.id, status: status, privilege: privilege,
                     requestedAt: now, approvalExpiresAt: now.addingTimeInterval(1000), createdBy: nil, updatedAt: now, vendorPrivilege: vendor)
    }

    static func membership(_ user: String, source: MembershipSource = .partner, admin: Bool = false, expires: Date? = nil,
                           products: [ProductGrant] = [ProductGrant(product: "edr", role: "analyst")]) -> Membership {
        Membership(id: MembershipID("m-\(user)"), userID: UserID(user), tenantID: customer.id, source: source, relationshipID: source == .partner ? "r-P" : nil,
                   platformAdmin: admin, expiresAt: expires, products: products, createdBy: nil, createdAt: now, updatedAt: now)
    }

    static func facts(actor: Actor, subject: User, subjectKind: OrgKind = .partner, subjectRelationship: Relationship? = relationship("P"),
                      actorMembership: Membership? = nil, actorRelationship: Relationship? = nil, licensed: Set<String> = ["edr", "siem"]) -> ManagementFacts {
        ManagementFacts(actor: actor, tenant: customer, subject: subject, subjectOrgKind: subjectKind, subjectRelationship: subjectRelationship,
                        actorMembership: actorMembership, actorRelationship: actorRelationship, licensedProducts: licensed, roles: roles, now: now)
    }

    static let analyst = user("a2", org: "P")
    static let partnerAdmin = actor("pa", org: "P", kind: .partner, role: .admin)
    static let customerAdmin = actor("ca", org: "C", kind: .customer, role: .admin)
    static let operatorActor = actor("op", org: "V", kind: .vendor, role: .admin)
    static let plainAnalyst = actor("a1", org: "P", kind: .partner)
    static let otherPartnerAdmin = actor("qa", org: "Q", kind: .partner, role: .admin)

    /// a1 as a delegated admin: admin flag, analyst on edr, expiring in a day.
    static func delegated(expires: Date? = now.addingTimeInterval(86400), privilege: Privilege = .manage) -> ManagementFacts {
        facts(actor: plainAnalyst, subject: analyst,
              actorMembership: membership("a1", admin: true, expires: expires), actorRelationship: relationship("P", privilege: privilege))
    }

    static let draft = MembershipDraft(platformAdmin: false, expiresAt: nil, products: [ProductGrant(product: "edr", role: "viewer")])
}

@Suite("management rules of SPEC §4")
struct MembershipRulesTests {
    @Test("a partner admin assigns their users on customers in active relationships")
    func partnerAdmin() {
        #expect(MembershipRules.mayCreate(Rules.draft, facts: Rules.facts(actor: Rules.partnerAdmin, subject: Rules.analyst)) == .success(.partner))
        let ended = Rules.facts(actor: Rules.partnerAdmin, subject: Rules.analyst, subjectRelationship: Rules.relationship("P", status: .revoked))
        #expect(MembershipRules.mayCreate(Rules.draft, facts: ended).isForbidden)
        let none = Rules.facts(actor: Rules.partnerAdmin, subject: Rules.analyst, subjectRelationship: nil)
        #expect(MembershipRules.mayCreate(Rules.draft, facts: none).refusal == .hidden, "no relationship: the customer is out of the partner's reach")
    }

    @Test("nobody else assigns partner staff: not operators, not analysts, not another partner, not the customer", arguments: [
        Rules.operatorActor, Rules.plainAnalyst, Rules.otherPartnerAdmin, Rules.customerAdmin,
    ])
    func othersMayNotAssign(actor: Actor) {
        let refusal = MembershipRules.mayCreate(Rules.draft, facts: Rules.facts(actor: actor, subject: Rules.analyst))
        // Operators and the user's own colleagues are told the rule; to anyone else the user is out of reach.
        if actor.isOperator || actor.orgID == Rules.analyst.orgID { #expect(refusal.isForbidden) } else { #expect(refusal.refusal == .hidden) }
    }

    @Test("a delegated admin assigns within their own membership only")
    func delegation() {
        let facts = Rules.delegated()
        let inside = MembershipDraft(platformAdmin: true, expiresAt: Rules.now.addingTimeInterval(3600), products: [ProductGrant(product: "edr", role: "viewer")])
        #expect(MembershipRules.mayCreate(inside, facts: facts) == .success(.partner), "may pass on the admin flag")
        var stronger = inside
        stronger.products = [ProductGrant(product: "edr", role: "admin")]
        #expect(MembershipRules.mayCreate(stronger, facts: facts).isForbidden)
        var otherProduct = inside
        otherProduct.products = [ProductGrant(product: "siem", role: "viewer")]
        #expect(MembershipRules.mayCreate(otherProduct, facts: facts).isForbidden)
        var later = inside
        later.expiresAt = Rules.now.addingTimeInterval(2 * 86400)
        #expect(MembershipRules.mayCreate(later, facts: facts).isForbidden)
        var permanent = inside
        permanent.expiresAt = nil
        #expect(MembershipRules.mayCreate(permanent, facts: facts).isForbidden, "a time-limited delegate cannot grant permanent access")
        #expect(MembershipRules.mayCreate(permanent, facts: Rules.delegated(expires: nil)) == .success(.partner))
    }

    @Test("delegation needs a manage relationship and the admin flag")
    func delegationNeedsManage() {
        let support = Rules.delegated(privilege: .support)
        #expect(MembershipRules.mayCreate(Rules.draft, facts: support).isForbidden)
        var noFlag = Rules.delegated()
        noFlag.actorMembership?.platformAdmin = false
        #expect(MembershipRules.mayCreate(Rules.draft, facts: noFlag).isForbidden)
        var lapsed = Rules.delegated()
        lapsed.actorMembership?.expiresAt = Rules.now
        #expect(MembershipRules.mayCreate(Rules.draft, facts: lapsed).isForbidden)
    }

    @Test("a delegated admin edits their own roles but never their own expiry or admin flag")
    func delegatedSelf() {
        var facts = Rules.delegated()
        facts.subject = Rules.user("a1", org: "P")
        let own = facts.actorMembership!
        var roles = MembershipDraft(own)
        roles.products = [ProductGrant(product: "siem", role: "admin")]
        #expect(MembershipRules.mayEdit(own, to: roles, facts: facts).isSuccess)
        var extend = MembershipDraft(own)
        extend.expiresAt = nil
        #expect(MembershipRules.mayEdit(own, to: extend, facts: facts).isForbidden)
        var unflag = MembershipDraft(own)
        unflag.platformAdmin = false
        #expect(MembershipRules.mayEdit(own, to: unflag, facts: facts).isForbidden)
        #expect(MembershipRules.mayDelete(own, facts: facts).isForbidden)
    }

    @Test("a delegated admin neither edits nor removes a colleague whose access exceeds theirs")
    func delegatedColleague() {
        let facts = Rules.delegated()
        let stronger = Rules.membership("a2", products: [ProductGrant(product: "edr", role: "admin")])
        #expect(MembershipRules.mayEdit(stronger, to: Rules.draft, facts: facts).isForbidden)
        #expect(MembershipRules.mayDelete(stronger, facts: facts).isForbidden)
        let weaker = Rules.membership("a2", expires: Rules.now.addingTimeInterval(60), products: [ProductGrant(product: "edr", role: "viewer")])
        #expect(MembershipRules.mayDelete(weaker, facts: facts).isSuccess)
    }

    @Test("customer admins build their team from any external user, channel partners included")
    func team() {
        let reseller = Rules.user("r1", org: "R")
        let facts = Rules.facts(actor: Rules.customerAdmin, subject: reseller, subjectRelationship: nil)
        #expect(MembershipRules.mayCreate(Rules.draft, facts: facts, viaTeam: true) == .success(.team))
        #expect(MembershipRules.mayCreate(Rules.draft, facts: Rules.facts(actor: Rules.partnerAdmin, subject: reseller), viaTeam: true) == .failure(.hidden))
        let own = Rules.facts(actor: Rules.customerAdmin, subject: Rules.user("c1", org: "C"), subjectKind: .customer)
        #expect(MembershipRules.mayCreate(Rules.draft, facts: own, viaTeam: true).isForbidden, "own users already have a home membership")
    }

    @Test("customer admins remove any external access and change only partner users' product roles")
    func customerAdminOnPartnerAccess() {
        let facts = Rules.facts(actor: Rules.customerAdmin, subject: Rules.analyst)
        let existing = Rules.membership("a2")
        #expect(MembershipRules.mayDelete(existing, facts: facts).isSuccess)
        var roles = MembershipDraft(existing)
        roles.products = [ProductGrant(product: "edr", role: "viewer")]
        #expect(MembershipRules.mayEdit(existing, to: roles, facts: facts).isSuccess)
        var flag = MembershipDraft(existing)
        flag.platformAdmin = true
        #expect(MembershipRules.mayEdit(existing, to: flag, facts: facts).isForbidden)
    }

    @Test("proposals name known roles on licensed products, once each, expiring in the future")
    func validation() {
        let facts = Rules.facts(actor: Rules.partnerAdmin, subject: Rules.analyst)
        func field(_ products: [ProductGrant], expires: Date? = nil) -> String? {
            if case .failure(.invalid(let field, _)) = MembershipRules.mayCreate(MembershipDraft(platformAdmin: false, expiresAt: expires, products: products), facts: facts) {
                return field
            }
            return nil
        }
        #expect(field([ProductGrant(product: "nope", role: "viewer")]) == "products[0].product")
        #expect(field([ProductGrant(product: "edr", role: "owner")]) == "products[0].role")
        #expect(field([ProductGrant(product: "email", role: "viewer")]) == "products[0].product", "email is not licensed")
        #expect(field([ProductGrant(product: "edr", role: "viewer"), ProductGrant(product: "edr", role: "admin")]) == "products[1].product")
        #expect(field([], expires: Rules.now) == "expires_at")
        #expect(field([]) == nil)
    }

    @Test("strangers see nothing: another partner's admin gets hidden, not forbidden")
    func strangers() {
        let facts = Rules.facts(actor: Rules.otherPartnerAdmin, subject: Rules.analyst)
        #expect(MembershipRules.mayDelete(Rules.membership("a2"), facts: facts).refusal == .hidden)
        #expect(MembershipRules.mayEdit(Rules.membership("a2"), to: Rules.draft, facts: facts).refusal == .hidden)
    }

    @Test("an assignment refused outside the actor's reach reads as hidden, whatever the reason would have been")
    func refusalsOutsideReach() {
        let otherPartnerUser = Rules.user("q1", org: "Q")
        // Another partner's user, a customer admin naming a partner user, a customer with no relationship.
        #expect(MembershipRules.mayCreate(Rules.draft, facts: Rules.facts(actor: Rules.partnerAdmin, subject: otherPartnerUser, subjectRelationship: nil)).refusal == .hidden)
        #expect(MembershipRules.mayCreate(Rules.draft, facts: Rules.facts(actor: Rules.customerAdmin, subject: Rules.analyst)).refusal == .hidden)
        #expect(MembershipRules.mayCreate(Rules.draft, facts: Rules.facts(actor: Rules.partnerAdmin, subject: Rules.analyst, subjectRelationship: nil)).refusal == .hidden)
        #expect(MembershipRules.mayCreate(Rules.draft, facts: Rules.facts(actor: Rules.otherPartnerAdmin, subject: Rules.analyst)).refusal == .hidden)
        // Within reach the rule is named: a pending relationship is visible to the partner.
        let pending = Rules.facts(actor: Rules.partnerAdmin, subject: Rules.analyst, subjectRelationship: Rules.relationship("P", status: .pending))
        #expect(MembershipRules.mayCreate(Rules.draft, facts: pending).isForbidden)
        #expect(MembershipRules.mayCreate(Rules.draft, facts: Rules.facts(actor: Rules.plainAnalyst, subject: Rules.analyst)).isForbidden)
    }

    @Test("home memberships: the org's admins change products only; nobody deletes them")
    func home() {
        let vendorUser = Rules.user("c1", org: "C")
        let home = Rules.membership("c1", source: .home, products: [])
        let facts = Rules.facts(actor: Rules.customerAdmin, subject: vendorUser, subjectKind: .customer)
        #expect(MembershipRules.mayEdit(home, to: Rules.draft, facts: facts).isSuccess)
        var flag = Rules.draft
        flag.platformAdmin = true
        #expect(MembershipRules.mayEdit(home, to: flag, facts: facts).isForbidden)
        #expect(MembershipRules.mayDelete(home, facts: facts).isForbidden)
    }
}

extension Result {
    var isSuccess: Bool { if case .success = self { true } else { false } }
}

extension Result where Failure == ManagementRefusal {
    var isForbidden: Bool { if case .failure(.forbidden) = self { true } else { false } }
    var refusal: ManagementRefusal? { if case .failure(let refusal) = self { refusal } else { nil } }
}

@Suite("who may see a membership")
struct MaySeeTests {
    @Test("delegation is asked for only where it can change the answer, and the two forms agree")
    func delegationOnlyWhereItMatters() {
        let orgs = ["P", "Q", "C", "V"]
        for actorOrg in orgs {
            for role in HomeRole.allCases {
                let actor = Rules.actor("x", org: actorOrg, kind: actorOrg == "V" ? .vendor : actorOrg == "C" ? .customer : .partner, role: role)
                for subjectOrg in orgs {
                    for subjectUser in ["x", "y"] {
                        let membership = Rules.membership(subjectUser)
                        let asked = MembershipRules.needsDelegation(membership, subjectOrg: OrgID(subjectOrg), actor: actor)
                        let without = MembershipRules.maySee(membership, subjectOrg: OrgID(subjectOrg), actor: actor, isDelegatedAdmin: false)
                        let with = MembershipRules.maySee(membership, subjectOrg: OrgID(subjectOrg), actor: actor, isDelegatedAdmin: true)
                        #expect(asked || with == without, "\(actorOrg) \(role) about \(subjectUser)@\(subjectOrg)")
                        #expect(!asked || (with && !without), "asked only where delegation decides")
                        let subject = Rules.user(subjectUser, org: subjectOrg)
                        for delegated in [false, true] {
                            let facts = Rules.facts(
                                actor: actor, subject: subject, actorMembership: delegated ? Rules.membership("x", admin: true) : nil,
                                actorRelationship: delegated ? Rules.relationship(actorOrg) : nil
                            )
                            #expect(facts.isDelegatedAdmin == delegated)
                            #expect(MembershipRules.maySee(membership, facts: facts) == (delegated ? with : without))
                        }
                    }
                }
            }
        }
    }
}
