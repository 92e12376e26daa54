import Foundation
import StewardCore
import Testing

@Suite("relationship state machine")
struct RelationshipMachineTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let actions: [RelationshipAction] = [
        .approve(.support), .approve(.manage), .reject, .changePrivilege(.support), .changePrivilege(.manage), .revoke, .terminate, .expire,
    ]

    static func relationship(_ status: RelationshipStatus, windowPassed: Bool = false) -> Relationship {
        Relationship(
            id: RelationshipID("rel"), partnerID: OrgID("p"), customerID: OrgID("c"), status: status == .expired ? .pending : status,
            privilege: status == .active ? .support : nil, requestedAt: now.addingTimeInterval(-1000),
            approvalExpiresAt: status == .expired || windowPassed ? now.addingTimeInterval(-1) : now.addingTimeInterval(1000),
            version: 3, createdBy: nil, updatedAt: now.addingTimeInterval(-1000)
        )
    }

    /// The reference: SPEC §2's diagram and §4's actors, written as a table rather than as code paths.
    static func expected(_ status: RelationshipStatus, _ action: RelationshipAction, _ party: RelationshipParty) -> Result<RelationshipStatus, RelationshipRefusal> {
        let visible: Set<RelationshipParty> = [.operatorAdmin, .partnerAdmin, .customerAdmin, .system]
        guard visible.contains(party) else { return .failure(.hidden) }
        let allowed: [String: Set<RelationshipParty>] = [
            "approve": [.customerAdmin], "reject": [.customerAdmin], "changePrivilege": [.customerAdmin], "revoke": [.customerAdmin],
            "terminate": [.partnerAdmin, .operatorAdmin], "expire": [.system],
        ]
        let name = String(action.description.prefix { $0 != "(" })
        guard allowed[name]!.contains(party) else { return .failure(.forbidden) }
        let edges: [String: (RelationshipStatus, RelationshipStatus)] = [
            "approve": (.pending, .active), "reject": (.pending, .rejected), "changePrivilege": (.active, .active),
            "revoke": (.active, .revoked), "terminate": (.active, .terminated), "expire": (.expired, .expired),
        ]
        let (from, to) = edges[name]!
        return status == from ? .success(to) : .failure(.wrongState(status))
    }

    @Test("every state × action × actor follows SPEC §2 and §4", arguments: RelationshipStatus.allCases)
    func exhaustive(status: RelationshipStatus) {
        for action in Self.actions {
            for party in RelationshipParty.allCases {
                let before = Self.relationship(status)
                let outcome = Result { () throws(RelationshipRefusal) in try RelationshipMachine.apply(action, to: before, by: party, at: Self.now) }
                switch (outcome, Self.expected(status, action, party)) {
                case (.success(let after), .success(let status)):
                    #expect(after.status == status, "\(status) \(action) \(party)")
                    #expect(after.version == before.version + 1 && after.updatedAt == Self.now)
                case (.failure(let got), .failure(let want)):
                    #expect(got == want, "\(status) \(action) \(party)")
                default:
                    Issue.record("\(status) \(action) \(party): got \(outcome), expected \(Self.expected(status, action, party))")
                }
            }
        }
    }

    @Test("approval sets the chosen privilege and the decision time")
    func approveSetsPrivilege() throws {
        let after = try RelationshipMachine.apply(.approve(.manage), to: Self.relationship(.pending), by: .customerAdmin, at: Self.now)
        #expect(after.privilege == .manage && after.decidedAt == Self.now && after.endedAt == nil)
    }

    @Test("a pending request past its window reads as expired and can no longer be approved")
    func windowPassed() {
        let stale = Self.relationship(.pending, windowPassed: true)
        #expect(stale.status(at: Self.now) == .expired)
        #expect(throws: RelationshipRefusal.wrongState(.expired)) {
            try RelationshipMachine.apply(.approve(.support), to: stale, by: .customerAdmin, at: Self.now)
        }
    }

    @Test("ending a relationship records when it ended", arguments: [(RelationshipAction.revoke, RelationshipParty.customerAdmin), (.terminate, .partnerAdmin), (.terminate, .operatorAdmin)])
    func endedAt(action: RelationshipAction, party: RelationshipParty) throws {
        let after = try RelationshipMachine.apply(action, to: Self.relationship(.active), by: party, at: Self.now)
        #expect(after.endedAt == Self.now && !after.status.isOpen)
    }

    @Test("actors are classified by their home org and role")
    func parties() {
        let partner = OrgID("p"), customer = OrgID("c")
        func party(_ org: OrgID, _ kind: OrgKind, _ role: HomeRole) -> RelationshipParty {
            RelationshipParty.of(Actor(userID: UserID("u"), orgID: org, orgKind: kind, role: role), partner: partner, customer: customer)
        }
        #expect(party(OrgID("v"), .vendor, .admin) == .operatorAdmin)
        #expect(party(OrgID("v"), .vendor, .member) == .stranger)
        #expect(party(partner, .partner, .admin) == .partnerAdmin)
        #expect(party(partner, .partner, .member) == .partnerMember)
        #expect(party(customer, .customer, .admin) == .customerAdmin)
        #expect(party(customer, .customer, .member) == .customerMember)
        #expect(party(OrgID("other"), .customer, .admin) == .stranger)
    }

    @Test("only mssp, mdr and msp partners may hold a relationship, and only with a customer", arguments: PartnerProgram.allCases)
    func pairs(program: PartnerProgram) {
        let date = Self.now
        let partner = Org(id: OrgID("p"), kind: .partner, name: "P", program: program, createdAt: date, updatedAt: date)
        let customer = Org(id: OrgID("c"), kind: .customer, name: "C", region: "us", createdAt: date, updatedAt: date)
        var validator = Validator()
        RelationshipMachine.validatePair(partner: partner, customer: customer, into: &validator)
        #expect(validator.errors.isEmpty == program.mayHoldRelationships)
        var swapped = Validator()
        RelationshipMachine.validatePair(partner: customer, customer: partner, into: &swapped)
        #expect(Set(swapped.errors.map(\.field)) == ["partner_id", "customer_id"])
    }

    @Test("relationship mail names the parties and carries the approval link")
    func mail() {
        let to = [EmailAddress("a@c.example")!]
        let request = RelationshipMail.requested(partner: "Acme", customer: "Globex", approvalURL: "https://s/approve/t", expiresAt: Self.now, to: to)
        #expect(request.subject.contains("Acme") && request.body.contains("https://s/approve/t") && request.kind == "relationship.requested")
        let revoked = RelationshipMail.decided(.revoke, relationship: Self.relationship(.revoked), partner: "Acme", customer: "Globex", to: to)
        #expect(revoked.kind == "relationship.revoked" && revoked.body.contains("revoked"))
    }
}
