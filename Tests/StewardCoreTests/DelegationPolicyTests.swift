import Foundation
import StewardCore
import Testing

@Suite("delegated customer admins (SPEC §1)")
struct DelegationPolicyTests {
    @Test("the admin flag on a live partner membership under an active manage relationship, and nothing less, delegates")
    func administers() {
        let own = Rules.membership("a1", admin: true)
        let manage = Rules.relationship("P")
        #expect(DelegationPolicy.administers(own, under: manage, at: Rules.now))
        #expect(!DelegationPolicy.administers(own, under: Rules.relationship("P", privilege: .support), at: Rules.now))
        // The vendor's privilege caps the customer's choice: manage chosen, support or none allowed, no delegation.
        #expect(!DelegationPolicy.administers(own, under: Rules.relationship("P", vendor: .support), at: Rules.now))
        #expect(!DelegationPolicy.administers(own, under: Rules.relationship("P", vendor: .noAccess), at: Rules.now))
        #expect(!DelegationPolicy.administers(own, under: Rules.relationship("P", status: .revoked), at: Rules.now))
        #expect(!DelegationPolicy.administers(own, under: nil, at: Rules.now))
        var elsewhere = Rules.relationship("P")
        elsewhere.customerID = OrgID("other")
        #expect(!DelegationPolicy.administers(own, under: elsewhere, at: Rules.now), "a relationship with another customer says nothing")
        #expect(!DelegationPolicy.administers(Rules.membership("a1"), under: manage, at: Rules.now), "no admin flag")
        #expect(!DelegationPolicy.administers(Rules.membership("a1", admin: true, expires: Rules.now), under: manage, at: Rules.now), "expired")
        #expect(!DelegationPolicy.administers(Rules.membership("a1", source: .team, admin: true), under: manage, at: Rules.now))
    }

    @Test("the limits are the roles no stronger than one's own on licensed products, until one's own expiry")
    func limits() {
        let ends = Rules.now.addingTimeInterval(3600)
        let own = Rules.membership("a1", admin: true, expires: ends, products: [
            ProductGrant(product: "edr", role: "analyst"), ProductGrant(product: "siem", role: "viewer"), ProductGrant(product: "email", role: "admin"),
        ])
        let limits = DelegationPolicy.limits(of: own, roles: Rules.roles, licensed: ["edr", "siem"])
        #expect(limits.roles == ["edr": ["viewer", "analyst"], "siem": ["viewer"]])
        #expect(limits.latestExpiry == ends)
        #expect(limits.allows(expiry: ends) && !limits.allows(expiry: ends.addingTimeInterval(1)) && !limits.allows(expiry: nil))
        #expect(DelegationLimits(roles: [:], latestExpiry: nil).allows(expiry: nil), "a permanent delegate may grant permanent access")
    }

    /// The reference: roles ranked viewer < analyst < admin, as `Rules.roles` defines them for every product.
    static func referenceAllows(_ draft: MembershipDraft, own: Membership) -> Bool {
        let rank = ["viewer": 0, "analyst": 1, "admin": 2]
        let grantsFit = draft.products.allSatisfy { grant in
            guard let mine = own.products.first(where: { $0.product == grant.product }) else { return false }
            return rank[grant.role]! <= rank[mine.role]!
        }
        let timeFits = own.expiresAt.map { limit in draft.expiresAt.map { $0 <= limit } ?? false } ?? true
        return grantsFit && timeFits
    }

    @Test("a form's limits and the assignment rule agree with a simple reference on random proposals", arguments: 0..<4)
    func agreesWithReference(seed: Int) {
        var random = SeededGenerator(state: UInt64(seed) &+ 0xD1E6)
        let products = ["edr", "siem"]
        let roles = ["viewer", "analyst", "admin"]
        let times: [Date?] = [nil, Rules.now.addingTimeInterval(600), Rules.now.addingTimeInterval(86400), Rules.now.addingTimeInterval(90000)]
        for _ in 0..<300 {
            let held = products.filter { _ in Bool.random(using: &random) }.map { ProductGrant(product: $0, role: roles.randomElement(using: &random)!) }
            let own = Rules.membership("a1", admin: true, expires: times.randomElement(using: &random)!, products: held)
            let wanted = products.filter { _ in Bool.random(using: &random) }.map { ProductGrant(product: $0, role: roles.randomElement(using: &random)!) }
            let draft = MembershipDraft(platformAdmin: Bool.random(using: &random), expiresAt: times.randomElement(using: &random)!, products: wanted)
            var facts = Rules.delegated()
            facts.actorMembership = own
            let expected = Self.referenceAllows(draft, own: own)
            let limits = DelegationPolicy.limits(of: own, roles: Rules.roles, licensed: facts.licensedProducts)
            #expect(limits.covers(draft) == expected, "limits: own \(held) until \(String(describing: own.expiresAt)), draft \(draft)")
            let decided = MembershipRules.mayCreate(draft, facts: facts)
            #expect((try? decided.get()) != nil || !expected, "refused within limits: \(draft)")
            #expect(expected || decided.isForbidden, "allowed beyond limits: \(draft)")
        }
    }

    @Test("an edit form offers what the edit rule allows: everything, roles only, or no more than one's own")
    func editScope() {
        let colleague = Rules.membership("a2", products: [ProductGrant(product: "edr", role: "viewer")])
        let delegated = Rules.delegated()
        guard case .withinDelegation(let limits) = MembershipRules.editScope(colleague, facts: delegated) else {
            Issue.record("a delegate editing a colleague is bounded")
            return
        }
        #expect(limits.roles == ["edr": ["viewer", "analyst"]])
        var own = delegated
        own.subject = Rules.user("a1", org: "P")
        if case .rolesOnly = MembershipRules.editScope(Rules.membership("a1", admin: true), facts: own) {} else { Issue.record("own access: roles only") }
        #expect(MembershipRules.editScope(colleague, facts: Rules.facts(actor: Rules.partnerAdmin, subject: Rules.analyst)) == .everything)
        if case .rolesOnly = MembershipRules.editScope(colleague, facts: Rules.facts(actor: Rules.customerAdmin, subject: Rules.analyst)) {} else {
            Issue.record("a customer admin changes roles only")
        }
        if case .rolesOnly = MembershipRules.editScope(Rules.membership("a2", source: .home), facts: Rules.facts(actor: Rules.partnerAdmin, subject: Rules.analyst)) {} else {
            Issue.record("a home membership changes roles only")
        }
    }
}

@Suite("refusals in words")
struct RefusalWordsTests {
    @Test("what a form shows names no field and no index; the API's detail keeps them")
    func noFieldNames() {
        let facts = Rules.facts(actor: Rules.partnerAdmin, subject: Rules.analyst)
        let drafts = [
            MembershipDraft(platformAdmin: false, expiresAt: nil, products: [ProductGrant(product: "nope", role: "viewer")]),
            MembershipDraft(platformAdmin: false, expiresAt: nil, products: [ProductGrant(product: "edr", role: "owner")]),
            MembershipDraft(platformAdmin: false, expiresAt: nil, products: [ProductGrant(product: "email", role: "viewer")]),
            MembershipDraft(platformAdmin: false, expiresAt: Rules.now.addingTimeInterval(-1), products: []),
        ]
        for draft in drafts {
            guard case .failure(let refusal) = MembershipRules.mayCreate(draft, facts: facts) else {
                Issue.record("refused: \(draft)")
                continue
            }
            #expect(refusal.itemDetail.contains("products[") || refusal.itemDetail.contains("expires_at"), "\(refusal.itemDetail)")
            #expect(!refusal.inWords.contains("[") && !refusal.inWords.contains("_"), "\(refusal.inWords)")
        }
        let deactivated = MembershipRules.itemNotFoundRefusal(subject: {
            var user = Rules.analyst
            user.status = .deactivated
            return user
        }(), actor: Rules.partnerAdmin)
        #expect(deactivated.itemDetail == "user_id is deactivated" && deactivated.inWords == "is deactivated")
        #expect(!ManagementRefusal.forbidden("a rule").inWords.contains("_"))
    }
}
