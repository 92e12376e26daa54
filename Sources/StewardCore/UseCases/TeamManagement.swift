import Foundation

/// A membership with the user and home org behind it, for external-access lists.
public struct MembershipWithUser: Sendable {
    public var membership: Membership
    public var user: User
    public var homeOrg: Org

    public init(membership: Membership, user: User, homeOrg: Org) {
        self.membership = membership
        self.user = user
        self.homeOrg = homeOrg
    }
}

/// What the customer's own screens read: committed state, or a transaction's.
public protocol TeamReading: Sendable {
    var now: Date { get }
    func org(_ id: OrgID) async throws -> Org?
    /// Memberships on the tenant, each with its user and home org, oldest first; statuses read as of now.
    func memberships(on tenant: OrgID) async throws -> [MembershipWithUser]
    /// The active user with this email, if any.
    func activeUser(email: EmailAddress) async throws -> User?
}

/// Everything adding to a team reads and writes, inside one transaction.
public protocol TeamRecords: TeamReading, MembershipRecords {}

/// A customer's own view of who from outside holds access, and its team (SPEC §4, §6).
public enum TeamManagement {
    /// Everyone from outside the customer whose access has not ended: its admins and operators.
    public static func externalAccess(of tenant: OrgID, by actor: Actor, in records: some TeamReading) async throws -> [MembershipWithUser] {
        try CustomerPolicy.mayListExternalAccess(try await records.org(tenant), actor: actor).require()
        return try await records.memberships(on: tenant).filter { $0.membership.source != .home && $0.membership.status != .ended }
    }

    /// Whether `actor` may add to the tenant's team: asked before the request body is read.
    public static func requireTeamAdmin(of tenant: OrgID, by actor: Actor, in records: some TeamReading) async throws {
        try CustomerPolicy.mayAddToTeam(try await records.org(tenant), actor: actor).require()
    }

    /// A customer admin gives a user of another org, found by email, access as a member of their team.
    public static func add(
        email: EmailAddress, _ draft: MembershipDraft, to tenant: OrgID, by actor: Actor, mail: AccessMailComposer, in records: some TeamRecords
    ) async throws -> Membership {
        try await requireTeamAdmin(of: tenant, by: actor, in: records)
        guard let user = try await records.activeUser(email: email) else { throw Refused.noActiveUserWithEmail }
        // SPEC §2: one live membership per user and tenant; a second is a conflict with the one that exists.
        if try await records.liveMembership(user: user.id, tenant: tenant) != nil {
            throw Refused.conflict("this person already has access to this customer; edit that access instead")
        }
        let item = AssignmentItem(userID: user.id, tenantID: tenant, draft: draft)
        return try await MembershipManagement.assign([item], by: actor, viaTeam: true, mail: mail, in: records)[0]
    }
}
