import Foundation
import Hummingbird
import StewardCore
import StewardStore

/// `/v1/relationships`: operators open them, customer admins answer and limit them, both sides end them.
struct RelationshipRoutes {
    let store: Store
    let relationships: RelationshipService

    struct OpenBody: RequestBody {
        var partnerID: OrgID
        var customerID: OrgID
        enum CodingKeys: String, CodingKey, CaseIterable { case partnerID = "partner_id", customerID = "customer_id" }
    }

    struct ApproveBody: RequestBody {
        var privilege: Privilege?
        enum CodingKeys: String, CodingKey, CaseIterable { case privilege }
    }

    struct PatchBody: RequestBody {
        var privilege: Privilege
        enum CodingKeys: String, CodingKey, CaseIterable { case privilege }
    }

    func register(on routes: APIRoutes) {
        let router = routes.callers(.manage)
        router.post("/v1/relationships", use: open)
        router.get("/v1/relationships", use: list)
        router.get("/v1/relationships/{id}", use: get)
        router.patch("/v1/relationships/{id}", use: patch)
        router.post("/v1/relationships/{id}/approve", use: approve)
        router.post("/v1/relationships/{id}/reject") { request, context in try await act(.reject, request, context) }
        router.post("/v1/relationships/{id}/revoke") { request, context in try await act(.revoke, request, context) }
        router.post("/v1/relationships/{id}/terminate") { request, context in try await act(.terminate, request, context) }
    }

    @Sendable func open(_ request: Request, context: AppContext) async throws -> JSONResponse<RelationshipJSON> {
        let identity = try context.requireIdentity()
        try RelationshipPolicy.mayOpen(identity.actor).require()
        let body = try await request.decodeBody(OpenBody.self, context: context)
        let relationship = try await relationships.open(partner: body.partnerID, customer: body.customerID, by: identity)
        return JSONResponse(RelationshipJSON(relationship), status: .created, headers: OrgRoutes.etag(relationship.version))
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> JSONResponse<ListBody<RelationshipJSON>> {
        let identity = try context.requireIdentity()
        let query = request.uri.queryParameters
        var filter = RelationshipFilter()
        filter.partnerID = query["partner_id"].map { OrgID(String($0)) }
        filter.customerID = query["customer_id"].map { OrgID(String($0)) }
        if let status = query["status"] {
            guard let parsed = RelationshipStatus(rawValue: String(status)) else {
                throw ValidationFailure([FieldError("status", "must be one of \(RelationshipStatus.allCases.map(\.rawValue).joined(separator: ", "))")])
            }
            filter.status = parsed
        }
        switch RelationshipPolicy.listScope(identity.actor) {
        case .all: break
        case .involving(let org): filter.involving = org
        case .none: return JSONResponse(ListBody(items: [], nextCursor: nil))
        }
        let page = try await store.relationships(filter, page: try request.pageRequest())
        return JSONResponse(ListBody(items: page.items.map(RelationshipJSON.init), nextCursor: Cursor.encode(page.nextCursor)))
    }

    @Sendable func get(_ request: Request, context: AppContext) async throws -> JSONResponse<RelationshipJSON> {
        let identity = try context.requireIdentity()
        let relationship = try await relationships.visible(try context.pathID("id"), to: identity.actor)
        return JSONResponse(RelationshipJSON(relationship), headers: OrgRoutes.etag(relationship.version))
    }

    @Sendable func approve(_ request: Request, context: AppContext) async throws -> JSONResponse<Revised<RelationshipJSON>> {
        let identity = try context.requireIdentity()
        let id: RelationshipID = try context.pathID("id")
        let body = try await request.decodeOptionalBody(ApproveBody.self, context: context)
        // Approval gives `support` unless the customer admin explicitly chooses `manage`.
        let written = try await relationships.transition(id, .approve(body?.privilege ?? .support), by: identity, expectedVersion: try request.ifMatchVersion())
        return JSONResponse(Revised(value: RelationshipJSON(written.value), revision: written.revision), headers: OrgRoutes.etag(written.value.version))
    }

    @Sendable func patch(_ request: Request, context: AppContext) async throws -> JSONResponse<Revised<RelationshipJSON>> {
        let identity = try context.requireIdentity()
        let id: RelationshipID = try context.pathID("id")
        _ = try await relationships.visible(id, to: identity.actor)
        let body = try await request.decodeBody(PatchBody.self, context: context)
        let written = try await relationships.transition(id, .changePrivilege(body.privilege), by: identity, expectedVersion: try request.ifMatchVersion())
        return JSONResponse(Revised(value: RelationshipJSON(written.value), revision: written.revision), headers: OrgRoutes.etag(written.value.version))
    }

    @Sendable func act(_ action: RelationshipAction, _ request: Request, _ context: AppContext) async throws -> JSONResponse<Revised<RelationshipJSON>> {
        let identity = try context.requireIdentity()
        try await request.requireNoBody(context: context)
        let written = try await relationships.transition(try context.pathID("id"), action, by: identity, expectedVersion: try request.ifMatchVersion())
        return JSONResponse(Revised(value: RelationshipJSON(written.value), revision: written.revision), headers: OrgRoutes.etag(written.value.version))
    }
}
