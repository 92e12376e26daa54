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

/// Signs tenant-session tokens with the active ES256 key of the key file and publishes the keys verifiers may
/// meet as a JWKS. Notices a rotation (`steward keys rotate`) by the file's modification time, checked at most
/// once a second, so a running server signs with the new key within a second of it.
final class TokenSigner: @unchecked Sendable {
    private struct Loaded {
        var keys: JWTKeyCollection
        var kid: String
        var jwks: JWKSDocument
        var modified: Date?
        var checkedAt: Date
    }

    let issuer: String
    let path: String
    private let lock = NSLock()
    private var loaded: Loaded
    /// SPEC §5: at most 15 minutes.
    static let maxLifetime: TimeInterval = 15 * 60

    private init(issuer: String, path: String, loaded: Loaded) {
        self.issuer = issuer
        self.path = path
        self.loaded = loaded
    }

    static func load(keyFile path: String, issuer: String, now: Date = Date()) async throws -> TokenSigner {
        guard let file = try KeyFileStore.read(path) else { throw ConfigurationError("the key file \(path) is missing") }
        return TokenSigner(issuer: issuer, path: path, loaded: try await Self.prepare(file, modified: KeyFileStore.modified(path), now: now))
    }

    private static func prepare(_ file: KeyFile, modified: Date?, now: Date) async throws -> Loaded {
        let keys = JWTKeyCollection()
        var published: [JWKSDocument.Key] = []
        for stored in file.published(at: now, lifetime: maxLifetime) {
            let key = try ES256PrivateKey(pem: stored.privatePEM)
            await keys.add(ecdsa: key, kid: JWKIdentifier(string: stored.kid))
            guard let parameters = key.publicKey.parameters else { throw ConfigurationError("the signing key \(stored.kid) has no public parameters") }
            published.append(JWKSDocument.Key(kty: "EC", crv: "P-256", x: parameters.x, y: parameters.y, kid: stored.kid, alg: "ES256", use: "sig"))
        }
        return Loaded(keys: keys, kid: file.active.kid, jwks: JWKSDocument(keys: published), modified: modified, checkedAt: now)
    }

    /// The keys as of now, read again when the file changed (or a retired key's time is up).
    private func current(at now: Date) async throws -> Loaded {
        let snapshot = lock.withLock { loaded }
        guard now.timeIntervalSince(snapshot.checkedAt) >= 1 else { return snapshot }
        let modified = KeyFileStore.modified(path)
        guard modified != snapshot.modified || now.timeIntervalSince(snapshot.checkedAt) >= 60 else {
            lock.withLock { loaded.checkedAt = now }
            return snapshot
        }
        guard let file = try KeyFileStore.read(path) else { throw ConfigurationError("the key file \(path) is missing") }
        let fresh = try await Self.prepare(file, modified: modified, now: now)
        lock.withLock { loaded = fresh }
        return fresh
    }

    /// The published keys.
    func jwks(at now: Date = Date()) async throws -> JWKSDocument { try await current(at: now).jwks }

    /// The kid that signs now.
    func activeKid(at now: Date = Date()) async throws -> String { try await current(at: now).kid }

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
        let keys = try await current(at: now)
        let token = try await keys.keys.sign(claims, kid: JWKIdentifier(string: keys.kid))
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
