import Hummingbird
import StewardCore
import StewardStore

/// `GET /v1/products` (any signed-in caller) and `POST /v1/products` (operators).
struct ProductRoutes {
    let store: Store

    struct RoleBody: RequestBody {
        var key: String
        var permissions: [Permission]
        enum CodingKeys: String, CodingKey, CaseIterable { case key, permissions }
    }

    struct CreateBody: RequestBody {
        var key: String
        var name: String
        var roles: [RoleBody]?
        enum CodingKeys: String, CodingKey, CaseIterable { case key, name, roles }
    }

    func register(on routes: APIRoutes) {
        let router = routes.callers(.manage)
        router.get("/v1/products", use: list)
        router.post("/v1/products", use: create)
        router.post("/v1/products/{key}/roles", use: addRole)
    }

    @Sendable func addRole(_ request: Request, context: AppContext) async throws -> JSONResponse<ProductJSON> {
        let identity = try context.requireIdentity()
        try CatalogManagement.requireEditor(identity.actor)
        let productKey = context.parameters.get("key") ?? ""
        let body = try await request.decodeBody(RoleBody.self, context: context)
        let product = try await store.transaction(by: identity.auditActor) { records in
            try await CatalogManagement.addRole(body.key, permissions: body.permissions, to: productKey, by: identity.actor, in: records)
        }.value
        return JSONResponse(ProductJSON(product), status: .created)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> JSONResponse<ItemsBody<ProductJSON>> {
        _ = try context.requireIdentity()
        return JSONResponse(ItemsBody(items: try await store.products().map(ProductJSON.init)))
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> JSONResponse<ProductJSON> {
        let identity = try context.requireIdentity()
        try CatalogManagement.requireEditor(identity.actor)
        let body = try await request.decodeBody(CreateBody.self, context: context)
        let order = ProductOrder(key: body.key, name: body.name, roles: body.roles?.map { ($0.key, $0.permissions) })
        let product = try await store.transaction(by: identity.auditActor) { records in
            try await CatalogManagement.create(order, by: identity.actor, in: records)
        }.value
        return JSONResponse(ProductJSON(product), status: .created)
    }
}
