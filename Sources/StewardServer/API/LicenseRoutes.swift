import Foundation
import Hummingbird
import StewardCore
import StewardStore

/// `/v1/orgs/{id}/licenses`: operators create any kind; a partner admin of an active managed relationship
/// creates POC licences only. Listing: operators, the customer's admins, and its managing partners' admins.
struct LicenseRoutes {
    let store: Store
    let regions: [String]
    let pocMaxDays: Int

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

    /// A licence with its status as of now.
    struct LicenseView: Encodable, Sendable {
        var license: License
        var status: String
        /// Set on the answer to a write: the revision a check can pin with `at_least_revision`.
        var revision: Int?
        private enum Keys: String, CodingKey { case status, revision }
        func encode(to encoder: any Encoder) throws {
            try license.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(status, forKey: .status)
            try container.encodeIfPresent(revision.map(String.init), forKey: .revision)
        }
    }

    func register(on routes: APIRoutes) {
        let router = routes.callers(.manage)
        router.get("/v1/orgs/{id}/licenses", use: list)
        router.post("/v1/orgs/{id}/licenses", use: create)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> JSONResponse<ListBody<LicenseView>> {
        let identity = try context.requireIdentity()
        let customer = try await reachableCustomer(try context.pathID("id"), identity: identity)
        try CustomerPolicy.mayListLicenses(identity.actor).require()
        let now = store.now
        let items = try await store.licenses(of: customer.id).map { LicenseView(license: $0, status: $0.isValid(at: now) ? "active" : "expired") }
        return JSONResponse(ListBody(items: items, nextCursor: nil))
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> JSONResponse<LicenseView> {
        let identity = try context.requireIdentity()
        let customer = try await reachableCustomer(try context.pathID("id"), identity: identity)
        let actor = identity.actor
        let body = try await request.decodeBody(CreateBody.self, context: context)
        let author = try CustomerPolicy.licenseAuthor(actor, kind: body.kind).get()
        var validator = Validator()
        let region = body.region ?? customer.region ?? regions.first ?? "us"
        if !regions.contains(region) { validator.add("region", "must be one of \(regions.joined(separator: ", "))") }
        let now = store.now
        var expiresAt: Date?
        switch LicenseRules.expiry(kind: body.kind, requested: body.expiresAt, startsAt: now, byPartner: author == .partner, pocMaxDays: pocMaxDays) {
        case .success(let date): expiresAt = date
        case .failure(let error): validator.add(error.field, error.message)
        }
        try validator.check()
        let written = try await store.createLicense(
            NewLicense(customerID: customer.id, product: body.product, kind: body.kind, region: region, expiresAt: expiresAt), by: identity.auditActor,
            productAdmin: body.productAdminUserID.map { ($0, actor) }
        )
        return JSONResponse(LicenseView(license: written.value, status: "active", revision: written.revision), status: .created)
    }

    /// A customer the caller may reach: operators any; its own users; admins of a partner with an active relationship to it.
    private func reachableCustomer(_ id: OrgID, identity: Identity) async throws -> Org {
        let org = try await store.org(id)
        let actor = identity.actor
        var related = false
        if let org, CustomerPolicy.reachDependsOnRelationship(org, actor: actor) {
            related = !(try await store.relationships(RelationshipFilter(partnerID: actor.orgID, customerID: id, status: .active))).items.isEmpty
        }
        try CustomerPolicy.reach(org, actor: actor, partnerHasActiveRelationship: related).require()
        return org!
    }
}
