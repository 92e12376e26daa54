import Foundation
import HTTPTypes
import Hummingbird
import StewardCore
import StewardStore

/// Licence requests in the console: a partner admin asks from a licence's menu on the customer page; operators
/// answer from their inbox. Both through `LicenseRequestManagement`, as the API is.
struct ConsoleLicenseRequestRoutes {
    let store: Store
    let pages: PageRenderer
    let cookies: ConsoleCookies
    let licensingContact: EmailAddress

    func register(on routes: ConsoleRoutes) {
        routes.signedIn(.managedCustomers).post("/console/licenses/{id}/requests", use: request)
        let desk = routes.signedIn(.vendorDesk)
        desk.get("/console/license-requests", use: inbox)
        desk.post("/console/license-requests/{id}/resolve", use: resolve)
    }

    @Sendable func request(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id: LicenseID = try context.pathID("id")
        let license = try await LicenseRequestManagement.requireRequester(id, by: identity.actor, in: store)
        let form = try await request.decodeForm(LicenseRequestForm.self, context: context)
        do {
            guard let type = form.type.flatMap(LicenseRequestType.init(rawValue:)) else {
                throw ValidationFailure([FieldError("type", "choose an extension or a purchase")])
            }
            _ = try await store.transaction(by: identity.auditActor) { [licensingContact] records in
                try await LicenseRequestManagement.request(type, note: form.note.nonBlank, on: id, by: identity.actor, licensingContact: licensingContact, in: records)
            }
            let asked = type == .extend ? "an extension" : "a purchase"
            return try ConsoleNotice.redirect(
                to: "/console/customers/\(license.customerID)", "Asked the vendor for \(asked); you will get an email with the answer.", cookies: cookies
            )
        } catch let failure as ValidationFailure {
            return try await CustomerPageRenderer(store: store, pages: pages).render(license.customerID, identity: identity, errors: failure.errors, status: .badRequest)
        }
    }

    @Sendable func inbox(_ request: Request, context: AppContext) async throws -> Response {
        try await renderInbox(identity: try context.requireIdentity(), errors: [], status: .ok)
    }

    @Sendable func resolve(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id: LicenseRequestID = try context.pathID("id")
        _ = try await LicenseRequestManagement.requireResolver(id, by: identity.actor, in: store)
        let form = try await request.decodeForm(LicenseResolveForm.self, context: context)
        do {
            guard let action = form.action.flatMap(LicenseResolution.init(rawValue:)) else {
                throw ValidationFailure([FieldError("action", "choose extend, convert or decline")])
            }
            let end = try form.expiresOn.day(field: "expires_at")
            let resolved = try await store.transaction(by: identity.auditActor) { records in
                try await LicenseRequestManagement.resolve(id, action, expiresAt: end, by: identity.actor, in: records)
            }.value
            let words = ConsoleWords(identity, products: try await store.products())
            let outcome: String =
                switch resolved.request.status {
                case .extended: "Extended: the licence now ends \(words.shown(resolved.license.expiresAt, empty: "never").text)."
                case .converted: "Converted to a paid licence."
                case .declined, .open: "Declined; the licence is unchanged."
                }
            return try ConsoleNotice.redirect(to: "/console/license-requests", outcome + " The partner's admins are emailed.", cookies: cookies)
        } catch let failure as ValidationFailure {
            return try await renderInbox(identity: identity, errors: failure.errors, status: .badRequest)
        }
    }

    private func renderInbox(identity: Identity, errors: [FieldError], status: HTTPResponse.Status) async throws -> Response {
        let requests = try await LicenseRequestManagement.list(by: identity.actor, status: nil, before: nil, limit: 500, in: store)
        let orgs = try await store.orgs(ids: Set(requests.flatMap { [$0.partnerID, $0.customerID] }))
        let words = ConsoleWords(identity, products: try await store.products())
        var rows: [LicenseRequestRow] = []
        for request in requests {
            rows.append(LicenseRequestRow(request, license: try await store.license(request.licenseID), orgs: orgs, words: words))
        }
        return pages.render(LicenseRequestsPage(
            layout: Layout(identity, title: "Licence requests", errors: errors), rows: rows
        ), status: status)
    }
}
