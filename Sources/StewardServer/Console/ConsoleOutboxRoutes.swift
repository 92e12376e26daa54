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
        let words = ConsoleWords(identity)
        let rows = page.items.map { item in
            OutboxRow(
                id: item.id, kind: item.message.kind, to: item.message.to.map(\.value).joined(separator: "\n"), subject: item.message.subject,
                body: Self.redacted(item.message.body), state: item.state, createdAt: words.shown(item.createdAt, empty: ""), attempts: item.attempts, lastError: item.lastError
            )
        }
        return pages.render(OutboxPage(
            layout: Layout(identity, title: "Mail outbox"), messages: rows, hasMessages: !rows.isEmpty, nextCursor: Cursor.encode(page.nextCursor)
        ))
    }

    /// A set-password link is the invited user's alone: operators see that one was sent, not the link.
    static func redacted(_ body: String) -> String {
        body.replacing(/\/invitation\/[A-Za-z0-9_-]+/, with: "/invitation/[hidden]")
    }
}
