import Foundation
import Hummingbird
import StewardCore
import StewardStore

/// `/v1/partners/{id}/…`: a managed-service partner's own customers, through `POCCustomerCreation`.
struct PartnerRoutes {
    let store: Store
    let regions: [String]
    let mail: AccessMailComposer

    struct CreateCustomerBody: RequestBody {
        var name: String
        var address: AddressJSON
        var region: String
        var firstUserID: UserID
        var products: [String]
        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, address, region, firstUserID = "first_user_id", products
        }
    }

    /// Everything one creation wrote, and the revision a check can pin.
    struct CreatedCustomer: Encodable, Sendable {
        var customer: OrgJSON
        var relationship: RelationshipJSON
        var licenses: [LicenseJSON]
        var membership: MembershipJSON
        var revision: String
    }

    func register(on routes: APIRoutes) {
        routes.callers(.manage).post("/v1/partners/{id}/customers", use: createCustomer)
    }

    @Sendable func createCustomer(_ request: Request, context: AppContext) async throws -> JSONResponse<CreatedCustomer> {
        let identity = try context.requireIdentity()
        let partner: OrgID = try context.pathID("id")
        _ = try await POCCustomerCreation.requireCreator(for: partner, by: identity.actor, in: store)
        let body = try await request.decodeBody(CreateCustomerBody.self, context: context)
        let order = POCCustomerOrder(name: body.name, address: body.address.address, region: body.region, firstUserID: body.firstUserID, products: body.products)
        let written = try await store.transaction(by: identity.auditActor) { [regions, mail] records in
            try await POCCustomerCreation.create(order, for: partner, by: identity.actor, regions: regions, mail: mail, in: records)
        }
        let created = written.value
        return JSONResponse(CreatedCustomer(
            customer: OrgJSON(created.customer), relationship: RelationshipJSON(created.relationship),
            licenses: created.licenses.map { LicenseJSON(license: $0, status: "active") }, membership: MembershipJSON(created.membership),
            revision: String(written.revision)
        ), status: .created)
    }
}
