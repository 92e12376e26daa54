import Foundation

/// Whose external access a review covers: who from outside holds access to a customer, or where a
/// partner's own users hold access.
public enum ReviewScope: Sendable, Equatable {
    case customer(OrgID)
    case partner(OrgID)

    public var org: OrgID {
        switch self {
        case .customer(let id), .partner(let id): id
        }
    }
}

/// One external membership under review, with what a reviewer needs to judge it.
public struct ReviewedAccess: Sendable {
    public var entry: MembershipWithUser
    public var tenantName: String
    /// Not used (or, never used, not created) for `stale_days` days.
    public var stale: Bool
    /// The last access, or the creation when there was none: what `stale` is measured from.
    public var lastSeen: Date
}

public protocol AccessReviewReading: Sendable {
    var now: Date { get }
    func org(_ id: OrgID) async throws -> Org?
    /// Memberships on the tenant, each with its user and home org; statuses read as of now.
    func memberships(on tenant: OrgID) async throws -> [MembershipWithUser]
    /// Memberships held by the partner's users, each with its user and home org; statuses read as of now.
    func memberships(ofPartner partner: OrgID) async throws -> [MembershipWithUser]
}

/// Access review (SPEC §7; RSA's advice to review who is attached, made a tool): every external membership
/// of a scope, flagged stale when unused for `stale_days`.
public enum AccessReview {
    public static let defaultStaleDays = 90
    /// Ten years: a longer window flags nothing a reviewer could act on.
    public static let staleDaysRange = 1...3650

    /// `stale_days` as given (nil: the default), or the field error.
    public static func staleDays(_ text: String?) -> Result<Int, FieldError> {
        guard let text, !text.isEmpty else { return .success(defaultStaleDays) }
        guard let days = Int(text), staleDaysRange.contains(days) else {
            return .failure(FieldError("stale_days", "must be a whole number of days from 1 to 3650"))
        }
        return .success(days)
    }

    /// Unused for at least `staleDays` days; a membership never used counts from its creation.
    public static func isStale(_ membership: Membership, staleDays: Int, now: Date) -> Bool {
        (membership.lastAccessAt ?? membership.createdAt) <= now.addingTimeInterval(-Double(staleDays) * 86_400)
    }

    /// The scope's external memberships that have not ended, as `actor` may review them (`AccessReviewPolicy`).
    public static func list(_ scope: ReviewScope, staleDays: Int, by actor: Actor, in records: some AccessReviewReading) async throws -> [ReviewedAccess] {
        let org = try await records.org(scope.org)
        try AccessReviewPolicy.mayReview(scope, org: org, actor: actor).require()
        let entries: [MembershipWithUser] =
            switch scope {
            case .customer(let id): try await records.memberships(on: id).filter { $0.membership.source != .home }
            case .partner(let id): try await records.memberships(ofPartner: id).filter { $0.membership.tenantID != id }
            }
        var tenants: [OrgID: String] = [:]
        var result: [ReviewedAccess] = []
        for entry in entries where entry.membership.status != .ended {
            let tenant = entry.membership.tenantID
            if tenants[tenant] == nil { tenants[tenant] = try await records.org(tenant)?.name ?? tenant.rawValue }
            let membership = entry.membership
            result.append(ReviewedAccess(
                entry: entry, tenantName: tenants[tenant] ?? tenant.rawValue,
                stale: isStale(membership, staleDays: staleDays, now: records.now), lastSeen: membership.lastAccessAt ?? membership.createdAt
            ))
        }
        return result
    }

    /// Removes the chosen memberships of the scope, all or nothing: each must be under review in `scope` and
    /// removable by `actor` under the usual rules, with its own audit event and removal mail. Any refusal throws
    /// a `BulkRefusal` naming every refused item (by its index in `ids`), and the caller's transaction writes nothing.
    public static func remove(
        _ ids: [MembershipID], in scope: ReviewScope, staleDays: Int, by actor: Actor, mail: AccessMailComposer,
        records: some AccessReviewReading & MembershipRecords
    ) async throws -> [Membership] {
        guard !ids.isEmpty else { throw ValidationFailure([FieldError("membership_id", "choose at least one")]) }
        guard Set(ids).count == ids.count else { throw ValidationFailure([FieldError("membership_id", "names one access twice")]) }
        let reviewed = Set(try await list(scope, staleDays: staleDays, by: actor, in: records).map(\.entry.membership.id))
        var removed: [Membership] = []
        var failures: [Int: ManagementRefusal] = [:]
        for (index, id) in ids.enumerated() {
            // An id outside the review reads as absent, whether it exists or not.
            guard reviewed.contains(id) else {
                failures[index] = .hidden
                continue
            }
            do {
                removed.append(try await MembershipManagement.delete(id, by: actor, mail: mail, in: records))
            } catch let refusal as ManagementRefusal {
                failures[index] = refusal
            }
        }
        if !failures.isEmpty { throw BulkRefusal(failures) }
        return removed
    }
}

/// Who reviews which external access: operators any; a customer's admins who holds access to it; a
/// partner's admins where its own users hold access. Members of the org are refused (403); anyone else
/// finds nothing there (404), as for an org that does not exist.
public enum AccessReviewPolicy {
    public static func mayReview(_ scope: ReviewScope, org: Org?, actor: Actor) -> Authorization {
        let kind: OrgKind =
            switch scope {
            case .customer: .customer
            case .partner: .partner
            }
        guard let org, org.kind == kind, actor.isOperator || actor.orgID == org.id else { return .hidden }
        return actor.isOperator || actor.isAdmin(of: org.id) ? .allowed : .forbidden
    }
}
