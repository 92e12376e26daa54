import Hummingbird
import StewardCore
import StewardStore

/// `GET /v1/products` (any signed-in caller) and `POST /v1/products` (operators).
struct ProductRoutes {
    let store: Store

    struct RoleBody: Decodable, Sendable {
        var key: String
        var permissions: [Permission]
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
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> JSONResponse<ItemsBody<Product>> {
        _ = try context.requireIdentity()
        return JSONResponse(ItemsBody(items: try await store.products()))
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> JSONResponse<Product> {
        let identity = try context.requireIdentity()
        try OrgPolicy.mayEditCatalog(identity.actor).require()
        let body = try await request.decodeBody(CreateBody.self, context: context)
        var validator = Validator()
        let key = validator.key("key", body.key)
        let name = validator.name("name", body.name)
        var roles = ProductRole.defaults
        if let given = body.roles {
            if given.isEmpty || given.count > 20 { validator.add("roles", "must list 1–20 roles") }
            for (index, role) in given.enumerated() {
                _ = validator.key("roles[\(index)].key", role.key)
                if role.permissions.isEmpty { validator.add("roles[\(index)].permissions", "must grant at least one permission") }
            }
            if Set(given.map(\.key)).count != given.count { validator.add("roles", "role keys must be distinct") }
            roles = given.map { ProductRole(key: $0.key, permissions: Set($0.permissions)) }
        }
        try validator.check()
        let product = try await store.createProduct(Product(key: key!, name: name!, roles: roles), by: identity.auditActor).value
        return JSONResponse(product, status: .created)
    }
}
