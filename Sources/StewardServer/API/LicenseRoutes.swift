import Foundation
import Hummingbird
import StewardCore
import StewardStore

/// `/v1/orgs/{id}/licenses`, through `LicenseManagement`.
struct LicenseRoutes {
    let store: Store
    let limits: LicenseLimits
    let mail: AccessMailComposer

    struct CreateBody: RequestBody {
        var product: String
        var kind: LicenseKind
        var expiresAt: Date?
        var region: String?
        var productAdminUserID: UserID?
        enum CodingKeys: String, CodingKey, CaseIterable {
            case product, kind, expiresAt = "expires_at", region, productAdminUserID = "product_admin_user_id"
        }
    }

    func register(on routes: APIRoutes) {
        let router = routes.callers(.manage)
        router.get("/v1/orgs/{id}/licenses", use: list)
        router.post("/v1/orgs/{id}/licenses", use: create)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> JSONResponse<ListBody<LicenseJSON>> {
        let identity = try context.requireIdentity()
        let now = store.now
        let licenses = try await LicenseManagement.list(of: try context.pathID("id"), by: identity.actor, in: store)
        return JSONResponse(ListBody(items: licenses.map { LicenseJSON(license: $0, status: $0.isValid(at: now) ? "active" : "expired") }, nextCursor: nil))
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> JSONResponse<LicenseJSON> {
        let identity = try context.requireIdentity()
        let customer: OrgID = try context.pathID("id")
        _ = try await LicenseManagement.reachableCustomer(customer, by: identity.actor, in: store)
        let body = try await request.decodeBody(CreateBody.self, context: context)
        let order = LicenseOrder(product: body.product, kind: body.kind, expiresAt: body.expiresAt, region: body.region, productAdminUserID: body.productAdminUserID)
        let written = try await store.transaction(by: identity.auditActor) { [limits, mail] records in
            try await LicenseManagement.create(order, on: customer, by: identity.actor, limits: limits, mail: mail, in: records)
        }
        return JSONResponse(LicenseJSON(license: written.value, status: "active", revision: written.revision), status: .created)
    }
}
