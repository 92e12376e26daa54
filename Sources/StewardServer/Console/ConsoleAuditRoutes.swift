import Foundation
import HTTPTypes
import Hummingbird
import StewardCore
import StewardStore

/// The audit trail in the console, newest first, filtered as `GET /v1/audit` is and scoped by the same
/// `AuditPolicy`; its download streams `AuditExport` with the filters on screen.
struct ConsoleAuditRoutes {
    let store: Store
    let pages: PageRenderer

    func register(on routes: ConsoleRoutes) {
        let router = routes.signedIn(.auditTrail)
        router.get("/console/audit", use: list)
        router.get("/console/audit/export", use: export)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let shown = AuditFilterFields(request)
        let filter: AuditFilter
        let before: Int?
        do {
            filter = try AuditPolicy.scoped(try request.auditFilter(), actor: identity.actor).get()
            before = try Self.cursor(request)
        } catch let failure as ValidationFailure {
            let page = AuditPage(layout: Layout(identity, title: "Audit trail", errors: failure.errors), filters: shown, actions: shown.actionChoices)
            return pages.render(page, status: .badRequest)
        }
        let found = try await store.auditEvents(filter, after: before, newestFirst: true, limit: 50)
        let users = try await store.users(ids: Set(found.items.compactMap(\.actorUserID)))
        let orgs = try await store.orgs(ids: Set(found.items.flatMap { [$0.tenantID, $0.actorOrgID].compactMap(\.self) }))
        let words = ConsoleWords(identity)
        let rows = found.items.map { AuditRow($0, users: users, orgs: orgs, words: words, filters: shown) }
        return pages.render(AuditPage(
            layout: Layout(identity, title: "Audit trail"), filters: shown, actions: shown.actionChoices, events: rows, hasEvents: !rows.isEmpty,
            olderLink: found.nextCursor.map { shown.link(cursor: Cursor.encode($0)) }, newestLink: before == nil ? nil : shown.link(),
            csvLink: shown.exportLink("csv"), jsonlLink: shown.exportLink("jsonl")
        ))
    }

    @Sendable func export(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let format = try AuditExport.format(of: request)
        let filter = try AuditPolicy.scoped(try request.auditFilter(), actor: identity.actor).get()
        return try await AuditExport.response(filter, format: format, store: store)
    }

    private static func cursor(_ request: Request) throws -> Int? {
        guard let text = request.uri.queryParameters["cursor"], !text.isEmpty else { return nil }
        guard let seq = Cursor.decode(String(text)).flatMap(Int.init) else {
            throw ValidationFailure([FieldError("cursor", "is not a cursor this server issued")])
        }
        return seq
    }
}
