import Foundation
import HTTPTypes
import Hummingbird
import StewardCore
import StewardStore

/// The operators' product catalog, through `CatalogManagement` as the API is.
struct ConsoleCatalogRoutes {
    let store: Store
    let pages: PageRenderer
    let cookies: ConsoleCookies

    func register(on routes: ConsoleRoutes) {
        let desk = routes.signedIn(.vendorDesk)
        desk.get("/console/catalog", use: show)
        desk.post("/console/catalog", use: addProduct)
        desk.post("/console/catalog/{key}/roles", use: addRole)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        try await render(identity: try context.requireIdentity(), form: nil, errors: [], status: .ok)
    }

    @Sendable func addProduct(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let form = try await request.decodeForm(CatalogForm.self, context: context)
        do {
            let product = try await store.transaction(by: identity.auditActor) { records in
                try await CatalogManagement.create(ProductOrder(key: form.key ?? "", name: form.name ?? "", roles: nil), by: identity.actor, in: records)
            }.value
            return try ConsoleNotice.redirect(to: "/console/catalog", "Added \(product.name) to the catalog.", cookies: cookies)
        } catch let failure as ValidationFailure {
            return try await render(identity: identity, form: form, errors: failure.errors, status: .badRequest)
        }
    }

    @Sendable func addRole(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let productKey = context.parameters.get("key") ?? ""
        let form = try await request.decodeForm(CatalogForm.self, context: context)
        do {
            let permissions = try (form.permissions ?? []).map { text in
                guard let permission = Permission(rawValue: text) else { throw ValidationFailure([FieldError("permissions", "choose read, write or admin")]) }
                return permission
            }
            let product = try await store.transaction(by: identity.auditActor) { records in
                try await CatalogManagement.addRole(form.key ?? "", permissions: permissions, to: productKey, by: identity.actor, in: records)
            }.value
            return try ConsoleNotice.redirect(to: "/console/catalog", "\(product.name) now has the role \(form.key ?? "").", cookies: cookies)
        } catch let failure as ValidationFailure {
            return try await render(identity: identity, form: nil, errors: failure.errors, status: .badRequest)
        }
    }

    private func render(identity: Identity, form: CatalogForm?, errors: [FieldError], status: HTTPResponse.Status) async throws -> Response {
        pages.render(CatalogPage(
            layout: Layout(identity, title: "Product catalog", errors: errors), products: try await store.products().map(CatalogProduct.init),
            newKey: form?.key ?? "", newName: form?.name ?? ""
        ), status: status)
    }
}
