import Foundation
import Hummingbird
import StewardCore
import StewardStore

/// A delegated customer admin's pages: the customers they administer and, on each, their colleagues' access
/// with a form that offers only what their own access there allows. Edit and remove are the common access pages.
struct ConsoleDelegatedRoutes {
    let store: Store
    let pages: PageRenderer
    let cookies: ConsoleCookies

    func register(on routes: ConsoleRoutes) {
        let area = routes.signedIn(.delegatedCustomers)
        area.get("/console/delegated", use: list)
        area.get("/console/delegated/{id}", use: customerPage)
        area.post("/console/delegated/{id}/assign", use: assign)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let words = ConsoleWords(identity, products: try await store.products())
        return pages.render(DelegatedCustomersPage(
            layout: Layout(identity, title: "Customers you administer"),
            customers: identity.administered.sorted { ($0.name, $0.membership.tenantID.rawValue) < ($1.name, $1.membership.tenantID.rawValue) }
                .map { DelegatedCustomerRow($0, words: words) }
        ))
    }

    @Sendable func customerPage(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return try await render(try administered(try context.pathID("id"), identity: identity), identity: identity, form: nil, errors: [], status: .ok)
    }

    @Sendable func assign(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let tenant = try administered(try context.pathID("id"), identity: identity)
        let form = try await request.decodeForm(QuickAddForm.self, context: context)
        do {
            let item = try form.item(on: tenant.membership.tenantID, now: store.now, missingUser: "choose a colleague")
            let created = try await store.transaction(by: identity.auditActor) { records in
                try await MembershipManagement.assign([item], by: identity.actor, mail: Steward.accessMail, in: records)
            }.value
            let name = try await store.user(created[0].userID)?.name ?? "Your colleague"
            let words = ConsoleWords(identity, products: try await store.products())
            return try ConsoleNotice.redirect(to: "/console/delegated/\(tenant.membership.tenantID)", words.granted(name, on: tenant.name, item.draft), cookies: cookies)
        } catch let failure as ValidationFailure {
            return try await render(tenant, identity: identity, form: form, errors: failure.errors, status: .badRequest)
        } catch let refusal as BulkRefusal {
            return try await render(tenant, identity: identity, form: form, errors: refusal.words.values.map { FieldError("user_id", $0) }, status: .badRequest)
        }
    }

    /// A customer the caller administers now; any other reads as absent.
    private func administered(_ id: OrgID, identity: Identity) throws -> ConsoleTenant {
        guard let tenant = identity.administered.first(where: { $0.membership.tenantID == id }) else { throw Refused.notFound }
        return tenant
    }

    private func render(_ tenant: ConsoleTenant, identity: Identity, form: QuickAddForm?, errors: [FieldError], status: HTTPResponse.Status) async throws -> Response {
        let now = store.now
        let id = tenant.membership.tenantID
        let catalog = try await store.products()
        let words = ConsoleWords(identity, products: catalog)
        let licensed = try await PartnerConsole(store: store).licensed(id)
        let roles = Product.roleTable(catalog)
        let limits = DelegationPolicy.limits(of: tenant.membership, roles: roles, licensed: licensed)
        // Changing or removing a colleague is bounded by what the admin holds, licensed or not, as the rule reads it.
        let held = DelegationPolicy.limits(of: tenant.membership, roles: roles, licensed: Set(tenant.membership.products.map(\.product)))
        let colleagues = try await store.memberships(MembershipFilter(tenantID: id, partnerID: identity.org.id)).filter { $0.membership.status != .ended }
        let taken = Set(colleagues.map(\.user.id))
        let here = "/console/delegated/\(id)"
        let candidates = try await store.users(of: identity.org.id, page: PageRequest(limit: 500)).items
            .filter { $0.status == .active && !taken.contains($0.id) }.sorted { ($0.name, $0.id.rawValue) < ($1.name, $1.id.rawValue) }
        let ownEnd = tenant.membership.expiresAt.map { "Your own access here ends \(words.text($0)): nothing you grant can last longer." } ?? ""
        return pages.render(DelegatedCustomerPage(
            layout: Layout(identity, title: tenant.name, errors: errors), customer: DelegatedCustomerRow(tenant, words: words),
            assigned: colleagues.map { entry in
                let isYou = entry.user.id == identity.user.id
                return DelegatedAccessRow(
                    row: AccessRow(entry.membership, user: entry.user, customer: tenant.name, now: now, returnTo: here, words: words),
                    isYou: isYou, mayChange: !isYou && held.covers(MembershipDraft(entry.membership))
                )
            },
            candidates: candidates.map { UserChoice($0, checked: $0.id.rawValue == form?.userID) }, hasCandidates: !candidates.isEmpty,
            accessForm: AccessFields(
                formID: "da", products: catalog.filter { licensed.contains($0.key) }, chosen: form?.access, now: now, limits: limits,
                limitNotice: "You can give colleagues no role stronger than your own on a product. " + ownEnd
            )
        ), status: status)
    }
}

extension DelegatedCustomerRow {
    init(_ tenant: ConsoleTenant, words: ConsoleWords) {
        self.init(
            id: tenant.membership.tenantID.rawValue, name: tenant.name, products: words.products(tenant.membership.products),
            until: words.duration(tenant.membership.expiresAt)
        )
    }
}
