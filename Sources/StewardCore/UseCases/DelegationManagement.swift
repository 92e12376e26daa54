import Foundation

/// One customer in the delegation view: make the user a platform administrator there, or stop.
public struct DelegationChange: Sendable {
    public var tenantID: OrgID
    public var delegate: Bool

    public init(tenantID: OrgID, delegate: Bool) {
        self.tenantID = tenantID
        self.delegate = delegate
    }
}

/// Mimecast's delegation view (issue 11, point 8): the admin flag of one partner user across many managed
/// customers in one all-or-nothing change. Each customer goes through the ordinary membership rules (a new
/// membership with the flag and no products, or an edit of the flag), with its own audit event and mail.
public enum DelegationManagement {
    public static func apply(
        _ changes: [DelegationChange], for user: UserID, by actor: Actor, mail: AccessMailComposer, in records: some MembershipRecords
    ) async throws -> Int {
        var failures: [Int: ManagementRefusal] = [:]
        var changed = 0
        for (index, change) in changes.enumerated() {
            do {
                let live = try await records.liveMembership(user: user, tenant: change.tenantID)
                switch (live, change.delegate) {
                case (nil, true):
                    let item = AssignmentItem(userID: user, tenantID: change.tenantID, draft: MembershipDraft(platformAdmin: true, expiresAt: nil, products: []))
                    _ = try await MembershipManagement.assign([item], by: actor, mail: mail, in: records)
                case (let membership?, let wanted) where membership.platformAdmin != wanted:
                    var draft = MembershipDraft(membership)
                    draft.platformAdmin = wanted
                    _ = try await MembershipManagement.update(membership.id, to: draft, expectedVersion: nil, by: actor, in: records)
                default:
                    continue
                }
                changed += 1
            } catch let refusal as ManagementRefusal {
                failures[index] = refusal
            } catch let bulk as BulkRefusal {
                failures[index] = .invalid(field: "customer", message: bulk.words.values.first ?? "refused")
            } catch let error where Refused.is(.hidden, error) {
                failures[index] = .hidden
            }
        }
        if !failures.isEmpty { throw BulkRefusal(failures) }
        return changed
    }
}
