import Hummingbird
import StewardCore
import StewardStore

/// Finds the caller: API routes by `Authorization: Bearer`, console pages by the session cookie.
/// Neither kind of credential works on the other side, so a cookie can never be used for a cross-site API call.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let store: Store
    let credentials: CredentialCache
    let maxBodyBytes: Int
    var trustedProxies: [IPNetwork] = []
    var requireMFA: MFARequirement = .none
    static let cookieName = "steward_session"
    /// The console's chosen tenant; only ever honoured when the user holds a live membership there.
    static let tenantCookieName = "steward_tenant"

    /// The user's tenants with a membership active now, home first.
    static func tenants(of user: User, store: Store) async throws -> [ConsoleTenant] {
        let now = store.now
        let live = try await store.memberships(of: user.id).filter { $0.status(at: now) == .active }
        let orgs = try await store.orgs(ids: Set(live.map(\.tenantID)))
        return live.sorted { ($0.source == .home ? 0 : 1, $0.id.rawValue) < ($1.source == .home ? 0 : 1, $1.id.rawValue) }.compactMap { membership in
            orgs[membership.tenantID].map { ConsoleTenant(membership: membership, name: $0.name, kind: $0.kind) }
        }
    }

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        context.maxBodyBytes = maxBodyBytes
        context.clientAddress = ClientAddress.resolve(peer: context.peerAddress, forwardedFor: request.headers[.xForwardedFor], trusted: trustedProxies)
        if request.uri.path.hasPrefix("/v1/") {
            if let header = request.headers[.authorization] {
                guard header.hasPrefix("Bearer "), let identity = try await lookup(String(header.dropFirst(7)), kind: .api) else {
                    throw APIError.unauthorized
                }
                try Self.requireScope(identity, request)
                if awaitsEnrolment(identity) {
                    // A token cannot enrol; only a `check` token, a machine's, goes on working.
                    guard identity.scopes == nil || identity.scopes == [.check] else {
                        throw APIError(status: .forbidden, detail: "this deployment requires TOTP of this token's owner: sign in and enrol first")
                    }
                    if identity.scopes == nil { try Self.requireEnrolmentRoute(request) }
                }
                context.identity = identity
            }
        } else if let cookie = request.cookies[Self.cookieName]?.value {
            if var identity = try await lookup(cookie, kind: .console) {
                // A session opened before its required TOTP enrolment reaches the enrolment page only.
                if awaitsEnrolment(identity), !Self.consoleEnrolmentPaths.contains(request.uri.path) {
                    return Response(status: .seeOther, headers: [.location: "/console/mfa"])
                }
                identity.tenants = try await Self.tenants(of: identity.user, store: store)
                let chosen = request.cookies[Self.tenantCookieName]?.value
                identity.currentTenant = identity.tenants.first { $0.membership.tenantID.rawValue == chosen }?.membership.tenantID ?? identity.org.id
                context.identity = identity
            }
        }
        return try await next(request, context)
    }

    /// A token with only the `check` scope reaches the decision endpoints and tenant lists, nothing else.
    static func requireScope(_ identity: Identity, _ request: Request) throws {
        guard let scopes = identity.scopes, !scopes.contains(.admin) else { return }
        let path = request.uri.path
        let checkRoute = (request.method == .post && (path == "/v1/check" || path == "/v1/check/batch"))
            || (request.method == .get && path.hasPrefix("/v1/users/") && path.hasSuffix("/tenants"))
        guard scopes.contains(.check), checkRoute else {
            throw APIError(status: .forbidden, detail: "this API token's scopes do not cover this request")
        }
    }

    /// Opened before a required TOTP enrolment, or the requirement came after it (a restart with
    /// `STEWARD_REQUIRE_MFA`): either way it reaches only the enrolment until TOTP is in force.
    func awaitsEnrolment(_ identity: Identity) -> Bool {
        identity.session?.restricted == true || (requireMFA.covers(identity.actor) && !identity.mfaEnrolled)
    }

    /// Where a session opened before its required TOTP enrolment may go.
    static func requireEnrolmentRoute(_ request: Request) throws {
        let path = request.uri.path
        guard (request.method == .get && path == "/v1/me") || path.hasPrefix("/v1/me/mfa/") || (request.method == .post && path == "/v1/auth/logout") else {
            throw APIError(status: .forbidden, detail: "enrol TOTP first (POST /v1/me/mfa/totp): this deployment requires it of you")
        }
    }

    static let consoleEnrolmentPaths: Set<String> = ["/console/mfa", "/console/mfa/totp", "/console/mfa/totp/confirm", "/logout", "/static/steward.css"]

    private func lookup(_ token: String, kind: SessionKind) async throws -> Identity? {
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
