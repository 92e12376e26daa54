import Foundation
import HTTPTypes
import Hummingbird
import StewardCore
import StewardStore

/// The access review page: a customer admin reviews who from outside holds access, a partner admin where its
/// own users do. Sortable, with a CSV download as evidence and bulk removal behind one confirmation.
struct ConsoleAccessReviewRoutes {
    let store: Store
    let pages: PageRenderer
    let cookies: ConsoleCookies

    func register(on routes: ConsoleRoutes) {
        let router = routes.signedIn(.accessReview)
        router.get("/console/access-review", use: page)
        router.get("/console/access-review/export", use: export)
        router.post("/console/access-review/remove", use: remove)
    }

    /// The reviewer's own org: a console review always covers it.
    static func scope(of identity: Identity) -> ReviewScope {
        identity.actor.orgKind == .customer ? .customer(identity.actor.orgID) : .partner(identity.actor.orgID)
    }

    @Sendable func page(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let sort = AccessReviewSort(request)
        do {
            let (scope, staleDays) = try request.reviewQuery(fallback: Self.scope(of: identity))
            let reviewed = try await AccessReview.list(scope, staleDays: staleDays, by: identity.actor, in: store)
            return pages.render(AccessReviewPage(identity: identity, scope: scope, reviewed: reviewed, staleDays: staleDays, sort: sort))
        } catch let failure as ValidationFailure {
            let page = AccessReviewPage(identity: identity, scope: Self.scope(of: identity), reviewed: [], staleDays: AccessReview.defaultStaleDays, sort: sort, errors: failure.errors)
            return pages.render(page, status: .badRequest)
        }
    }

    @Sendable func export(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (scope, staleDays) = try request.reviewQuery(fallback: Self.scope(of: identity))
        let reviewed = try await AccessReview.list(scope, staleDays: staleDays, by: identity.actor, in: store)
        let text = CSVText.line(ReviewedAccessJSON.csvColumns) + reviewed.map(ReviewedAccessJSON.csvLine).joined()
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"steward-access-review-\(Timestamp.format(store.now).prefix(10)).csv\""
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// The chosen accesses: without `confirmed`, the page again with the confirmation; with it, all removed or none.
    @Sendable func remove(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let form = try await request.decodeForm(AccessReviewRemovalForm.self, context: context)
        let scope = Self.scope(of: identity)
        let staleDays = (try? AccessReview.staleDays(form.staleDays).get()) ?? AccessReview.defaultStaleDays
        let ids = (form.membershipIDs ?? []).map(MembershipID.init)
        let reviewed = try await AccessReview.list(scope, staleDays: staleDays, by: identity.actor, in: store)
        do {
            guard form.confirmed == "yes" else {
                guard !ids.isEmpty else { throw ValidationFailure([FieldError("membership_id", "choose at least one")]) }
                // An id outside this review reads as absent, whether it exists or not.
                guard Set(ids.map(\.rawValue)).isSubset(of: reviewed.map(\.entry.membership.id.rawValue)) else { throw Refused.notFound }
                var page = AccessReviewPage(identity: identity, scope: scope, reviewed: reviewed, staleDays: staleDays, sort: AccessReviewSort())
                page.confirm(ids, among: reviewed)
                return pages.render(page)
            }
            let removed = try await store.transaction(by: identity.auditActor) { records in
                try await AccessReview.remove(ids, in: scope, staleDays: staleDays, by: identity.actor, mail: Steward.accessMail, records: records)
            }.value
            let count = removed.count == 1 ? "1 access" : "\(removed.count) accesses"
            return try ConsoleNotice.redirect(
                to: "/console/access-review?stale_days=\(staleDays)", "Removed \(count). Each person and the customer's admins are emailed.", cookies: cookies
            )
        } catch let failure as ValidationFailure {
            let page = AccessReviewPage(identity: identity, scope: scope, reviewed: reviewed, staleDays: staleDays, sort: AccessReviewSort(), errors: failure.errors)
            return pages.render(page, status: .badRequest)
        } catch let refusal as BulkRefusal {
            let names = Dictionary(reviewed.map { ($0.entry.membership.id, $0.entry.user.name) }, uniquingKeysWith: { first, _ in first })
            let errors = refusal.items.sorted { $0.key < $1.key }.map { index, detail in
                FieldError("membership_id", "\(index < ids.count ? names[ids[index]] ?? "an access" : "an access") — \(detail). Nothing was removed")
            }
            let page = AccessReviewPage(identity: identity, scope: scope, reviewed: reviewed, staleDays: staleDays, sort: AccessReviewSort(), errors: errors)
            return pages.render(page, status: .conflict)
        }
    }
}

struct AccessReviewRemovalForm: Decodable {
    var membershipIDs: [String]?
    var staleDays: String?
    var confirmed: String?

    enum CodingKeys: String, CodingKey { case membershipIDs = "membership_id", staleDays = "stale_days", confirmed }
}
