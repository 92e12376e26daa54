import Foundation
import StewardCore
import StewardStore

/// What a partner admin's Manage Customer Access pages share: the customers the partner manages, its users,
/// and the products and roles a form may choose. Every lookup answers 404 outside the admin's own partner.
struct PartnerConsole {
    let store: Store

    /// Every lookup here is a managed-service partner admin's (the area's audience), even when reached from elsewhere.
    private func requirePartnerAdmin(_ identity: Identity) throws {
        try ConsolePolicy.mayOpen(.managedCustomers, audience: identity.audience, namesRecord: true).require()
    }

    /// The customer, if the caller is an admin of a partner with an active relationship to it.
    func managedCustomer(_ id: OrgID, identity: Identity) async throws -> (Org, Relationship) {
        try requirePartnerAdmin(identity)
        guard let org = try await store.org(id),
              let relationship = try await store.relationships(RelationshipFilter(partnerID: identity.org.id, customerID: id, status: .active)).items.first
        else { throw Refused.notFound }
        return (org, relationship)
    }

    /// Every customer the caller's partner has an active relationship with, by name, with that relationship.
    func managedCustomers(identity: Identity) async throws -> [(org: Org, relationship: Relationship)] {
        try requirePartnerAdmin(identity)
        var relationships: [OrgID: Relationship] = [:]
        var cursor: String?
        repeat {
            let page = try await store.relationships(RelationshipFilter(partnerID: identity.org.id, status: .active), page: PageRequest(limit: 200, after: cursor))
            for relationship in page.items { relationships[relationship.customerID] = relationship }
            cursor = page.nextCursor
        } while cursor != nil
        return try await store.orgs(ids: Set(relationships.keys)).values.compactMap { org in relationships[org.id].map { (org, $0) } }
            .sorted { ($0.org.name, $0.org.id.rawValue) < ($1.org.name, $1.org.id.rawValue) }
    }

    /// A user of the caller's own partner.
    func partnerUser(_ id: UserID, identity: Identity) async throws -> User {
        try requirePartnerAdmin(identity)
        guard let user = try await store.user(id), user.orgID == identity.org.id else { throw Refused.notFound }
        return user
    }

    /// The caller's partner's active users, by name.
    func activeUsers(identity: Identity) async throws -> [User] {
        try requirePartnerAdmin(identity)
        return try await store.users(of: identity.org.id, page: PageRequest(limit: 500)).items
            .filter { $0.status == .active }.sorted { ($0.name, $0.id.rawValue) < ($1.name, $1.id.rawValue) }
    }

    /// Products the customer holds a valid licence for.
    func licensed(_ customer: OrgID) async throws -> Set<String> {
        let now = store.now
        return Set(try await store.licenses(of: customer).filter { $0.isValid(at: now) }.map(\.product))
    }

    static func grants(_ roles: [String: String]) -> [ProductGrant] {
        roles.keys.sorted().map { ProductGrant(product: $0, role: roles[$0]!) }
    }
}

/// A page to go back to after a console action, only ever a console path of this site.
enum ConsoleReturn {
    static func path(_ requested: String?, default fallback: String) -> String {
        guard let requested, requested.hasPrefix("/console/"), !requested.contains("//"), !requested.contains("\\"),
              !requested.contains(".."), requested.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 32 })
        else { return fallback }
        return requested
    }
}
