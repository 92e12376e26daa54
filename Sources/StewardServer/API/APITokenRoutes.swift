import Foundation
import Hummingbird
import StewardCore
import StewardStore

/// `/v1/api-tokens`: tokens acting as the user who made them, narrowed to their scopes; the secret is shown once.
struct APITokenRoutes {
    let store: Store
    /// Marks API tokens apart from session tokens.
    static let prefix = "stw_"

    struct CreateBody: RequestBody {
        var name: String
        var scopes: [TokenScope]
        var expiresAt: Date?
        enum CodingKeys: String, CodingKey, CaseIterable { case name, scopes, expiresAt = "expires_at" }
    }

    struct Created: Encodable, Sendable {
        var id: String
        var token: String
        var name: String
        var scopes: [TokenScope]
        var expiresAt: Date?
        enum CodingKeys: String, CodingKey { case id, token, name, scopes, expiresAt = "expires_at" }
    }

    func register(on routes: APIRoutes) {
        let router = routes.callers(.manage)
        router.post("/v1/api-tokens", use: create)
        router.get("/v1/api-tokens", use: list)
        router.delete("/v1/api-tokens/{id}", use: revoke)
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> JSONResponse<Created> {
        let identity = try context.requireIdentity()
        try CredentialPolicy.mayCreateToken(identity.caller, scopes: []).get()
        let body = try await request.decodeBody(CreateBody.self, context: context)
        var validator = Validator()
        let name = validator.name("name", body.name, maxLength: 100)
        if body.scopes.isEmpty { validator.add("scopes", "must name at least one of check, admin") }
        if let expiresAt = body.expiresAt, expiresAt <= store.now { validator.add("expires_at", "must be in the future") }
        try validator.check()
        try CredentialPolicy.mayCreateToken(identity.caller, scopes: Set(body.scopes)).get()
        let secret = Self.prefix + SecretToken.make()
        let token = try await store.createAPIToken(
            user: identity.user, name: name!, scopes: Array(Set(body.scopes)).sorted { $0.rawValue < $1.rawValue },
            expiresAt: body.expiresAt, tokenHash: SecretToken.hash(secret)
        ).value
        return JSONResponse(Created(id: token.id, token: secret, name: token.name, scopes: token.scopes, expiresAt: token.expiresAt), status: .created)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> JSONResponse<ListBody<APIToken>> {
        let identity = try context.requireIdentity()
        return JSONResponse(ListBody(items: try await store.apiTokens(of: identity.user.id), nextCursor: nil))
    }

    @Sendable func revoke(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try await request.requireNoBody(context: context)
        guard let id = context.parameters.get("id"), id.count <= 64 else { throw Refused.notFound }
        try await store.revokeAPIToken(id, of: identity.user)
        return Response(status: .noContent)
    }
}
