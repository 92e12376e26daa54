import Foundation
import Hummingbird
import StewardCore
import StewardStore

/// Quick add on a partner admin's customer page, and the edit of one access with its preview
/// (Original / Updated / Additions / Removals / Changes).
struct ConsoleAssignmentRoutes {
    let store: Store
    let pages: PageRenderer
    let cookies: ConsoleCookies

    func register(on routes: ConsoleRoutes) {
        let router = routes.signedIn
        routes.signedIn(.managedCustomers).post("/console/customers/{id}/assign", use: quickAdd)
        router.get("/console/access/{id}/edit", use: editPage)
        router.post("/console/access/{id}/edit", use: edit)
    }

    private var partner: PartnerConsole { PartnerConsole(store: store) }
    private var customerPage: CustomerPageRenderer { CustomerPageRenderer(store: store, pages: pages) }

    @Sendable func quickAdd(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id: OrgID = try context.pathID("id")
        let (customer, _) = try await partner.managedCustomer(id, identity: identity)
        let form = try await request.decodeForm(QuickAddForm.self, context: context)
        do {
            let item = try form.item(on: id, now: store.now, missingUser: "choose a user")
            let created = try await store.transaction(by: identity.auditActor) { records in
                try await MembershipManagement.assign([item], by: identity.actor, mail: Steward.accessMail, in: records)
            }.value
            let words = ConsoleWords(identity, products: try await store.products())
            let name = try await store.user(created[0].userID)?.name ?? "The user"
            return try ConsoleNotice.redirect(to: "/console/customers/\(id)", words.granted(name, on: customer.name, item.draft), cookies: cookies)
        } catch let failure as ValidationFailure {
            return try await customerPage.render(id, identity: identity, errors: failure.errors, status: .badRequest, typed: CustomerPageInput(quickAdd: form))
        } catch let refusal as BulkRefusal {
            return try await customerPage.render(
                id, identity: identity, errors: refusal.words.values.map { FieldError("user_id", $0) }, status: .badRequest, typed: CustomerPageInput(quickAdd: form)
            )
        }
    }

    @Sendable func editPage(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (membership, facts) = try await visible(try context.pathID("id"), identity: identity)
        let back = ConsoleReturn.path(request.uri.queryParameters.get("return"), default: identity.audience.accessPage(on: membership.tenantID))
        return try await renderEdit(membership, facts: facts, identity: identity, draft: MembershipDraft(membership), preview: nil, errors: [], back: back, status: .ok)
    }

    /// "Preview" shows what would change; "Save" applies it, refused if someone changed it meanwhile.
    @Sendable func edit(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (membership, facts) = try await visible(try context.pathID("id"), identity: identity)
        let form = try await request.decodeForm(AccessEditForm.self, context: context)
        let back = ConsoleReturn.path(form.return, default: identity.audience.accessPage(on: membership.tenantID))
        let rolesOnly = if case .rolesOnly = MembershipRules.editScope(membership, facts: facts) { true } else { false }
        // A form that offers only roles carries no admin flag or duration: those stay as they are.
        var draft = MembershipDraft(
            platformAdmin: rolesOnly ? membership.platformAdmin : form.access.isPlatformAdmin, expiresAt: membership.expiresAt,
            products: PartnerConsole.grants(form.access.chosenRoles)
        )
        do {
            if !rolesOnly { draft.expiresAt = try form.expiry(current: membership.expiresAt, now: store.now) }
            if form.action == "save" {
                let version = Int(form.version ?? "")
                let edit = draft
                _ = try await store.transaction(by: identity.auditActor) { records in
                    try await MembershipManagement.update(membership.id, to: edit, expectedVersion: version, by: identity.actor, in: records)
                }
                let words = ConsoleWords(identity, products: try await store.products())
                return try ConsoleNotice.redirect(to: back, "Saved. " + words.granted(facts.subject.name, on: facts.tenant.name, draft), cookies: cookies)
            }
            let (_, _, diff) = try await MembershipManagement.preview(membership.id, to: draft, by: identity.actor, in: store)
            return try await renderEdit(membership, facts: facts, identity: identity, draft: draft, preview: diff, errors: [], back: back, status: .ok)
        } catch let refusal as any Refusal where refusal.refused.kind == .invalid {
            return try await renderEdit(membership, facts: facts, identity: identity, draft: draft, preview: nil, errors: refusal.refused.fields, back: back,
                                        status: .badRequest, typed: form.access)
        } catch let error where Refused.is(.stale, error) {
            let (current, facts) = try await visible(membership.id, identity: identity)
            return try await renderEdit(current, facts: facts, identity: identity, draft: MembershipDraft(current), preview: nil,
                                        errors: [FieldError("version", "someone changed this access meanwhile; here it is as it is now")], back: back,
                                        status: .preconditionFailed)
        }
    }

    private func visible(_ id: MembershipID, identity: Identity) async throws -> (Membership, ManagementFacts) {
        guard let (membership, facts) = try await store.visibleMembership(id, to: identity.actor), membership.status != .ended else {
            throw Refused.notFound
        }
        return (membership, facts)
    }

    private func renderEdit(_ membership: Membership, facts: ManagementFacts, identity: Identity, draft: MembershipDraft, preview: MembershipDiff?,
                            errors: [FieldError], back: String, status: HTTPResponse.Status, typed: AccessChoices? = nil) async throws -> Response {
        let user = facts.subject
        let tenant = facts.tenant
        let chosen = Dictionary(draft.products.map { ($0.product, $0.role) }, uniquingKeysWith: { first, _ in first })
        // Access through a partner is capped by the privilege the customer chose.
        let readOnly = membership.source == .partner && facts.subjectRelationship?.effectivePrivilege != .manage
        let catalog = try await store.products()
        let words = ConsoleWords(identity, products: catalog)
        let scope = MembershipRules.editScope(membership, facts: facts)
        var limits: DelegationLimits?
        var rolesOnly: String?
        switch scope {
        case .everything: break
        case .rolesOnly(let rule): rolesOnly = rule.prefix(1).uppercased() + rule.dropFirst() + "."
        case .withinDelegation(let bound): limits = bound
        }
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
            layout: Layout(identity, title: "Edit access of \(user.name)", errors: errors), membershipID: membership.id.rawValue,
            readOnlyNotice: readOnly ? AccessFields.readOnlyNotice(tenant.name) : nil, rolesOnlyNotice: rolesOnly,
            limitNotice: limits.map { _ in "You can give no role stronger than your own on a product, for no longer than your own access." },
            back: back, version: membership.version, subjectName: user.name, tenantName: tenant.name, platformAdmin: draft.platformAdmin,
            expires: words.shown(membership.expiresAt, empty: "permanent"),
            durations: Self.durations(current: membership.expiresAt, draft: draft, previewed: preview != nil, typed: typed, limits: limits, now: store.now, words: words),
            previewedExpiry: preview != nil && draft.expiresAt != membership.expiresAt ? draft.expiresAt.map(Timestamp.format) ?? "permanent" : nil,
            customHours: typed?.customHours ?? "",
            products: catalog.filter { product in facts.licensedProducts.contains(product.key) && (limits.map { $0.roles[product.key] != nil } ?? true) }
                .map { ProductChoice($0, chosen: chosen[$0.key], readOnly: readOnly, allowed: limits?.roles[$0.key]) },
            preview: shown
        ), status: status)
    }

    /// The edit form's duration choices: after a preview that changed the expiry, that expiry ("As previewed")
    /// is chosen, so Save keeps what was shown; after a refusal, what was typed; else "Keep".
    static func durations(current: Date?, draft: MembershipDraft, previewed: Bool, typed: AccessChoices?, limits: DelegationLimits?, now: Date, words: ConsoleWords) -> [DurationChoice] {
        let changed = previewed && draft.expiresAt != current
        let chosen = changed ? "previewed" : typed?.duration ?? "keep"
        var choices = changed ? [DurationChoice(value: "previewed", label: "As previewed: \(words.duration(draft.expiresAt).text)", checked: true)] : []
        choices.append(DurationChoice(value: "keep", label: "Keep", checked: chosen == "keep"))
        return choices + AccessFields.durations(chosen: chosen, now: now, limits: limits).map { choice in
            var choice = choice
            choice.checked = choice.value == chosen
            return choice
        }
    }
}
