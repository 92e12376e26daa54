import Foundation
import Hummingbird
import StewardCore
import StewardStore

/// Tenant lists, tenant sessions (short-lived signed tokens for product consoles) and the JWKS.
struct TenantRoutes {
    let store: Store
    let signer: TokenSigner
    let directory: TenantDirectory

    struct Tenant: Encodable, Sendable {
        var orgID: OrgID
        var name: String
        var kind: OrgKind
        var source: MembershipSource
        var platformAdmin: Bool
        var products: [ProductGrant]
        var expiresAt: Date?
        enum CodingKeys: String, CodingKey {
            case orgID = "org_id", name, kind, source, platformAdmin = "platform_admin", products, expiresAt = "expires_at"
        }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(orgID, forKey: .orgID)
            try container.encode(name, forKey: .name)
            try container.encode(kind, forKey: .kind)
            try container.encode(source, forKey: .source)
            try container.encode(platformAdmin, forKey: .platformAdmin)
            try container.encode(products, forKey: .products)
            try container.encode(expiresAt, forKey: .expiresAt)
        }
    }

    struct SessionBody: RequestBody {
        var tenantID: OrgID
        enum CodingKeys: String, CodingKey, CaseIterable { case tenantID = "tenant_id" }
    }

    struct SessionCreated: Encodable, Sendable {
        var token: String
        var expiresAt: Date
        var tenantID: OrgID
        enum CodingKeys: String, CodingKey { case token, expiresAt = "expires_at", tenantID = "tenant_id" }
    }

    func register(on routes: APIRoutes) {
        routes.callers(.manage).get("/v1/me/tenants") { _, context in
            let identity = try context.requireIdentity()
            return JSONResponse(ItemsBody(items: try await tenants(of: identity.user)))
        }
        routes.callers(.listTenants).get("/v1/users/{id}/tenants", use: userTenants)
        routes.callers(.manage).post("/v1/tenant-sessions", use: createSession)
        let signer = signer
        // A minute's cache: a verifier meeting an unknown `kid` after a rotation fetches again soon.
        routes.anyone.get("/.well-known/jwks.json") { _, _ in
            JSONResponse(try await signer.jwks(), headers: [.cacheControl: "public, max-age=60"])
        }
    }

    /// Home org first, then managed and team tenants, oldest first; only memberships active now.
    func tenants(of user: User) async throws -> [Tenant] {
        try await directory.tenants(of: user).map { tenant in
            let membership = tenant.membership
            return Tenant(orgID: membership.tenantID, name: tenant.name, kind: tenant.kind, source: membership.source,
                          platformAdmin: membership.platformAdmin, products: membership.products, expiresAt: membership.expiresAt)
        }
    }

    @Sendable func userTenants(_ request: Request, context: AppContext) async throws -> JSONResponse<ItemsBody<Tenant>> {
        let identity = try context.requireIdentity()
        let userID: UserID = try context.pathID("id")
        try CredentialPolicy.mayListTenants(of: userID, caller: identity.caller).get()
        guard let user = try await store.user(userID) else { throw Refused.notFound }
        return JSONResponse(ItemsBody(items: try await tenants(of: user)))
    }

    @Sendable func createSession(_ request: Request, context: AppContext) async throws -> JSONResponse<SessionCreated> {
        let identity = try context.requireIdentity()
        let body = try await request.decodeBody(SessionBody.self, context: context)
        let now = store.now
        // The claims come from the decision itself, read whole in one snapshot: ceiling and licences applied.
        let facts = try await store.accessFacts(user: identity.user.id, tenant: body.tenantID)
        guard let grant = TenantGrant.of(facts, at: now),
              let membership = try await store.memberships(of: identity.user.id)
                .first(where: { $0.tenantID == body.tenantID && $0.status(at: now) == .active })
        else { throw Refused.noLiveAccessToTenant }
        let signed = try await signer.sign(user: identity.user, tenant: body.tenantID, grant: grant, now: now)
        try await store.recordTenantSession(membership, user: identity.user)
        return JSONResponse(SessionCreated(token: signed.token, expiresAt: signed.expiresAt, tenantID: body.tenantID), status: .created)
    }
}
