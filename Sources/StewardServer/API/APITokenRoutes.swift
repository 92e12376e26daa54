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
        try APITokenManagement.requireMayCreate(identity.caller)
        let body = try await request.decodeBody(CreateBody.self, context: context)
        let secret = Self.prefix + SecretToken.make()
        let token = try await store.transaction(by: identity.auditActor) { records in
            try await APITokenManagement.create(
                name: body.name, scopes: body.scopes, expiresAt: body.expiresAt, secretHash: SecretToken.hash(secret), by: identity.caller, in: records
            )
        }.value
        return JSONResponse(Created(id: token.id, token: secret, name: token.name, scopes: token.scopes, expiresAt: token.expiresAt), status: .created)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> JSONResponse<ListBody<APITokenJSON>> {
        let identity = try context.requireIdentity()
        return JSONResponse(ListBody(items: try await store.apiTokens(of: identity.user.id).map(APITokenJSON.init), nextCursor: nil))
    }

    @Sendable func revoke(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try await request.requireNoBody(context: context)
        guard let id = context.parameters.get("id"), id.count <= 64 else { throw Refused.notFound }
        _ = try await store.transaction(by: identity.auditActor) { records in try await APITokenManagement.revoke(id, by: identity.actor, in: records) }
        return Response(status: .noContent)
    }
}
