import Foundation
import Hummingbird
import StewardCore
import StewardStore

/// A partner admin's customer page (Manage Customer Access → Customers → one customer): the users assigned
/// there, quick add, and an edit with its preview (Original / Updated / Additions / Removals / Changes).
struct ConsoleAssignmentRoutes {
    let store: Store
    let pages: PageRenderer
    let cookies: ConsoleCookies

    func register(on routes: ConsoleRoutes) {
        let router = routes.signedIn
        routes.signedIn(.managedCustomers).get("/console/customers/{id}", use: customerPage)
        routes.signedIn(.managedCustomers).post("/console/customers/{id}/assign", use: quickAdd)
        router.get("/console/access/{id}/edit", use: editPage)
        router.post("/console/access/{id}/edit", use: edit)
    }

    private var partner: PartnerConsole { PartnerConsole(store: store) }

    @Sendable func customerPage(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return try await renderCustomer(try context.pathID("id"), identity: identity, errors: [], status: .ok, form: nil)
    }

    private func renderCustomer(_ id: OrgID, identity: Identity, errors: [FieldError], status: HTTPResponse.Status, form: QuickAddForm?) async throws -> Response {
        let (customer, relationship) = try await partner.managedCustomer(id, identity: identity)
        let now = store.now
        let assigned = try await store.memberships(MembershipFilter(tenantID: id, partnerID: identity.org.id)).filter { $0.membership.status != .ended }
        let taken = Set(assigned.map(\.user.id))
        let words = ConsoleWords(identity, products: try await store.products())
        return pages.render(CustomerPage(
            layout: Layout(identity, title: customer.name, errors: errors), customer: ManagedCustomer(customer, relationship),
            assigned: assigned.map { AccessRow($0.membership, user: $0.user, customer: customer.name, now: now, returnTo: "/console/customers/\(customer.id)", words: words) },
            hasAssigned: !assigned.isEmpty,
            candidates: try await partner.activeUsers(identity: identity).filter { !taken.contains($0.id) }.map { UserChoice($0, checked: $0.id.rawValue == form?.userID) },
            accessForm: AccessFields(
                formID: "qa", products: try await partner.licensedProducts(id), chosen: form?.access,
                supportOnly: relationship.privilege == .manage ? nil : customer.name
            )
        ), status: status)
    }

    @Sendable func quickAdd(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id: OrgID = try context.pathID("id")
        let (customer, _) = try await partner.managedCustomer(id, identity: identity)
        let form = try await request.decodeForm(QuickAddForm.self, context: context)
        do {
            guard let user = form.userID.nonBlank else { throw ValidationFailure([FieldError("user_id", "choose a user")]) }
            let draft = MembershipDraft(
                platformAdmin: form.access.isPlatformAdmin, expiresAt: try form.access.expiry(now: store.now),
                products: PartnerConsole.grants(form.access.chosenRoles)
            )
            let items = [AssignmentItem(userID: UserID(user), tenantID: id, draft: draft)]
            let created = try await store.transaction(by: identity.auditActor) { records in
                try await MembershipManagement.assign(items, by: identity.actor, mail: Steward.accessMail, in: records)
            }.value
            let words = ConsoleWords(identity, products: try await store.products())
            let name = try await store.user(created[0].userID)?.name ?? "The user"
            return try ConsoleNotice.redirect(to: "/console/customers/\(id)", words.granted(name, on: customer.name, draft), cookies: cookies)
        } catch let failure as ValidationFailure {
            return try await renderCustomer(id, identity: identity, errors: failure.errors, status: .badRequest, form: form)
        } catch let refusal as BulkRefusal {
            return try await renderCustomer(id, identity: identity, errors: refusal.items.values.map { FieldError("user_id", $0) }, status: .badRequest, form: form)
        }
    }

    @Sendable func editPage(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let membership = try await visible(try context.pathID("id"), identity: identity)
        let back = ConsoleReturn.path(request.uri.queryParameters.get("return"), default: "/console/customers/\(membership.tenantID)")
        return try await renderEdit(membership, identity: identity, draft: MembershipDraft(membership), preview: nil, errors: [], back: back, status: .ok)
    }

    /// "Preview" shows what would change; "Save" applies it, refused if someone changed it meanwhile.
    @Sendable func edit(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let membership = try await visible(try context.pathID("id"), identity: identity)
        let form = try await request.decodeForm(AccessEditForm.self, context: context)
        let back = ConsoleReturn.path(form.return, default: "/console/customers/\(membership.tenantID)")
        var draft = MembershipDraft(platformAdmin: form.access.isPlatformAdmin, expiresAt: membership.expiresAt, products: PartnerConsole.grants(form.access.chosenRoles))
        do {
            if form.access.duration != "keep" { draft.expiresAt = try form.access.expiry(now: store.now) }
            if form.action == "save" {
                let version = Int(form.version ?? "")
                let edit = draft
                _ = try await store.transaction(by: identity.auditActor) { records in
                    try await MembershipManagement.update(membership.id, to: edit, expectedVersion: version, by: identity.actor, in: records)
                }
                let name = try await store.user(membership.userID)?.name ?? "The user"
                let tenant = try await store.org(membership.tenantID)?.name ?? "the customer"
                return try ConsoleNotice.redirect(to: back, "Saved. " + ConsoleWords(identity, products: try await store.products()).granted(name, on: tenant, draft), cookies: cookies)
            }
            let (_, _, diff) = try await MembershipManagement.preview(membership.id, to: draft, by: identity.actor, in: store)
            return try await renderEdit(membership, identity: identity, draft: draft, preview: diff, errors: [], back: back, status: .ok)
        } catch let refusal as any Refusal where refusal.refused.kind == .invalid {
            return try await renderEdit(membership, identity: identity, draft: draft, preview: nil, errors: refusal.refused.fields, back: back, status: .badRequest)
        } catch let error where Refused.is(.stale, error) {
            let current = try await visible(membership.id, identity: identity)
            return try await renderEdit(current, identity: identity, draft: MembershipDraft(current), preview: nil,
                                        errors: [FieldError("version", "someone changed this access meanwhile; here it is as it is now")], back: back,
                                        status: .preconditionFailed)
        }
    }

    private func visible(_ id: MembershipID, identity: Identity) async throws -> Membership {
        guard let membership = try await store.visibleMembership(id, to: identity.actor)?.membership, membership.status != .ended else {
            throw Refused.notFound
        }
        return membership
    }

    private func renderEdit(_ membership: Membership, identity: Identity, draft: MembershipDraft, preview: MembershipDiff?,
                            errors: [FieldError], back: String, status: HTTPResponse.Status) async throws -> Response {
        let user = try await store.user(membership.userID)
        let tenant = try await store.org(membership.tenantID)
        let chosen = Dictionary(draft.products.map { ($0.product, $0.role) }, uniquingKeysWith: { first, _ in first })
        // Access through a partner is capped by the privilege the customer chose.
        var ceiling: Privilege?
        if let relationship = membership.relationshipID { ceiling = try await store.relationship(RelationshipID(relationship))?.privilege }
        let readOnly = membership.source == .partner && ceiling != .manage
        let words = ConsoleWords(identity, products: try await store.products())
        func describe(_ draft: MembershipDraft) -> String {
            [draft.platformAdmin ? "platform administrator" : "no admin flag", words.duration(draft.expiresAt).text, words.products(draft.products)]
                .joined(separator: " · ")
        }
        let shown = preview.map { preview in
            EditPreview(
                original: describe(MembershipDraft(membership)), updated: describe(draft),
                additions: preview.additions.map { words.products([$0]) }, removals: preview.removals.map { words.products([$0]) },
                changes: preview.changes.map { words.change($0) }, unchanged: preview.isEmpty
            )
        }
        return pages.render(AccessEditPage(
            layout: Layout(identity, title: "Edit access of \(user?.name ?? "")", errors: errors), membershipID: membership.id.rawValue,
            readOnlyNotice: readOnly ? AccessFields.readOnlyNotice(tenant?.name ?? "This customer") : nil, back: back,
            version: membership.version, subjectName: user?.name ?? "", tenantName: tenant?.name ?? "", platformAdmin: draft.platformAdmin,
            expires: words.shown(draft.expiresAt, empty: "permanent"),
            products: try await partner.productChoices(try await partner.licensed(membership.tenantID), chosen: chosen, readOnly: readOnly), preview: shown
        ), status: status)
    }
}
