import Foundation
import StewardCore
import Testing

/// The policies that left the handlers (issue "One place for every rule"), each against the sentence of
/// SPEC §4, §6–§8 it implements, for every actor of `Who` and every org of the small world.
@Suite("reach policies")
struct ReachPolicyTests {
    static func org(_ id: OrgID, _ kind: OrgKind) -> Org {
        Org(id: id, kind: kind, name: id.rawValue, createdAt: Date(timeIntervalSince1970: 0), updatedAt: Date(timeIntervalSince1970: 0))
    }
    static let customers = [org(Orgs.customer, .customer), org(Orgs.other, .customer)]
    static let notCustomers: [Org?] = [nil, org(Orgs.partner, .partner), org(Orgs.vendor, .vendor)]

    @Test("a customer is reached by operators, its own users and partners with an active relationship; anything else is absent", arguments: Who.allCases)
    func customerReach(who: Who) {
        let actor = who.actor
        for customer in Self.customers {
            for related in [false, true] {
                let expected = actor.isOperator || actor.orgID == customer.id || (actor.orgKind == .partner && related)
                #expect((CustomerPolicy.reach(customer, actor: actor, partnerHasActiveRelationship: related) == .allowed) == expected)
                if !expected { #expect(CustomerPolicy.reach(customer, actor: actor, partnerHasActiveRelationship: related) == .hidden) }
            }
        }
        for other in Self.notCustomers { #expect(CustomerPolicy.reach(other, actor: actor, partnerHasActiveRelationship: true) == .hidden) }
    }

    @Test("licences: operators create any kind, partner admins POC only, nobody else", arguments: Who.allCases)
    func licenceAuthors(who: Who) {
        for kind in LicenseKind.allCases {
            let result = CustomerPolicy.licenseAuthor(who.actor, kind: kind)
            switch who {
            case .operatorAdmin: #expect(result == .success(.vendor))
            case .partnerAdmin: #expect(result == (kind == .poc ? .success(.partner) : .failure(.partnersCreatePOCOnly)))
            default: #expect(result == .failure(.notAllowed))
            }
        }
    }

    @Test("notification settings: the customer's admins change them, operators read them, its members see a 403, others nothing", arguments: Who.allCases)
    func notifications(who: Who) {
        let customer = Self.org(Orgs.customer, .customer)
        for write in [false, true] {
            let expected: Authorization = switch who {
            case .customerAdmin: .allowed
            case .operatorAdmin: write ? .forbidden : .allowed
            case .customerMember: .forbidden
            default: .hidden
            }
            #expect(CustomerPolicy.mayAccessNotifications(of: customer, actor: who.actor, write: write) == expected)
        }
        for other in Self.notCustomers { #expect(CustomerPolicy.mayAccessNotifications(of: other, actor: who.actor, write: false) == .hidden) }
    }

    @Test("the team and the external-access list are the customer's own", arguments: Who.allCases)
    func team(who: Who) {
        let customer = Self.org(Orgs.customer, .customer)
        let own = who == .customerAdmin || who == .customerMember
        #expect(CustomerPolicy.mayAddToTeam(customer, actor: who.actor) == (who == .customerAdmin ? .allowed : own || who == .operatorAdmin ? .forbidden : .hidden))
        #expect(CustomerPolicy.mayListExternalAccess(customer, actor: who.actor)
            == (who == .customerAdmin || who == .operatorAdmin ? .allowed : own ? .forbidden : .hidden))
    }

    @Test("audit: operators read any trail, admins their own org's, members none", arguments: Who.allCases)
    func audit(who: Who) {
        let actor = who.actor
        for requested in [nil, actor.orgID, Orgs.other] as [OrgID?] {
            let result = AuditPolicy.scope(requested: requested, actor: actor)
            if actor.isOperator { #expect(result == .success(requested)) }
            else if actor.role != .admin { #expect(result == .failure(.notAllowed)) }
            else if requested == Orgs.other { #expect(result == .failure(.notFound)) }
            else { #expect(result == .success(actor.orgID)) }
        }
    }

    @Test("relationships: the vendor opens them; operators list all, admins their own, members none", arguments: Who.allCases)
    func relationships(who: Who) {
        #expect(RelationshipPolicy.mayOpen(who.actor) == (who == .operatorAdmin ? .allowed : .forbidden))
        let expected: RelationshipScope = who == .operatorAdmin ? .all : who.actor.role == .admin ? .involving(who.actor.orgID) : .none
        #expect(RelationshipPolicy.listScope(who.actor) == expected)
    }

    @Test("console areas belong to their audience: a channel partner gets no Manage Customer Access")
    func consoleAreas() {
        let reseller = Actor(userID: UserID("r"), orgID: OrgID("res"), orgKind: .partner, role: .admin)
        #expect(Audience.of(reseller, program: .reseller) == .channelPartnerAdmin)
        #expect(Audience.of(reseller, program: .mssp) == .managedServiceAdmin)
        for audience in Audience.allCases {
            for area in ConsoleArea.allCases {
                let admitted = area == .common
                    || (area == .vendorDesk && audience == .vendorOperator)
                    || (area == .managedCustomers && audience == .managedServiceAdmin)
                    || (area == .externalAccess && audience == .customerAdmin)
                    || (area == .delegatedCustomers && audience == .delegatedCustomerAdmin)
                    || (area == .partnerSettings && [.vendorOperator, .managedServiceAdmin, .channelPartnerAdmin].contains(audience))
                    || (area == .auditTrail && [.vendorOperator, .managedServiceAdmin, .channelPartnerAdmin, .customerAdmin].contains(audience))
                    || (area == .accessReview && [.managedServiceAdmin, .channelPartnerAdmin, .customerAdmin].contains(audience))
                #expect(ConsolePolicy.mayOpen(area, audience: audience, namesRecord: false) == (admitted ? .allowed : .forbidden))
                #expect(ConsolePolicy.mayOpen(area, audience: audience, namesRecord: true) == (admitted ? .allowed : .hidden))
            }
        }
    }
}
