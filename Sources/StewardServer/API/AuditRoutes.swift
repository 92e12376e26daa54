import Foundation
import Hummingbird
import StewardCore
import StewardStore

/// `GET /v1/audit` and `/v1/audit/export`: operators see every event; an org's admins the events that concern
/// their org (`AuditPolicy`).
struct AuditRoutes {
    let store: Store

    func register(on routes: APIRoutes) {
        let router = routes.callers(.manage)
        router.get("/v1/audit", use: list)
        router.get("/v1/audit/export", use: export)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> JSONResponse<ListBody<AuditEventJSON>> {
        let actor = try context.requireIdentity().actor
        let (filter, after) = try Self.parse(request)
        let scoped = try AuditPolicy.scoped(filter, actor: actor).get()
        let page = try await store.auditEvents(scoped, after: after, limit: try request.pageRequest().limit)
        return JSONResponse(ListBody(items: page.items.map(AuditEventJSON.init), nextCursor: Cursor.encode(page.nextCursor)))
    }

    @Sendable func export(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requireIdentity().actor
        let format = try AuditExport.format(of: request)
        let scoped = try AuditPolicy.scoped(try request.auditFilter(), actor: actor).get()
        return try await AuditExport.response(scoped, format: format, store: store)
    }

    /// The filters and the cursor, their problems reported together.
    private static func parse(_ request: Request) throws -> (AuditFilter, Int?) {
        var problems: [FieldError] = []
        var filter = AuditFilter()
        do { filter = try request.auditFilter() } catch let failure as ValidationFailure { problems = failure.errors }
        var after: Int?
        if let cursor = request.uri.queryParameters["cursor"], !cursor.isEmpty {
            if let decoded = Cursor.decode(String(cursor)).flatMap(Int.init) { after = decoded } else { problems.append(FieldError("cursor", "is not a cursor this server issued")) }
        }
        if !problems.isEmpty { throw ValidationFailure(problems) }
        return (filter, after)
    }
}
