import Foundation
import SQLKit
import StewardCore

extension StoreTransaction: MembershipRecords {
    public func membership(_ id: MembershipID) async throws -> Membership? { try await Store.membership(id, in: tx.db) }

    public func facts(for actor: Actor, tenant: OrgID, subject: UserID) async throws -> ManagementFacts {
        try await Store.managementFacts(actor: actor, tenant: tenant, subject: subject, now: tx.now, in: tx.db)
    }

    public func liveMembership(user: UserID, tenant: OrgID) async throws -> Membership? {
        try await Store.membership(user: user, tenant: tenant, in: tx.db)
    }

    public func newMembershipID() -> MembershipID { MembershipID(IDGenerator.make("mem", at: tx.now)) }

    public func insert(_ membership: Membership, related: OrgID?) async throws {
        try await Store.insert(membership, in: tx.db)
        try await tx.changed(.membership(user: membership.userID.rawValue, tenant: membership.tenantID.rawValue))
        try await tx.audit("membership.created", target: "membership", id: membership.id.rawValue, tenant: membership.tenantID, related: related, after: membership.audited)
    }

    public func replace(_ before: Membership, with after: Membership, action: String, related: OrgID?) async throws {
        try await tx.db.raw("""
            UPDATE memberships SET platform_admin = \(bind: after.platformAdmin ? 1 : 0), expires_at = \(bind: after.expiresAt.map(Columns.millis)),
                products = \(bind: try Columns.json(after.products)), status = \(bind: after.status.rawValue), version = \(bind: after.version),
                updated_at = \(bind: Columns.millis(after.updatedAt))
            WHERE id = \(bind: before.id.rawValue)
            """).run()
        try await tx.changed(.membership(user: before.userID.rawValue, tenant: before.tenantID.rawValue))
        try await tx.audit(action, target: "membership", id: before.id.rawValue, tenant: before.tenantID, related: related, before: before.audited, after: after.audited)
    }

    public func delete(_ membership: Membership, related: OrgID?) async throws {
        try await tx.db.raw("DELETE FROM memberships WHERE id = \(bind: membership.id.rawValue)").run()
        try await tx.changed(.membership(user: membership.userID.rawValue, tenant: membership.tenantID.rawValue))
        try await tx.audit("membership.deleted", target: "membership", id: membership.id.rawValue, tenant: membership.tenantID, related: related, before: membership.audited)
    }

    public func notificationSettings(of customer: OrgID) async throws -> NotificationSettings {
        try await Store.notificationSettings(customer, in: tx.db)
    }

    public func adminEmails(of org: OrgID) async throws -> [EmailAddress] { try await Store.adminEmails(of: org, in: tx.db) }

    public func enqueue(_ message: MailMessage?) async throws { try await Store.enqueue(message, in: tx) }
}

/// Committed state, for a preview that writes nothing.
extension Store: MembershipReading {
    public func facts(for actor: Actor, tenant: OrgID, subject: UserID) async throws -> ManagementFacts {
        let now = self.now
        return try await read { db in try await Self.managementFacts(actor: actor, tenant: tenant, subject: subject, now: now, in: db) }
    }
}
