import Foundation
import Hummingbird
import StewardCore
import StewardStore

/// The operators' view of the mail outbox: what was sent, what waits, what failed and why.
struct ConsoleOutboxRoutes {
    let store: Store
    let pages: PageRenderer

    func register(on routes: ConsoleRoutes) {
        let router = routes.signedIn(.vendorDesk)
        router.get("/console/outbox", use: list)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let page = try await store.outbox(page: try request.pageRequest())
        var data = ConsoleLayout.data(identity: identity, title: "Mail outbox")
        data["messages"] = page.items.map { item -> [String: Any] in
            [
                "id": item.id, "kind": item.message.kind, "to": item.message.to.map(\.value).joined(separator: "\n"),
                "subject": item.message.subject, "body": item.message.body, "state": item.state,
                "created_at": Timestamp.format(item.createdAt), "attempts": item.attempts,
                "last_error": item.lastError ?? false as Any,
            ]
        }
        data["has_messages"] = !page.items.isEmpty
        data["next_cursor"] = Cursor.encode(page.nextCursor) ?? false as Any
        return pages.render(.outbox, data)
    }
}
