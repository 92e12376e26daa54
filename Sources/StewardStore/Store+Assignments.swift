import Foundation
import SQLKit
import StewardCore

/// One item of a bulk assignment.
public struct AssignmentItem: Sendable {
    public var userID: UserID
    public var tenantID: OrgID
    public var draft: MembershipDraft

    public init(userID: UserID, tenantID: OrgID, draft: MembershipDraft) {
        self.userID = userID
        self.tenantID = tenantID
        self.draft = draft
    }
}

/// A bulk request refused as a whole: each failing item by its 0-based index.
public struct BulkRefusal: Refusal, Equatable {
    public var items: [Int: String]

    public init(items: [Int: String]) { self.items = items }

    public var refused: Refused {
        Refused(.invalid, "some items failed; nothing was written", items: items.sorted { $0.key < $1.key }.map { ItemError(index: $0.key, detail: $0.value) })
    }
}

/// Makes the access emails of SPEC §6 for a customer, given its recipients; nil sends nothing.
public typealias AccessMailComposer = @Sendable (_ event: String, _ membership: Membership, _ subject: User, _ tenant: Org, _ to: [EmailAddress]) -> MailMessage?

extension Store {
    /// Creates memberships atomically: any failing item (invalid, not found, not allowed, a duplicate) fails
    /// the whole request and nothing is written. `viaTeam` is a customer admin adding to their team.
    public func assign(_ items: [AssignmentItem], by actor: Actor, viaTeam: Bool = false, mail: @escaping AccessMailComposer) async throws -> Written<[Membership]> {
        try await write(AuditActor(actor)) { tx in
            var failures: [Int: String] = [:]
            var created: [Membership] = []
            var seen = Set<String>()
            for (index, item) in items.enumerated() {
                do {
                    guard seen.insert("\(item.userID)|\(item.tenantID)").inserted else { throw ManagementRefusal.invalid(field: "user_id", message: "appears twice for this tenant") }
                    let facts = try await Self.managementFacts(actor: actor, tenant: item.tenantID, subject: item.userID, now: tx.now, in: tx.db)
                    let source = try MembershipRules.mayCreate(item.draft, facts: facts, viaTeam: viaTeam).get()
                    if try await Self.membership(user: item.userID, tenant: item.tenantID, in: tx.db) != nil {
                        throw ManagementRefusal.invalid(field: "user_id", message: "already has access to this tenant")
                    }
                    let membership = Membership(
                        id: MembershipID(IDGenerator.make("mem", at: tx.now)), userID: item.userID, tenantID: item.tenantID, source: source,
                        relationshipID: source == .partner ? facts.subjectRelationship?.id.rawValue : nil, platformAdmin: item.draft.platformAdmin,
                        expiresAt: item.draft.expiresAt, products: item.draft.products, createdBy: actor.userID, createdAt: tx.now, updatedAt: tx.now
                    )
                    try await Self.insert(membership, in: tx.db)
                    try await tx.changed(.membership(user: item.userID.rawValue, tenant: item.tenantID.rawValue))
                    try await tx.audit(
                        "membership.created", target: "membership", id: membership.id.rawValue, tenant: item.tenantID,
                        related: facts.subject.orgID, after: membership
                    )
                    try await Self.notifyAccess("granted", membership, subject: facts.subject, tenant: facts.tenant, in: tx, mail: mail)
                    created.append(membership)
                } catch let refusal as ManagementRefusal {
                    failures[index] = refusal.itemDetail
                } catch let error where Refused.is(.hidden, error) {
                    failures[index] = try await Self.notFoundMessage(item, actor: actor, in: tx.db)
                }
            }
            if !failures.isEmpty { throw BulkRefusal(items: failures) }
            return created
        }
    }

    /// An item whose user or tenant was not found: `MembershipRules.itemNotFound` says what the actor may learn.
    static func notFoundMessage(_ item: AssignmentItem, actor: Actor, in db: any SQLDatabase) async throws -> String {
        MembershipRules.itemNotFound(subject: try await user(item.userID, in: db), actor: actor)
    }

    /// Applies an edit if allowed and based on the current version; records `membership.updated`.
    public func updateMembership(_ id: MembershipID, to draft: MembershipDraft, expectedVersion: Int?, by actor: Actor) async throws -> Written<Membership> {
        try await write(AuditActor(actor)) { tx in
            let (existing, facts) = try await Self.existing(id, actor: actor, now: tx.now, in: tx.db)
            try MembershipRules.mayEdit(existing, to: draft, facts: facts).get()
            if let expectedVersion, expectedVersion != existing.version { throw Refused.stale(current: existing.version) }
            var updated = existing
            updated.platformAdmin = draft.platformAdmin
            updated.expiresAt = draft.expiresAt
            updated.products = draft.products
            guard !MembershipDiff.between(MembershipDraft(existing), draft).isEmpty || existing.status(at: tx.now) == .expired else { return existing }
            updated.status = MembershipRules.statusAfterEdit(updated.status, expiresAt: updated.expiresAt, now: tx.now)
            updated.version += 1
            updated.updatedAt = tx.now
            try await tx.db.raw("""
                UPDATE memberships SET platform_admin = \(bind: updated.platformAdmin ? 1 : 0), expires_at = \(bind: updated.expiresAt.map(Columns.millis)),
                    products = \(bind: try Columns.json(updated.products)), status = \(bind: updated.status.rawValue), version = \(bind: updated.version),
                    updated_at = \(bind: Columns.millis(tx.now))
                WHERE id = \(bind: id.rawValue)
                """).run()
            try await tx.changed(.membership(user: existing.userID.rawValue, tenant: existing.tenantID.rawValue))
            try await tx.audit("membership.updated", target: "membership", id: id.rawValue, tenant: existing.tenantID, related: facts.subject.orgID, before: existing, after: updated)
            return updated
        }
    }

    /// What an edit would do, without doing it; refused exactly as the edit would be.
    public func previewMembership(_ id: MembershipID, to draft: MembershipDraft, by actor: Actor) async throws -> (Membership, Membership, MembershipDiff) {
        let now = self.now
        return try await read { db in
            let (existing, facts) = try await Self.existing(id, actor: actor, now: now, in: db)
            try MembershipRules.mayEdit(existing, to: draft, facts: facts).get()
            var updated = existing
            updated.platformAdmin = draft.platformAdmin
            updated.expiresAt = draft.expiresAt
            updated.products = draft.products
            return (existing, updated, MembershipDiff.between(MembershipDraft(existing), draft))
        }
    }

    /// Removes access at once; the membership remains in the audit log only.
    public func deleteMembership(_ id: MembershipID, by actor: Actor, mail: @escaping AccessMailComposer) async throws -> Written<Membership> {
        try await write(AuditActor(actor)) { tx in
            let (existing, facts) = try await Self.existing(id, actor: actor, now: tx.now, in: tx.db)
            try MembershipRules.mayDelete(existing, facts: facts).get()
            try await tx.db.raw("DELETE FROM memberships WHERE id = \(bind: id.rawValue)").run()
            try await tx.changed(.membership(user: existing.userID.rawValue, tenant: existing.tenantID.rawValue))
            try await tx.audit("membership.deleted", target: "membership", id: id.rawValue, tenant: existing.tenantID, related: facts.subject.orgID, before: existing)
            if existing.status(at: tx.now) == .active {
                try await Self.notifyAccess("removed", existing, subject: facts.subject, tenant: facts.tenant, in: tx, mail: mail)
            }
            return existing
        }
    }

    /// A membership and the facts about managing it, or 404 when the actor may not see it.
    static func existing(_ id: MembershipID, actor: Actor, now: Date, in db: any SQLDatabase) async throws -> (Membership, ManagementFacts) {
        guard let existing = try await db.raw("SELECT \(unsafeRaw: Membership.columns) FROM memberships WHERE id = \(bind: id.rawValue)")
            .first().map(Membership.init(row:))
        else { throw Refused.notFound }
        let facts = try await managementFacts(actor: actor, tenant: existing.tenantID, subject: existing.userID, now: now, in: db)
        guard MembershipRules.maySee(existing, facts: facts) else { throw Refused.notFound }
        guard existing.status != .ended else { throw Refused.conflict("this access has ended; a new assignment is needed") }
        return (existing, facts)
    }

    /// Everything the management rules need, read in the caller's transaction.
    static func managementFacts(
        actor: Actor, tenant tenantID: OrgID, subject subjectID: UserID, now: Date, requireActiveSubject: Bool = true, in db: any SQLDatabase
    ) async throws -> ManagementFacts {
        guard let tenant = try await org(tenantID, in: db), let subject = try await user(subjectID, in: db),
              subject.status == .active || !requireActiveSubject,
              let subjectOrg = try await org(subject.orgID, in: db)
        else { throw Refused.notFound }
        let actorMembership = try await membership(user: actor.userID, tenant: tenantID, in: db)
        let actorRelationship = try await actorMembership?.relationshipID.map(RelationshipID.init).asyncMap { try await relationship($0, in: db) } ?? nil
        let licensed = Set(try await licenses(of: tenantID, in: db).filter { $0.isValid(at: now) }.map(\.product))
        return ManagementFacts(
            actor: actor, tenant: tenant, subject: subject, subjectOrgKind: subjectOrg.kind,
            subjectRelationship: try await openRelationship(partner: subject.orgID, customer: tenantID, in: db),
            actorMembership: actorMembership, actorRelationship: actorRelationship, licensedProducts: licensed,
            roles: try await roleTable(in: db), now: now
        )
    }

    /// The open (pending or active) relationship of a pair, if any.
    static func openRelationship(partner: OrgID, customer: OrgID, in db: any SQLDatabase) async throws -> Relationship? {
        try await db.raw("""
            SELECT \(unsafeRaw: Relationship.columns) FROM relationships
            WHERE partner_id = \(bind: partner.rawValue) AND customer_id = \(bind: customer.rawValue) AND status IN ('pending', 'active')
            """).first().map(Relationship.init(row:))
    }

    /// Enqueues an access email to the customer's recipients when its settings want it (SPEC §6).
    static func notifyAccess(_ event: String, _ membership: Membership, subject: User, tenant: Org, in tx: WriteTransaction, mail: AccessMailComposer) async throws {
        guard tenant.kind == .customer else { return }
        let settings = try await notificationSettings(tenant.id, in: tx.db)
        guard AccessMailRule.sends(event, membership, tenant: tenant, settings: settings) else { return }
        let to = AccessMailRule.recipients(settings, admins: try await adminEmails(of: tenant.id, in: tx.db))
        try await enqueue(mail(event, membership, subject, tenant, to), in: tx)
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
