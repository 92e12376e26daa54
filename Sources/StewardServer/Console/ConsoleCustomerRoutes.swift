import Foundation
import Hummingbird
import StewardCore
import StewardStore

/// A partner admin's customer page and what changes the customer itself: its name and its POC licences.
struct ConsoleCustomerRoutes {
    let store: Store
    let pages: PageRenderer
    let cookies: ConsoleCookies
    let limits: LicenseLimits

    func register(on routes: ConsoleRoutes) {
        let area = routes.signedIn(.managedCustomers)
        area.get("/console/customers/{id}", use: show)
        area.post("/console/customers/{id}/rename", use: rename)
        area.post("/console/customers/{id}/licenses", use: createLicense)
    }

    private var page: CustomerPageRenderer { CustomerPageRenderer(store: store, pages: pages) }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        try await page.render(try context.pathID("id"), identity: try context.requireIdentity(), errors: [], status: .ok)
    }

    /// `OrgManagement.update` decides (a partner renames under `manage` only) and records it.
    @Sendable func rename(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id: OrgID = try context.pathID("id")
        let (customer, _) = try await PartnerConsole(store: store).managedCustomer(id, identity: identity)
        let form = try await request.decodeForm(RenameForm.self, context: context)
        do {
            let renamed = try await store.transaction(by: identity.auditActor) { records in
                try await OrgManagement.update(id, OrgChanges(name: form.name ?? ""), expectedVersion: nil, by: identity.actor, in: records)
            }.value
            let text = renamed.name == customer.name ? "The name stays \(customer.name)." : "\(customer.name) is now called \(renamed.name)."
            return try ConsoleNotice.redirect(to: "/console/customers/\(id)", text, cookies: cookies)
        } catch let failure as ValidationFailure {
            return try await page.render(id, identity: identity, errors: failure.errors, status: .badRequest, typed: CustomerPageInput(name: form.name))
        }
    }

    /// A POC licence for evaluation, with the product administrator (if chosen) given role `admin` on it.
    @Sendable func createLicense(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id: OrgID = try context.pathID("id")
        let (customer, _) = try await PartnerConsole(store: store).managedCustomer(id, identity: identity)
        let form = try await request.decodeForm(LicenseForm.self, context: context)
        do {
            guard let product = form.product.nonBlank else { throw ValidationFailure([FieldError("product", "choose a product")]) }
            let order = LicenseOrder(product: product, kind: .poc, expiresAt: nil, region: nil, productAdminUserID: form.productAdminUserID.nonBlank.map(UserID.init))
            let license = try await store.transaction(by: identity.auditActor) { [limits] records in
                try await LicenseManagement.create(order, on: id, by: identity.actor, limits: limits, mail: Steward.accessMail, in: records)
            }.value
            let words = ConsoleWords(identity, products: try await store.products())
            let until = license.expiresAt.map { ", until \(words.text($0))" } ?? ""
            return try ConsoleNotice.redirect(to: "/console/customers/\(id)", "\(customer.name) can now evaluate \(words.productName(product))\(until).", cookies: cookies)
        } catch let failure as ValidationFailure {
            return try await page.render(id, identity: identity, errors: failure.errors, status: .badRequest, typed: CustomerPageInput(license: form))
        } catch let refusal as BulkRefusal {
            let errors = refusal.words.values.map { FieldError("product_admin_user_id", $0) }
            return try await page.render(id, identity: identity, errors: errors, status: .badRequest, typed: CustomerPageInput(license: form))
        }
    }
}
