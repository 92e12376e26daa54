import StewardCore
import Testing

/// The actors of SPEC §1, each in a home org of its own.
enum Who: String, CaseIterable, CustomTestStringConvertible {
    case operatorAdmin, vendorMember, partnerAdmin, partnerMember, customerAdmin, customerMember

    var actor: Actor {
        switch self {
        case .operatorAdmin: Actor(userID: UserID("u-op"), orgID: Orgs.vendor, orgKind: .vendor, role: .admin)
        case .vendorMember: Actor(userID: UserID("u-vm"), orgID: Orgs.vendor, orgKind: .vendor, role: .member)
        case .partnerAdmin: Actor(userID: UserID("u-pa"), orgID: Orgs.partner, orgKind: .partner, role: .admin)
        case .partnerMember: Actor(userID: UserID("u-pm"), orgID: Orgs.partner, orgKind: .partner, role: .member)
        case .customerAdmin: Actor(userID: UserID("u-ca"), orgID: Orgs.customer, orgKind: .customer, role: .admin)
        case .customerMember: Actor(userID: UserID("u-cm"), orgID: Orgs.customer, orgKind: .customer, role: .member)
        }
    }

    var testDescription: String { rawValue }
}

/// A small sales tree: partner → child customer; and an unrelated customer.
enum Orgs {
    static let vendor = OrgID("vendor")
    static let partner = OrgID("partner")
    static let customer = OrgID("customer")
    static let below = OrgID("below-partner")
    static let other = OrgID("other")

    static func ancestors(_ id: OrgID) -> [OrgID] {
        id == below ? [partner] : []
    }
}

@Suite("org policy")
struct OrgPolicyTests {
    @Test("operators see every org in full", arguments: [Orgs.vendor, Orgs.partner, Orgs.customer, Orgs.below, Orgs.other])
    func operatorsSeeAll(org: OrgID) {
        #expect(OrgPolicy.visibility(of: org, ancestors: Orgs.ancestors(org), to: Who.operatorAdmin.actor) == .full)
    }

    @Test("everyone sees their own org in full", arguments: Who.allCases)
    func ownOrg(who: Who) {
        let actor = who.actor
        #expect(OrgPolicy.visibility(of: actor.orgID, ancestors: [], to: actor) == .full)
    }

    @Test("partners see orgs below them in outline only; the tree grants nothing more", arguments: [Who.partnerAdmin, .partnerMember])
    func partnersSeeBelow(who: Who) {
        #expect(OrgPolicy.visibility(of: Orgs.below, ancestors: [Orgs.partner], to: who.actor) == .outline)
        #expect(OrgPolicy.mayEdit(org: Orgs.below, ancestors: [Orgs.partner], actor: who.actor) == .forbidden)
        #expect(UserPolicy.mayManageUsers(of: Orgs.below, ancestors: [Orgs.partner], actor: who.actor) == .forbidden)
    }

    @Test("a customer never sees anything below or beside it", arguments: [Who.customerAdmin, .customerMember])
    func customersSeeOnlyThemselves(who: Who) {
        #expect(OrgPolicy.visibility(of: Orgs.other, ancestors: [], to: who.actor) == .none)
        #expect(OrgPolicy.visibility(of: Orgs.below, ancestors: [who.actor.orgID], to: who.actor) == .none)
        #expect(OrgPolicy.mayEdit(org: Orgs.other, ancestors: [], actor: who.actor) == .hidden)
    }

    @Test("only operators create orgs and keep the catalog", arguments: Who.allCases)
    func createAndCatalog(who: Who) {
        let expected: Authorization = who == .operatorAdmin ? .allowed : .forbidden
        #expect(OrgPolicy.mayCreateOrg(who.actor) == expected)
        #expect(OrgPolicy.mayEditCatalog(who.actor) == expected)
    }

    @Test("an org's admins edit it; its members may only look", arguments: Who.allCases)
    func editOwnOrg(who: Who) {
        let actor = who.actor
        let expected: Authorization = actor.role == .admin ? .allowed : .forbidden
        #expect(OrgPolicy.mayEdit(org: actor.orgID, ancestors: [], actor: actor) == expected)
    }
}

@Suite("user policy")
struct UserPolicyTests {
    @Test("operators and the org's admins manage its users; members may not; strangers see nothing", arguments: Who.allCases)
    func manageUsers(who: Who) {
        let actor = who.actor
        let own: Authorization = actor.role == .admin ? .allowed : .forbidden
        #expect(UserPolicy.mayManageUsers(of: actor.orgID, ancestors: [], actor: actor) == own)
        let other: Authorization = who == .operatorAdmin ? .allowed : .hidden
        #expect(UserPolicy.mayManageUsers(of: Orgs.other, ancestors: [], actor: actor) == other)
    }

    @Test("members read only themselves", arguments: Who.allCases)
    func readUsers(who: Who) {
        let actor = who.actor
        #expect(UserPolicy.mayRead(user: actor.userID, homeOrg: actor.orgID, actor: actor) == .allowed)
        let colleague: Authorization = actor.role == .admin ? .allowed : .hidden
        #expect(UserPolicy.mayRead(user: UserID("colleague"), homeOrg: actor.orgID, actor: actor) == colleague)
        let stranger: Authorization = who == .operatorAdmin ? .allowed : .hidden
        #expect(UserPolicy.mayRead(user: UserID("stranger"), homeOrg: Orgs.other, actor: actor) == stranger)
    }

    @Test("nobody changes their own role; members change only their name, time zone and password", arguments: Who.allCases)
    func editSelf(who: Who) {
        let actor = who.actor
        #expect(UserPolicy.mayEdit(user: actor.userID, homeOrg: actor.orgID, fields: [.role], actor: actor) == .forbidden)
        #expect(UserPolicy.mayEdit(user: actor.userID, homeOrg: actor.orgID, fields: [.name, .timeZone, .password], actor: actor) == .allowed)
        let email: Authorization = actor.role == .admin ? .allowed : .forbidden
        #expect(UserPolicy.mayEdit(user: actor.userID, homeOrg: actor.orgID, fields: [.email], actor: actor) == email)
    }

    @Test("admins edit their users' every field", arguments: Who.allCases.filter { $0.actor.role == .admin })
    func adminsEdit(who: Who) {
        let actor = who.actor
        #expect(UserPolicy.mayEdit(user: UserID("colleague"), homeOrg: actor.orgID, fields: Set(UserField.allCases), actor: actor) == .allowed)
    }

    @Test("deactivation: by the org's admins or an operator, never of oneself", arguments: Who.allCases)
    func deactivate(who: Who) {
        let actor = who.actor
        #expect(UserPolicy.mayDeactivate(user: actor.userID, homeOrg: actor.orgID, actor: actor) == .forbidden)
        let colleague: Authorization = actor.role == .admin ? .allowed : .hidden
        #expect(UserPolicy.mayDeactivate(user: UserID("colleague"), homeOrg: actor.orgID, actor: actor) == colleague)
    }
}
