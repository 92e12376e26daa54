import Foundation
import SQLKit
import StewardCore

/// An API token as listed: never its secret.
public struct APIToken: Codable, Sendable, Equatable {
    public var id: String
    public var userID: UserID
    public var name: String
    public var scopes: [TokenScope]
    public var createdAt: Date
    public var expiresAt: Date?
    public var revokedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id
        case userID = "user_id"
        case name, scopes
        case createdAt = "created_at"
        case expiresAt = "expires_at"
        case revokedAt = "revoked_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(userID, forKey: .userID)
        try container.encode(name, forKey: .name)
        try container.encode(scopes, forKey: .scopes)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(expiresAt, forKey: .expiresAt)
        try container.encode(revokedAt, forKey: .revokedAt)
    }

    init(row: any SQLRow) throws {
        id = try row.string("id")
        userID = UserID(try row.string("user_id"))
        name = try row.string("name")
        scopes = try Columns.decodeJSON([TokenScope].self, try row.string("scopes"))
        createdAt = try row.date("created_at")
        expiresAt = try row.optionalDate("expires_at")
        revokedAt = try row.optionalDate("revoked_at")
    }

    static let columns = "id, user_id, name, scopes, created_at, expires_at, revoked_at"
}

extension Store {
    /// Stores a token by the hash of its secret; records `api_token.created`.
    public func createAPIToken(user: User, name: String, scopes: [TokenScope], expiresAt: Date?, tokenHash: String) async throws -> Written<APIToken> {
        try await write(AuditActor(userID: user.id, orgID: user.orgID)) { tx in
            let id = IDGenerator.make("tok", at: tx.now)
            try await tx.db.raw("""
                INSERT INTO api_tokens (id, user_id, name, scopes, token_hash, created_at, expires_at)
                VALUES (\(bind: id), \(bind: user.id.rawValue), \(bind: name), \(bind: try Columns.json(scopes)), \(bind: tokenHash),
                    \(bind: Columns.millis(tx.now)), \(bind: expiresAt.map(Columns.millis)))
                """).run()
            let token = try await tx.db.raw("SELECT \(unsafeRaw: APIToken.columns) FROM api_tokens WHERE id = \(bind: id)").first().map(APIToken.init(row:))!
            try await tx.audit("api_token.created", target: "api_token", id: id, tenant: user.orgID, after: token)
            return token
        }
    }

    /// A user's tokens, revoked ones included.
    public func apiTokens(of user: UserID) async throws -> [APIToken] {
        try await read { db in
            try await db.raw("SELECT \(unsafeRaw: APIToken.columns) FROM api_tokens WHERE user_id = \(bind: user.rawValue) ORDER BY id").all().map(APIToken.init(row:))
        }
    }

    /// Revokes one of a user's tokens; `notFound` for anyone else's.
    public func revokeAPIToken(_ id: String, of user: User) async throws {
        _ = try await write(AuditActor(userID: user.id, orgID: user.orgID)) { tx in
            guard let token = try await tx.db.raw("""
                SELECT \(unsafeRaw: APIToken.columns) FROM api_tokens WHERE id = \(bind: id) AND user_id = \(bind: user.id.rawValue)
                """).first().map(APIToken.init(row:))
            else { throw Refused.notFound }
            guard token.revokedAt == nil else { return }
            try await tx.db.raw("UPDATE api_tokens SET revoked_at = \(bind: Columns.millis(tx.now)) WHERE id = \(bind: id)").run()
            // Servers cache token identities by user; this tells them to drop this user's.
            try await tx.changed(.user(user.id.rawValue))
            try await tx.audit("api_token.revoked", target: "api_token", id: id, tenant: user.orgID, before: token)
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
