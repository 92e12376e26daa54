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

    /// A partial edit: a field present replaces, `null` clears, absent leaves it alone.
    struct ProfilePatchBody: RequestBody {
        var contact: ContactJSON??
        var billingContact: ContactJSON??
        var status: PartnerStatus??
        var address: AddressJSON??
        var prices: [PriceJSON]?
        enum CodingKeys: String, CodingKey, CaseIterable { case contact, billingContact = "billing_contact", status, address, prices }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            func field<T: Decodable>(_ key: CodingKeys, _ type: T.Type) throws -> T?? {
                container.contains(key) ? .some(try container.decodeIfPresent(type, forKey: key)) : nil
            }
            contact = try field(.contact, ContactJSON.self)
            billingContact = try field(.billingContact, ContactJSON.self)
            status = try field(.status, PartnerStatus.self)
            address = try field(.address, AddressJSON.self)
            prices = try container.decodeIfPresent([PriceJSON].self, forKey: .prices)
        }

        var changes: ProfileChanges {
            ProfileChanges(
                contact: contact.map { $0?.input }, billingContact: billingContact.map { $0?.input }, address: address.map { $0?.address }, status: status,
                prices: prices?.map { PriceInput(product: $0.product, amount: $0.amount, currency: $0.currency) }
            )
        }
    }

    struct ConfigBody: RequestBody {
        var outboundIPs: [String]
        var inboundIPs: [String]
        var smarthost: String?
        enum CodingKeys: String, CodingKey, CaseIterable { case outboundIPs = "outbound_ips", inboundIPs = "inbound_ips", smarthost }
    }

    func register(on routes: APIRoutes) {
        let router = routes.callers(.manage)
        router.post("/v1/partners/{id}/customers", use: createCustomer)
        router.get("/v1/partners/{id}/profile", use: profile)
        router.patch("/v1/partners/{id}/profile", use: patchProfile)
        router.get("/v1/partners/{id}/config", use: config)
        router.put("/v1/partners/{id}/config", use: putConfig)
    }

    @Sendable func profile(_ request: Request, context: AppContext) async throws -> JSONResponse<PartnerProfileJSON> {
        let identity = try context.requireIdentity()
        return JSONResponse(PartnerProfileJSON(value: try await PartnerSettingsManagement.read(try context.pathID("id"), by: identity.actor, in: store)))
    }

    @Sendable func patchProfile(_ request: Request, context: AppContext) async throws -> JSONResponse<PartnerProfileJSON> {
        let identity = try context.requireIdentity()
        let partner: OrgID = try context.pathID("id")
        _ = try await PartnerSettingsManagement.read(partner, by: identity.actor, in: store)
        let changes = try await request.decodeBody(ProfilePatchBody.self, context: context).changes
        let saved = try await store.transaction(by: identity.auditActor) { records in
            try await PartnerSettingsManagement.updateProfile(partner, changes, by: identity.actor, in: records)
        }.value
        return JSONResponse(PartnerProfileJSON(value: saved))
    }

    @Sendable func config(_ request: Request, context: AppContext) async throws -> JSONResponse<PartnerConfigJSON> {
        let identity = try context.requireIdentity()
        return JSONResponse(PartnerConfigJSON(value: try await PartnerSettingsManagement.read(try context.pathID("id"), by: identity.actor, in: store)))
    }

    @Sendable func putConfig(_ request: Request, context: AppContext) async throws -> JSONResponse<PartnerConfigJSON> {
        let identity = try context.requireIdentity()
        let partner: OrgID = try context.pathID("id")
        _ = try await PartnerSettingsManagement.read(partner, by: identity.actor, in: store)
        let body = try await request.decodeBody(ConfigBody.self, context: context)
        let config = PartnerConfig(outboundIPs: body.outboundIPs, inboundIPs: body.inboundIPs, smarthost: body.smarthost)
        let saved = try await store.transaction(by: identity.auditActor) { records in
            try await PartnerSettingsManagement.replaceConfig(partner, config, by: identity.actor, in: records)
        }.value
        return JSONResponse(PartnerConfigJSON(value: saved))
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
