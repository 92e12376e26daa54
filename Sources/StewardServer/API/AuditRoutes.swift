import Foundation
import Hummingbird
import StewardCore
import StewardStore

/// `GET /v1/audit`: operators see every event; an org's admins the events that concern their org.
struct AuditRoutes {
    let store: Store

    func register(on routes: APIRoutes) {
        let router = routes.callers(.manage)
        router.get("/v1/audit", use: list)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> JSONResponse<ListBody<AuditEventJSON>> {
        let identity = try context.requireIdentity()
        let actor = identity.actor
        let query = request.uri.queryParameters
        var validator = Validator()
        var filter = AuditFilter()
        if let org = query["org_id"] { filter.org = OrgID(String(org)) }
        if let action = query["action"] { filter.action = String(action.prefix(100)) }
        for (key, path) in [("since", \AuditFilter.since), ("until", \AuditFilter.until)] {
            if let text = query[Substring(key)] {
                if let date = Timestamp.parse(String(text)) { filter[keyPath: path] = date } else { validator.add(key, "must be an RFC 3339 time") }
            }
        }
        var after: Int?
        if let cursor = query["cursor"] {
            guard let decoded = Cursor.decode(String(cursor)).flatMap(Int.init) else {
                throw ValidationFailure([FieldError("cursor", "is not a cursor this server issued")])
            }
            after = decoded
        }
        try validator.check()
        filter.org = try AuditPolicy.scope(requested: filter.org, actor: actor).get()
        let limit = try request.pageRequest().limit
        let page = try await store.auditEvents(filter, after: after, limit: limit)
        return JSONResponse(ListBody(items: page.items.map(AuditEventJSON.init), nextCursor: Cursor.encode(page.nextCursor)))
    }
}
