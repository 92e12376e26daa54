import Crypto
import Foundation
import JWTKit
import StewardCore
import StewardStore

/// The claims of a tenant-session token (API.md "Auth and self").
struct TenantClaims: JWTPayload {
    struct ActingAs: Codable, Sendable {
        var sub: String
        var org: String
    }

    var iss: IssuerClaim
    var sub: SubjectClaim
    var aud: AudienceClaim
    var tenant: String
    var act: ActingAs
    var platformAdmin: Bool
    var products: [String: String]
    var permissions: [String: [String]]
    var privilege: String?
    var iat: IssuedAtClaim
    var exp: ExpirationClaim
    var jti: IDClaim

    enum CodingKeys: String, CodingKey {
        case iss, sub, aud, tenant, act
        case platformAdmin = "platform_admin"
        case products, permissions, privilege, iat, exp, jti
    }

    /// Every claim always present: `privilege` is null for home and team sessions, never left out.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(iss, forKey: .iss)
        try container.encode(sub, forKey: .sub)
        try container.encode(aud, forKey: .aud)
        try container.encode(tenant, forKey: .tenant)
        try container.encode(act, forKey: .act)
        try container.encode(platformAdmin, forKey: .platformAdmin)
        try container.encode(products, forKey: .products)
        try container.encode(permissions, forKey: .permissions)
        try container.encode(privilege, forKey: .privilege)
        try container.encode(iat, forKey: .iat)
        try container.encode(exp, forKey: .exp)
        try container.encode(jti, forKey: .jti)
    }

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }
}

/// Signs tenant-session tokens with one ES256 key kept in the database, and publishes it as a JWKS.
struct TokenSigner: Sendable {
    let keys: JWTKeyCollection
    let kid: String
    let jwks: JWKSDocument
    let issuer: String
    /// SPEC §5: at most 15 minutes.
    static let maxLifetime: TimeInterval = 15 * 60

    /// Loads the signing key, creating it on the very first start.
    static func load(store: Store, issuer: String) async throws -> TokenSigner {
        let stored = try await store.signingKey {
            let key = ES256PrivateKey()
            return (kid: "steward-" + String(SecretToken.make().prefix(12)), pem: key.pemRepresentation)
        }
        let key = try ES256PrivateKey(pem: stored.pem)
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: key, kid: JWKIdentifier(string: stored.kid))
        guard let parameters = key.publicKey.parameters else { throw ConfigurationError("the signing key has no public parameters") }
        let jwk = JWKSDocument.Key(kty: "EC", crv: "P-256", x: parameters.x, y: parameters.y, kid: stored.kid, alg: "ES256", use: "sig")
        return TokenSigner(keys: keys, kid: stored.kid, jwks: JWKSDocument(keys: [jwk]), issuer: issuer)
    }

    /// A token saying what `grant` allows in `tenant`, expiring after 15 minutes or with the membership, whichever is first.
    func sign(user: User, tenant: OrgID, grant: TenantGrant, now: Date) async throws -> (token: String, expiresAt: Date) {
        var expiresAt = now.addingTimeInterval(Self.maxLifetime)
        if let end = grant.expiresAt, end < expiresAt { expiresAt = end }
        // JWT times are whole seconds; never round past the limit.
        expiresAt = Date(timeIntervalSince1970: expiresAt.timeIntervalSince1970.rounded(.down))
        let claims = TenantClaims(
            iss: IssuerClaim(value: issuer), sub: SubjectClaim(value: user.id.rawValue), aud: AudienceClaim(value: tenant.rawValue),
            tenant: tenant.rawValue, act: .init(sub: user.id.rawValue, org: user.orgID.rawValue),
            platformAdmin: grant.platformAdmin, products: grant.roles, permissions: grant.permissions.mapValues { $0.map(\.rawValue) },
            privilege: grant.privilege?.rawValue,
            iat: IssuedAtClaim(value: Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))),
            exp: ExpirationClaim(value: expiresAt), jti: IDClaim(value: SecretToken.make())
        )
        let token = try await keys.sign(claims, kid: JWKIdentifier(string: kid))
        return (token, expiresAt)
    }
}

/// `GET /.well-known/jwks.json`.
struct JWKSDocument: Codable, Sendable {
    struct Key: Codable, Sendable {
        var kty: String
        var crv: String
        var x: String
        var y: String
        var kid: String
        var alg: String
        var use: String
    }

    var keys: [Key]
}
