import Foundation
import StewardCore
import StewardStore

/// The use cases as one call each, for tests: each runs in its own transaction, as a handler runs it.
/// The `seed…` family writes records as test fixtures, without the rules a person's request goes through.
extension Store {
    public func assign(_ items: [AssignmentItem], by actor: Actor, viaTeam: Bool = false, mail: @escaping AccessMailComposer) async throws -> Written<[Membership]> {
        try await transaction(by: AuditActor(actor)) { try await MembershipManagement.assign(items, by: actor, viaTeam: viaTeam, mail: mail, in: $0) }
    }

    public func updateMembership(_ id: MembershipID, to draft: MembershipDraft, expectedVersion: Int?, by actor: Actor) async throws -> Written<Membership> {
        try await transaction(by: AuditActor(actor)) { try await MembershipManagement.update(id, to: draft, expectedVersion: expectedVersion, by: actor, in: $0) }
    }

    public func deleteMembership(_ id: MembershipID, by actor: Actor, mail: @escaping AccessMailComposer) async throws -> Written<Membership> {
        try await transaction(by: AuditActor(actor)) { try await MembershipManagement.delete(id, by: actor, mail: mail, in: $0) }
    }

    public func deactivateUser(_ id: UserID, by actor: Actor) async throws -> Written<User> {
        try await transaction(by: AuditActor(actor)) { try await UserManagement.deactivate(id, by: actor, in: $0) }
    }

    public func updateOrg(_ id: OrgID, _ changes: OrgChanges, expectedVersion: Int?, by actor: Actor) async throws -> Written<Org> {
        try await transaction(by: AuditActor(actor)) { try await OrgManagement.update(id, changes, expectedVersion: expectedVersion, by: actor, in: $0) }
    }

    /// Opens a relationship as the system does (no person's policy), attributed to `actor` in the audit trail.
    public func openRelationship(
        partner: OrgID, customer: OrgID, approvalWindow: TimeInterval, approvalTokenHash: String, by actor: AuditActor,
        mail: @escaping RelationshipMailComposer
    ) async throws -> Written<Relationship> {
        try await transaction(by: actor) {
            try await RelationshipManagement.open(
                partner: partner, customer: customer, approvalWindow: approvalWindow, approvalTokenHash: approvalTokenHash, by: nil, mail: mail, in: $0
            )
        }
    }

    public func transition(
        _ id: RelationshipID, _ action: RelationshipAction, by actor: Actor?, expectedVersion: Int? = nil, mail: @escaping RelationshipMailComposer,
        accessMail: @escaping AccessMailComposer = { _, _, _, _, _ in nil }
    ) async throws -> Written<Relationship> {
        try await transaction(by: actor.map(AuditActor.init) ?? .system) {
            try await RelationshipManagement.transition(id, action, by: actor, expectedVersion: expectedVersion, mail: mail, accessMail: accessMail, in: $0)
        }
    }

    public func answerThroughLink(
        tokenHash: String, _ action: RelationshipAction, by actor: Actor, mail: @escaping RelationshipMailComposer,
        accessMail: @escaping AccessMailComposer = { _, _, _, _, _ in nil }
    ) async throws -> Written<Relationship> {
        try await transaction(by: AuditActor(actor)) {
            try await RelationshipManagement.answerThroughLink(tokenHash: tokenHash, action, by: actor, mail: mail, accessMail: accessMail, in: $0)
        }
    }

    public func createOrg(_ new: NewOrg, by actor: AuditActor) async throws -> Written<Org> {
        try await transaction(by: actor) { records in
            let org = Org(
                id: records.newOrgID(), kind: new.kind, name: new.name, program: new.program, parentID: new.parentID, region: new.region,
                address: new.address, dataPrivilege: new.kind == .partner ? new.dataPrivilege ?? .partnerDefault : nil,
                createdAt: records.now, updatedAt: records.now
            )
            try await records.insert(org)
            return org
        }
    }

    public func seedLicense(
        customer: OrgID, product: String, kind: LicenseKind, region: String = "us", expiresAt: Date? = nil, by actor: AuditActor = .system
    ) async throws -> Written<License> {
        try await transaction(by: actor) { records in
            let license = License(
                id: records.newLicenseID(), customerID: customer, product: product, kind: kind, region: region,
                startsAt: records.now, expiresAt: expiresAt, createdAt: records.now
            )
            try await records.insert(license)
            return license
        }
    }

    public func setNotificationSettings(_ customer: OrgID, _ settings: NotificationSettings, by actor: Actor) async throws -> Written<NotificationSettings> {
        try await transaction(by: AuditActor(actor)) {
            try await NotificationSettingsManagement.replace(
                of: customer, onAccessGranted: settings.onAccessGranted, onAccessRemoved: settings.onAccessRemoved,
                recipients: settings.recipients.map(\.value), by: actor, in: $0
            )
        }
    }
}
