import Foundation

/// Assigning, editing, removing, ending and expiring access (SPEC §4), each decided by `MembershipRules`
/// over what the same transaction reads, and written with its audit event and email.
public enum MembershipManagement {
    /// Creates memberships atomically: any failing item (invalid, not found, not allowed, a duplicate) fails
    /// the whole request, and the caller's transaction writes nothing. `viaTeam` is a customer admin adding to their team.
    public static func assign(
        _ items: [AssignmentItem], by actor: Actor, viaTeam: Bool = false, mail: AccessMailComposer, in records: some MembershipRecords
    ) async throws -> [Membership] {
        var failures: [Int: ManagementRefusal] = [:]
        var created: [Membership] = []
        var seen = Set<String>()
        for (index, item) in items.enumerated() {
            do {
                guard seen.insert("\(item.userID)|\(item.tenantID)").inserted else {
                    throw ManagementRefusal.invalid(field: "user_id", message: "appears twice for this tenant")
                }
                created.append(try await grant(item, by: actor, viaTeam: viaTeam, mail: mail, in: records))
            } catch let refusal as ManagementRefusal {
                failures[index] = refusal
            } catch let error where Refused.is(.hidden, error) {
                failures[index] = MembershipRules.itemNotFoundRefusal(subject: try await records.user(item.userID), actor: actor)
            }
        }
        if !failures.isEmpty { throw BulkRefusal(failures) }
        return created
    }

    /// Edits a membership if allowed and based on the current version (`expectedVersion` is the client's `If-Match`).
    public static func update(
        _ id: MembershipID, to draft: MembershipDraft, expectedVersion: Int?, by actor: Actor, in records: some MembershipRecords
    ) async throws -> Membership {
        let (existing, facts) = try await editable(id, by: actor, in: records)
        try MembershipRules.mayEdit(existing, to: draft, facts: facts).get()
        if let expectedVersion, expectedVersion != existing.version { throw Refused.stale(current: existing.version) }
        guard !MembershipDiff.between(MembershipDraft(existing), draft).isEmpty || existing.status(at: records.now) == .expired else { return existing }
        var updated = existing.applying(draft)
        updated.status = MembershipRules.statusAfterEdit(updated.status, expiresAt: updated.expiresAt, now: records.now)
        updated.version += 1
        updated.updatedAt = records.now
        try await records.replace(existing, with: updated, action: "membership.updated", related: facts.subject.orgID)
        return updated
    }

    /// What an edit would do, without doing it; refused exactly as the edit would be.
    public static func preview(
        _ id: MembershipID, to draft: MembershipDraft, by actor: Actor, in records: some MembershipReading
    ) async throws -> (original: Membership, updated: Membership, diff: MembershipDiff) {
        let (existing, facts) = try await editable(id, by: actor, in: records)
        try MembershipRules.mayEdit(existing, to: draft, facts: facts).get()
        return (existing, existing.applying(draft), MembershipDiff.between(MembershipDraft(existing), draft))
    }

    /// Removes access at once; the membership remains in the audit trail only.
    public static func delete(_ id: MembershipID, by actor: Actor, mail: AccessMailComposer, in records: some MembershipRecords) async throws -> Membership {
        let (existing, facts) = try await editable(id, by: actor, in: records)
        try MembershipRules.mayDelete(existing, facts: facts).get()
        try await records.delete(existing, related: facts.subject.orgID)
        if existing.status(at: records.now) == .active {
            try await notify("removed", existing, subject: facts.subject, tenant: facts.tenant, mail: mail, in: records)
        }
        return existing
    }

    /// Gives `user` role `admin` on `product` in their membership on `customer`: an edit of the one they
    /// hold, or a new assignment, each under its own rules and with its own audit event and email.
    public static func grantProductAdmin(
        _ user: UserID, product: String, customer: OrgID, by actor: Actor, mail: AccessMailComposer, in records: some MembershipRecords
    ) async throws {
        let grant = ProductGrant(product: product, role: "admin")
        do {
            if let existing = try await records.liveMembership(user: user, tenant: customer) {
                var draft = MembershipDraft(existing)
                draft.products = draft.products.filter { $0.product != product } + [grant]
                _ = try await update(existing.id, to: draft, expectedVersion: nil, by: actor, in: records)
            } else {
                let item = AssignmentItem(userID: user, tenantID: customer, draft: MembershipDraft(platformAdmin: false, expiresAt: nil, products: [grant]))
                _ = try await self.grant(item, by: actor, viaTeam: false, mail: mail, in: records)
            }
        } catch let error where Refused.is(.hidden, error) {
            throw ValidationFailure([FieldError("product_admin_user_id", "is not an active user")])
        }
    }

    /// Ends every membership given that has not ended: its relationship ended, or its user was deactivated.
    public static func end(_ memberships: [Membership], related: OrgID?, in records: some MembershipWriting) async throws {
        for membership in memberships where membership.status != .ended {
            var ended = membership
            ended.status = .ended
            ended.version += 1
            ended.updatedAt = records.now
            try await records.replace(membership, with: ended, action: "membership.ended", related: related)
        }
    }

    /// Records `membership.expired` and its email once, when the membership's time has passed; false otherwise.
    public static func expire(_ id: MembershipID, mail: AccessMailComposer, in records: some MembershipRecords) async throws -> Bool {
        guard let membership = try await records.membership(id), membership.status == .active,
              membership.status(at: records.now) == .expired
        else { return false }
        var expired = membership
        expired.status = .expired
        expired.version += 1
        expired.updatedAt = records.now
        let subject = try await records.user(membership.userID)
        try await records.replace(membership, with: expired, action: "membership.expired", related: subject?.orgID)
        if let subject, let tenant = try await records.org(membership.tenantID) {
            try await notify("expired", expired, subject: subject, tenant: tenant, mail: mail, in: records)
        }
        return true
    }

    private static func grant(
        _ item: AssignmentItem, by actor: Actor, viaTeam: Bool, mail: AccessMailComposer, in records: some MembershipRecords
    ) async throws -> Membership {
        let facts = try await records.facts(for: actor, tenant: item.tenantID, subject: item.userID)
        let source = try MembershipRules.mayCreate(item.draft, facts: facts, viaTeam: viaTeam).get()
        if try await records.liveMembership(user: item.userID, tenant: item.tenantID) != nil {
            throw ManagementRefusal.invalid(field: "user_id", message: "already has access to this tenant")
        }
        let membership = Membership(
            id: records.newMembershipID(), userID: item.userID, tenantID: item.tenantID, source: source,
            relationshipID: source == .partner ? facts.subjectRelationship?.id.rawValue : nil, platformAdmin: item.draft.platformAdmin,
            expiresAt: item.draft.expiresAt, products: item.draft.products, createdBy: actor.userID, createdAt: records.now, updatedAt: records.now
        )
        try await records.insert(membership, related: facts.subject.orgID)
        try await notify("granted", membership, subject: facts.subject, tenant: facts.tenant, mail: mail, in: records)
        return membership
    }

    /// A membership and the facts about managing it; 404 when the actor may not see it, 409 once it has ended.
    private static func editable(_ id: MembershipID, by actor: Actor, in records: some MembershipReading) async throws -> (Membership, ManagementFacts) {
        guard let existing = try await records.membership(id) else { throw Refused.notFound }
        let facts = try await records.facts(for: actor, tenant: existing.tenantID, subject: existing.userID)
        guard MembershipRules.maySee(existing, facts: facts) else { throw Refused.notFound }
        guard existing.status != .ended else { throw Refused.conflict("this access has ended; a new assignment is needed") }
        return (existing, facts)
    }

    /// Queues an access email to the customer's recipients when its settings want it (`AccessMailRule`).
    static func notify(
        _ event: String, _ membership: Membership, subject: User, tenant: Org, mail: AccessMailComposer, in records: some MailRecords
    ) async throws {
        guard tenant.kind == .customer else { return }
        let settings = try await records.notificationSettings(of: tenant.id)
        guard AccessMailRule.sends(event, membership, tenant: tenant, settings: settings) else { return }
        let to = AccessMailRule.recipients(settings, admins: try await records.adminEmails(of: tenant.id))
        try await records.enqueue(mail(event, membership, subject, tenant, to))
    }
}

extension Membership {
    /// This membership with the draft's fields.
    func applying(_ draft: MembershipDraft) -> Membership {
        var updated = self
        updated.platformAdmin = draft.platformAdmin
        updated.expiresAt = draft.expiresAt
        updated.products = draft.products
        return updated
    }
}
