import Foundation
import SQLKit
import StewardCore

extension StoreTransaction: TeamRecords {
    public func memberships(on tenant: OrgID) async throws -> [MembershipWithUser] {
        try await Store.memberships(MembershipFilter(tenantID: tenant), now: tx.now, in: tx.db)
    }

    public func activeUser(email: EmailAddress) async throws -> User? {
        try await Store.activeUser(email: email, in: tx.db)
    }
}

extension StoreTransaction: NotificationSettingsRecords {
    public func replace(_ before: NotificationSettings, with after: NotificationSettings, of customer: OrgID) async throws {
        try await tx.db.raw("DELETE FROM notification_settings WHERE customer_id = \(bind: customer.rawValue)").run()
        try await tx.db.raw("""
            INSERT INTO notification_settings (customer_id, on_access_granted, on_access_removed, recipients, version)
            VALUES (\(bind: customer.rawValue), \(bind: after.onAccessGranted ? 1 : 0), \(bind: after.onAccessRemoved ? 1 : 0),
                \(bind: try Columns.json(after.recipients)), 1)
            """).run()
        try await tx.audit("notification_settings.updated", target: "org", id: customer.rawValue, tenant: customer, before: before.audited, after: after.audited)
    }
}

extension StoreTransaction: CatalogRecords {
    public func insert(_ product: Product) async throws { try await Store.insert(product, in: tx) }

    public func replace(_ before: Product, with after: Product) async throws {
        try await tx.db.raw("""
            UPDATE products SET name = \(bind: after.name), roles = \(bind: try Columns.json(after.roles.map(StoredRole.init))) WHERE key = \(bind: before.key)
            """).run()
        try await tx.changed(.catalog)
        try await tx.audit("product.updated", target: "product", id: before.key, tenant: nil, before: before.audited, after: after.audited)
    }
}

extension StoreTransaction: APITokenRecords {
    public func newAPITokenID() -> String { IDGenerator.make("tok", at: tx.now) }

    public func insert(_ token: APIToken, secretHash: String) async throws {
        try await tx.db.raw("""
            INSERT INTO api_tokens (id, user_id, name, scopes, token_hash, created_at, expires_at)
            VALUES (\(bind: token.id), \(bind: token.userID.rawValue), \(bind: token.name), \(bind: try Columns.json(token.scopes)),
                \(bind: secretHash), \(bind: Columns.millis(token.createdAt)), \(bind: token.expiresAt.map(Columns.millis)))
            """).run()
        try await tx.audit("api_token.created", target: "api_token", id: token.id, tenant: tx.actor.orgID, after: token.audited)
    }

    public func apiToken(_ id: String, of user: UserID) async throws -> APIToken? {
        try await tx.db.raw("""
            SELECT \(unsafeRaw: APIToken.columns) FROM api_tokens WHERE id = \(bind: id) AND user_id = \(bind: user.rawValue)
            """).first().map(APIToken.init(row:))
    }

    public func revoke(_ token: APIToken) async throws {
        try await tx.db.raw("UPDATE api_tokens SET revoked_at = \(bind: Columns.millis(tx.now)) WHERE id = \(bind: token.id)").run()
        // Servers cache token identities by user; this tells them to drop this user's.
        try await tx.changed(.user(token.userID.rawValue))
        try await tx.audit("api_token.revoked", target: "api_token", id: token.id, tenant: tx.actor.orgID, before: token.audited)
    }
}

/// Committed state, for the customer's screens and the settings page.
extension Store: TeamReading, NotificationSettingsReading {
    public func memberships(on tenant: OrgID) async throws -> [MembershipWithUser] { try await memberships(MembershipFilter(tenantID: tenant)) }

    public func activeUser(email: EmailAddress) async throws -> User? {
        try await read { db in try await Self.activeUser(email: email, in: db) }
    }

    public func notificationSettings(of customer: OrgID) async throws -> NotificationSettings { try await notificationSettings(customer) }
}

extension Store: AccessReviewReading {
    public func memberships(ofPartner partner: OrgID) async throws -> [MembershipWithUser] {
        try await memberships(MembershipFilter(partnerID: partner))
    }
}

extension StoreTransaction: AccessReviewReading {
    public func memberships(ofPartner partner: OrgID) async throws -> [MembershipWithUser] {
        try await Store.memberships(MembershipFilter(partnerID: partner), now: tx.now, in: tx.db)
    }
}
