import Foundation
import SQLKit
import StewardCore

/// Filters of `GET /v1/memberships`.
public struct MembershipFilter: Sendable {
    public var userID: UserID?
    public var tenantID: OrgID?
    /// Memberships of this partner's users.
    public var partnerID: OrgID?
    public var source: MembershipSource?
    /// Matched against the status as of now.
    public var status: MembershipStatus?

    public init(userID: UserID? = nil, tenantID: OrgID? = nil, partnerID: OrgID? = nil, source: MembershipSource? = nil, status: MembershipStatus? = nil) {
        self.userID = userID
        self.tenantID = tenantID
        self.partnerID = partnerID
        self.source = source
        self.status = status
    }
}

extension Store {
    /// One membership as stored.
    public func membership(_ id: MembershipID) async throws -> Membership? {
        try await read { db in try await Self.membership(id, in: db) }
    }

    /// Memberships matching a filter, each with its user and home org, oldest first; statuses read as of now.
    public func memberships(_ filter: MembershipFilter, limit: Int = 10_000) async throws -> [MembershipWithUser] {
        let now = self.now
        return try await read { db in try await Self.memberships(filter, limit: limit, now: now, in: db) }
    }

    static func memberships(_ filter: MembershipFilter, limit: Int = 10_000, now: Date, in db: any SQLDatabase) async throws -> [MembershipWithUser] {
        var sql: SQLQueryString = """
            SELECT m.id, m.user_id, m.tenant_id, m.source, m.relationship_id, m.platform_admin, m.expires_at, m.products,
                m.last_access_at, m.status, m.version, m.created_by, m.created_at, m.updated_at
            FROM memberships m JOIN users u ON u.id = m.user_id WHERE 1 = 1
            """
        if let user = filter.userID { sql = sql + " AND m.user_id = \(bind: user.rawValue)" }
        if let tenant = filter.tenantID { sql = sql + " AND m.tenant_id = \(bind: tenant.rawValue)" }
        if let partner = filter.partnerID { sql = sql + " AND u.org_id = \(bind: partner.rawValue)" }
        if let source = filter.source { sql = sql + " AND m.source = \(bind: source.rawValue)" }
        sql = sql + " ORDER BY m.id LIMIT \(bind: limit)"
        let rows = try await db.raw(sql).all().map(Membership.init(row:)).map { membership -> Membership in
            var read = membership
            read.status = membership.status(at: now)
            return read
        }.filter { filter.status == nil || $0.status == filter.status }
        var users: [UserID: User] = [:]
        var orgs: [OrgID: Org] = [:]
        var result: [MembershipWithUser] = []
        for membership in rows {
            if users[membership.userID] == nil { users[membership.userID] = try await Self.user(membership.userID, in: db) }
            guard let user = users[membership.userID] else { continue }
            if orgs[user.orgID] == nil { orgs[user.orgID] = try await Self.org(user.orgID, in: db) }
            guard let org = orgs[user.orgID] else { continue }
            result.append(MembershipWithUser(membership: membership, user: user, homeOrg: org))
        }
        return result
    }

    /// A membership the actor may see (SPEC §4), with the facts that decided it; nil when missing or out of reach,
    /// so a caller cannot tell the two apart.
    public func visibleMembership(_ id: MembershipID, to actor: Actor) async throws -> (membership: Membership, facts: ManagementFacts)? {
        guard let membership = try await membership(id),
              let facts = try await managementFacts(actor: actor, tenant: membership.tenantID, subject: membership.userID),
              MembershipRules.maySee(membership, facts: facts)
        else { return nil }
        return (membership, facts)
    }

    /// The facts the management rules see for this actor, tenant and user (deactivated users included, for
    /// reading); nil when either is unknown.
    public func managementFacts(actor: Actor, tenant: OrgID, subject: UserID) async throws -> ManagementFacts? {
        let now = self.now
        return try await read { db in
            try? await Self.managementFacts(actor: actor, tenant: tenant, subject: subject, now: now, requireActiveSubject: false, in: db)
        }
    }

    /// Records `membership.expired` (and its email) once for every active membership whose time has passed.
    public func expireDueMemberships(mail: @escaping AccessMailComposer) async throws -> Int {
        let now = Columns.millis(self.now)
        let due = try await read { db in
            try await db.raw("""
                SELECT id FROM memberships WHERE status = 'active' AND expires_at IS NOT NULL AND expires_at <= \(bind: now) ORDER BY id LIMIT 500
                """).all().map { MembershipID(try $0.string("id")) }
        }
        var count = 0
        for id in due {
            let expired = try await transaction(by: .system) { tx in try await MembershipManagement.expire(id, mail: mail, in: tx) }
            if expired.value { count += 1 }
        }
        return count
    }
}
