import Foundation
import HTTPTypes
import Hummingbird
import StewardCore
import StewardStore

/// Create new customer (POC) on Manage Customer Access, through `POCCustomerCreation` as the API is.
struct ConsoleNewCustomerRoutes {
    let store: Store
    let pages: PageRenderer
    let cookies: ConsoleCookies
    let regions: [String]
    let mail: AccessMailComposer

    func register(on routes: ConsoleRoutes) {
        let area = routes.signedIn(.managedCustomers)
        area.get("/console/customers/new", use: show)
        area.post("/console/customers/new", use: create)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        _ = try await POCCustomerCreation.requireCreator(for: identity.org.id, by: identity.actor, in: store)
        return try await render(NewCustomerForm(), identity: identity, errors: [], status: .ok)
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        _ = try await POCCustomerCreation.requireCreator(for: identity.org.id, by: identity.actor, in: store)
        let form = try await request.decodeForm(NewCustomerForm.self, context: context)
        let order = POCCustomerOrder(
            name: form.name ?? "", address: form.address, region: form.region.nonBlank, firstUserID: form.firstUserID.nonBlank.map(UserID.init),
            products: form.products ?? []
        )
        do {
            let created = try await store.transaction(by: identity.auditActor) { [regions, mail] records in
                try await POCCustomerCreation.create(order, for: identity.org.id, by: identity.actor, regions: regions, mail: mail, in: records)
            }.value
            let products = created.licenses.count == 1 ? "1 POC licence" : "\(created.licenses.count) POC licences"
            return try ConsoleNotice.redirect(
                to: "/console/customers/\(created.customer.id)", "Created \(created.customer.name) with \(products), managed by your organisation.", cookies: cookies
            )
        } catch let failure as ValidationFailure {
            return try await render(form, identity: identity, errors: failure.errors, status: .badRequest)
        }
    }

    private func render(_ form: NewCustomerForm, identity: Identity, errors: [FieldError], status: HTTPResponse.Status) async throws -> Response {
        let users = try await PartnerConsole(store: store).activeUsers(identity: identity)
        let chosen = Set(form.products ?? [])
        return pages.render(CustomerNewPage(
            layout: Layout(identity, title: "Create new customer", errors: errors), name: form.name ?? "", line1: form.line1 ?? "", line2: form.line2 ?? "",
            city: form.city ?? "", state: form.state ?? "", postalCode: form.postalCode ?? "", country: form.country ?? "",
            regions: regions.map { Choice($0, selected: $0 == (form.region ?? regions.first)) },
            users: users.map { UserChoice($0, checked: $0.id.rawValue == form.firstUserID) },
            products: try await store.products().map { Choice($0.key, label: $0.name, selected: chosen.contains($0.key)) }
        ), status: status)
    }
}
