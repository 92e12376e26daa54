import Foundation
import StewardCore
import Testing

/// Rules that lived in the store's SQL code and now live in Core (issue "One place for every rule").
@Suite("rules moved out of the store")
struct StoreRulesMovedTests {
    static let now = Date(timeIntervalSince1970: 1_000_000)
    static let customer = Org(id: Orgs.customer, kind: .customer, name: "C", createdAt: now, updatedAt: now)

    static func membership(_ source: MembershipSource) -> Membership {
        Membership(id: MembershipID("m"), userID: UserID("u"), tenantID: Orgs.customer, source: source, platformAdmin: false, createdBy: nil, createdAt: now, updatedAt: now)
    }

    @Test("access mail: only access from outside a customer, only what the customer asked for", arguments: MembershipSource.allCases)
    func mailRule(source: MembershipSource) {
        for granted in [false, true] {
            for removed in [false, true] {
                let settings = NotificationSettings(onAccessGranted: granted, onAccessRemoved: removed)
                for event in ["granted", "removed", "expired"] {
                    let expected = source != .home && (event == "granted" ? granted : removed)
                    #expect(AccessMailRule.sends(event, Self.membership(source), tenant: Self.customer, settings: settings) == expected)
                }
            }
        }
        var partner = Self.customer
        partner.kind = .partner
        #expect(!AccessMailRule.sends("granted", Self.membership(.team), tenant: partner, settings: NotificationSettings()))
        let admins = [EmailAddress("a@c.example")!]
        #expect(AccessMailRule.recipients(NotificationSettings(), admins: admins) == admins)
        let chosen = [EmailAddress("soc@c.example")!]
        #expect(AccessMailRule.recipients(NotificationSettings(recipients: chosen), admins: admins) == chosen)
    }

    @Test("an edit renews an expired membership only with an expiry ahead or none", arguments: MembershipStatus.allCases)
    func renewal(status: MembershipStatus) {
        for expiry in [nil, Self.now.addingTimeInterval(60), Self.now.addingTimeInterval(-60), Self.now] as [Date?] {
            let renews = status == .expired && (expiry.map { $0 > Self.now } ?? true)
            #expect(MembershipRules.statusAfterEdit(status, expiresAt: expiry, now: Self.now) == (renews ? .active : status))
        }
    }

    @Test("that a user is deactivated is told to operators and their own org only", arguments: Who.allCases)
    func deactivatedIsNotLeaked(who: Who) {
        var user = UserManagementTests.user(UserID("gone"), in: Orgs.customer)
        user.status = .deactivated
        let tells = who.actor.isOperator || who.actor.orgID == Orgs.customer
        #expect(MembershipRules.itemNotFound(subject: user, actor: who.actor) == (tells ? "user_id is deactivated" : ManagementRefusal.hidden.itemDetail))
        #expect(MembershipRules.itemNotFound(subject: nil, actor: who.actor) == ManagementRefusal.hidden.itemDetail)
        user.status = .active
        #expect(MembershipRules.itemNotFound(subject: user, actor: who.actor) == ManagementRefusal.hidden.itemDetail)
    }
}
