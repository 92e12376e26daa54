import Hummingbird
import StewardStore

/// Finds the caller: API routes by `Authorization: Bearer`, console pages by the session cookie.
/// Neither kind of credential works on the other side, so a cookie can never be used for a cross-site API call.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let store: Store
    let maxBodyBytes: Int
    static let cookieName = "steward_session"

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        context.maxBodyBytes = maxBodyBytes
        if request.uri.path.hasPrefix("/v1/") {
            if let header = request.headers[.authorization] {
                guard header.hasPrefix("Bearer "), let identity = try await lookup(String(header.dropFirst(7)), kind: .api) else {
                    throw APIError.unauthorized
                }
                context.identity = identity
            }
        } else if let cookie = request.cookies[Self.cookieName]?.value {
            context.identity = try await lookup(cookie, kind: .console)
        }
        return try await next(request, context)
    }

    private func lookup(_ token: String, kind: SessionKind) async throws -> Identity? {
        let token = token.trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty, token.count <= 256 else { return nil }
        guard let found = try await store.session(tokenHash: SecretToken.hash(token)), found.session.kind == kind else { return nil }
        return Identity(user: found.user, org: found.org, session: found.session)
    }
}
