import Foundation
import Hummingbird
import StewardCore
import StewardStore

/// Licence extension and purchase requests, through `LicenseRequestManagement`.
struct LicenseRequestRoutes {
    let store: Store
    let licensingContact: EmailAddress

    struct RequestBody: StewardServer.RequestBody {
        var type: LicenseRequestType
        var note: String?
        enum CodingKeys: String, CodingKey, CaseIterable { case type, note }
    }

    struct ResolveBody: StewardServer.RequestBody {
        var action: LicenseResolution
        var expiresAt: Date?
        enum CodingKeys: String, CodingKey, CaseIterable { case action, expiresAt = "expires_at" }
    }

    func register(on routes: APIRoutes) {
        let router = routes.callers(.manage)
        router.post("/v1/licenses/{id}/requests", use: create)
        router.get("/v1/license-requests", use: list)
        router.post("/v1/license-requests/{id}/resolve", use: resolve)
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> JSONResponse<LicenseRequestJSON> {
        let identity = try context.requireIdentity()
        let id: LicenseID = try context.pathID("id")
        _ = try await LicenseRequestManagement.requireRequester(id, by: identity.actor, in: store)
        let body = try await request.decodeBody(RequestBody.self, context: context)
        let created = try await store.transaction(by: identity.auditActor) { [licensingContact] records in
            try await LicenseRequestManagement.request(body.type, note: body.note, on: id, by: identity.actor, licensingContact: licensingContact, in: records)
        }.value
        return JSONResponse(LicenseRequestJSON(request: created), status: .created)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> JSONResponse<ListBody<LicenseRequestJSON>> {
        let identity = try context.requireIdentity()
        var status: LicenseRequestStatus?
        if let text = request.uri.queryParameters["status"] {
            guard let known = LicenseRequestStatus(rawValue: String(text)) else {
                throw ValidationFailure([FieldError("status", "must be open, extended, converted or declined")])
            }
            status = known
        }
        let page = try request.pageRequest()
        let found = try await LicenseRequestManagement.list(
            by: identity.actor, status: status, before: page.after.map(LicenseRequestID.init), limit: page.limit + 1, in: store
        )
        let items = Array(found.prefix(page.limit))
        return JSONResponse(ListBody(
            items: items.map { LicenseRequestJSON(request: $0) }, nextCursor: found.count > page.limit ? Cursor.encode(items.last?.id.rawValue) : nil
        ))
    }

    @Sendable func resolve(_ request: Request, context: AppContext) async throws -> JSONResponse<LicenseRequestJSON> {
        let identity = try context.requireIdentity()
        let id: LicenseRequestID = try context.pathID("id")
        _ = try await LicenseRequestManagement.requireResolver(id, by: identity.actor, in: store)
        let body = try await request.decodeBody(ResolveBody.self, context: context)
        let now = store.now
        let written = try await store.transaction(by: identity.auditActor) { records in
            try await LicenseRequestManagement.resolve(id, body.action, expiresAt: body.expiresAt, by: identity.actor, in: records)
        }
        let (resolved, license) = written.value
        return JSONResponse(LicenseRequestJSON(
            request: resolved, license: LicenseJSON(license: license, status: license.isValid(at: now) ? "active" : "expired"), revision: written.revision
        ))
    }
}
