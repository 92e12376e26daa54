import Foundation
import SQLKit
import StewardCore

extension Store {
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
            SELECT \(unsafeRaw: Relationship.selected) FROM relationships
            WHERE partner_id = \(bind: partner.rawValue) AND customer_id = \(bind: customer.rawValue) AND status IN ('pending', 'active')
            """).first().map(Relationship.init(row:))
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
