import Foundation
import StewardCore
import StewardStore

/// Finds who a bearer token or session cookie belongs to. API tokens are held in memory (`CredentialCache`),
/// and so are users' tenant lists (`TenantDirectory`).
struct CredentialLookup: Sendable {
    let store: Store
    let credentials: CredentialCache
    let tenants: TenantDirectory

    func identity(_ token: String, kind: SessionKind) async throws -> Identity? {
        // utf8.count and a whitespace check only when needed: this runs on every API request.
        let blank: Set<UInt8> = [0x20, 0x09]
        let padded = token.utf8.first.map(blank.contains) == true || token.utf8.last.map(blank.contains) == true
        let token = padded ? token.trimmingCharacters(in: .whitespaces) : token
        guard !token.isEmpty, token.utf8.count <= 256 else { return nil }
        if kind == .api, token.hasPrefix(APITokenRoutes.prefix) {
            let hash = SecretToken.hash(token)
            let now = store.now
            if let cached = credentials.identity(forHash: hash, at: now) { return cached }
            let generation = credentials.currentGeneration
            guard let (apiToken, user, org, enrolled) = try await store.apiToken(hash: hash) else { return nil }
            var identity = Identity(user: user, org: org, session: nil, scopes: Set(apiToken.scopes))
            identity.mfaEnrolled = enrolled
            credentials.store(identity, forHash: hash, tokenExpiresAt: apiToken.expiresAt, generation: generation, at: now)
            return identity
        }
        guard let found = try await store.session(tokenHash: SecretToken.hash(token)), found.session.kind == kind else { return nil }
        var identity = Identity(user: found.user, org: found.org, session: found.session)
        identity.mfaEnrolled = found.mfaEnrolled
        return identity
    }
}
