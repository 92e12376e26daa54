import Foundation
import SQLKit
import StewardCore

extension APIToken {
    init(row: any SQLRow) throws {
        self.init(
            id: try row.string("id"), userID: UserID(try row.string("user_id")), name: try row.string("name"),
            scopes: try Columns.decodeJSON([TokenScope].self, try row.string("scopes")), createdAt: try row.date("created_at"),
            expiresAt: try row.optionalDate("expires_at"), revokedAt: try row.optionalDate("revoked_at")
        )
    }

    static let columns = "id, user_id, name, scopes, created_at, expires_at, revoked_at"
}

extension Store {
    /// A user's tokens, revoked ones included.
    public func apiTokens(of user: UserID) async throws -> [APIToken] {
        try await read { db in
            try await db.raw("SELECT \(unsafeRaw: APIToken.columns) FROM api_tokens WHERE user_id = \(bind: user.rawValue) ORDER BY id").all().map(APIToken.init(row:))
        }
    }

    /// The live token for a secret's hash, with its user and home org: unrevoked, unexpired, user active.
    public func apiToken(hash: String) async throws -> (APIToken, User, Org, mfaEnrolled: Bool)? {
        let now = Columns.millis(self.now)
        return try await read { db in
            guard let token = try await db.raw("""
                SELECT \(unsafeRaw: APIToken.columns) FROM api_tokens
                WHERE token_hash = \(bind: hash) AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > \(bind: now))
                """).first().map(APIToken.init(row:)),
                let user = try await Self.user(token.userID, in: db), user.status == .active, let org = try await Self.org(user.orgID, in: db)
            else { return nil }
            return (token, user, org, try await Self.mfaEnrolled(user.id, in: db))
        }
    }

    /// A token-signing key that earlier builds kept in the database, to be moved into the key file.
    public func legacySigningKey() async throws -> (kid: String, pem: String, createdAt: Date)? {
        try await read { db in
            try await db.raw("SELECT kid, private_pem, created_at FROM signing_keys ORDER BY created_at LIMIT 1").first()
                .map { (try $0.string("kid"), try $0.string("private_pem"), try $0.date("created_at")) }
        }
    }

    /// Deletes signing keys from the database once the key file holds them; records `signing_key.moved`.
    public func deleteLegacySigningKeys() async throws {
        _ = try await write(.system) { tx in
            for row in try await tx.db.raw("SELECT kid FROM signing_keys").all() {
                try await tx.audit("signing_key.moved", target: "signing_key", id: try row.string("kid"), tenant: nil)
            }
            try await tx.db.raw("DELETE FROM signing_keys").run()
        }
    }

    /// Records a tenant switch: `last_access_at` and `session.created` for the tenant.
    public func recordTenantSession(_ membership: Membership, user: User) async throws {
        _ = try await write(AuditActor(userID: user.id, orgID: user.orgID)) { tx in
            try await tx.db.raw("UPDATE memberships SET last_access_at = \(bind: Columns.millis(tx.now)) WHERE id = \(bind: membership.id.rawValue)").run()
            try await tx.audit("session.created", target: "membership", id: membership.id.rawValue, tenant: membership.tenantID, related: user.orgID)
        }
    }
}
