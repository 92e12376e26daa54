import Foundation
import Hummingbird
import StewardCore
import StewardStore

/// Relationship screens: operators link and watch, partner admins see and terminate, customer admins
/// answer, limit and revoke (External user settings), and the emailed approval link.
struct ConsoleRelationshipRoutes {
    let store: Store
    let pages: PageRenderer
    let cookies: ConsoleCookies
    let relationships: RelationshipService

    func register(on routes: ConsoleRoutes) {
        let router = routes.signedIn
        routes.signedIn(.vendorDesk).get("/console/relationships", use: operatorList)
        routes.signedIn(.vendorDesk).post("/console/relationships", use: link)
        routes.signedIn(.managedCustomers).get("/console/customers", use: partnerCustomers)
        routes.signedIn(.externalAccess).get("/console/external", use: external)
        routes.signedIn(.externalAccess).post("/console/external/notifications", use: saveNotifications)
        routes.signedIn(.externalAccess).post("/console/external/team", use: addToTeam)
        router.get("/console/access/{id}/remove", use: confirmRemove)
        router.post("/console/access/{id}/remove", use: remove)
        router.post("/console/relationships/{id}/approve") { request, context in
            try await act(request, context) { form in .approve(form.privilege.flatMap(Privilege.init(rawValue:)) ?? .support) }
        }
        router.post("/console/relationships/{id}/reject") { request, context in try await act(request, context) { _ in .reject } }
        router.post("/console/relationships/{id}/privilege") { request, context in
            try await act(request, context) { form in
                guard let privilege = form.privilege.flatMap(Privilege.init(rawValue:)) else {
                    throw ValidationFailure([FieldError("privilege", "choose support or manage")])
                }
                return .changePrivilege(privilege)
            }
        }
        router.get("/console/relationships/{id}/revoke") { request, context in try await confirm(.revoke, request, context) }
        router.post("/console/relationships/{id}/revoke") { request, context in try await act(request, context) { _ in .revoke } }
        router.get("/console/relationships/{id}/terminate") { request, context in try await confirm(.terminate, request, context) }
        router.post("/console/relationships/{id}/terminate") { request, context in try await act(request, context) { _ in .terminate } }
    }

    // MARK: Operators

    @Sendable func operatorList(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return try await renderOperatorList(identity: identity, errors: [], status: .ok)
    }

    private func renderOperatorList(identity: Identity, errors: [FieldError], status: HTTPResponse.Status) async throws -> Response {
        let all = try await store.relationships(RelationshipFilter(), page: PageRequest(limit: 500)).items
        let names = try await store.orgs(ids: Set(all.flatMap { [$0.partnerID, $0.customerID] }))
        let partners = try await store.orgs(in: .all, filter: OrgFilter(kind: .partner), page: PageRequest(limit: 500)).items
        let customers = try await store.orgs(in: .all, filter: OrgFilter(kind: .customer), page: PageRequest(limit: 500)).items
        let words = ConsoleWords(identity)
        return pages.render(RelationshipsPage(
            layout: Layout(identity, title: "Relationships", errors: errors),
            relationships: all.reversed().map { RelationshipRow($0, names: names, words: words) }, hasRelationships: !all.isEmpty,
            partners: partners.filter { $0.program?.mayHoldRelationships == true }.map(OrgOption.init), customers: customers.map(OrgOption.init)
        ), status: status)
    }

    @Sendable func link(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let form = try await request.decodeForm(LinkForm.self, context: context)
        do {
            guard let partner = form.partnerID.nonBlank, let customer = form.customerID.nonBlank else {
                throw ValidationFailure([FieldError("partner_id", "choose a partner and a customer")])
            }
            let opened = try await relationships.open(partner: OrgID(partner), customer: OrgID(customer), by: identity)
            let names = try await store.orgs(ids: [opened.partnerID, opened.customerID])
            let text = "Asked the admins of \(names[opened.customerID]?.name ?? "the customer") to approve \(names[opened.partnerID]?.name ?? "the partner")."
            return try ConsoleNotice.redirect(to: "/console/relationships", text, cookies: cookies)
        } catch let failure as ValidationFailure {
            return try await renderOperatorList(identity: identity, errors: failure.errors, status: .badRequest)
        } catch let refusal as Refused where refusal.kind == .conflict {
            return try await renderOperatorList(identity: identity, errors: [FieldError("customer_id", refusal.detail)], status: .conflict)
        } catch let error where Refused.is(.hidden, error) {
            return try await renderOperatorList(identity: identity, errors: [FieldError("partner_id", "no such partner or customer")], status: .badRequest)
        }
    }

    // MARK: Partner admins

    @Sendable func partnerCustomers(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let mine = try await store.relationships(RelationshipFilter(partnerID: identity.org.id), page: PageRequest(limit: 500)).items
        let names = try await store.orgs(ids: Set(mine.map(\.customerID)))
        let words = ConsoleWords(identity, products: try await store.products())
        let now = store.now
        var rows: [ManagedCustomerRow] = []
        // A pair has at most one open relationship: each managed customer appears once.
        for relationship in mine.filter(\.status.isOpen).sorted(by: { (names[$0.customerID]?.name ?? "", $0.id.rawValue) < (names[$1.customerID]?.name ?? "", $1.id.rawValue) }) {
            var licensed = "—"
            var assigned = 0
            if relationship.status == .active {
                let keys = Set(try await store.licenses(of: relationship.customerID).filter { $0.isValid(at: now) }.map(\.product))
                licensed = keys.isEmpty ? "no valid licences" : keys.map(words.productName).sorted().joined(separator: ", ")
                assigned = try await store.memberships(MembershipFilter(tenantID: relationship.customerID, partnerID: identity.org.id))
                    .filter { $0.membership.status != .ended }.count
            }
            rows.append(ManagedCustomerRow(relationship: RelationshipRow(relationship, names: names, words: words), licensedProducts: licensed, assignedUsers: assigned))
        }
        let ended = mine.filter { !$0.status.isOpen }.reversed().map { RelationshipRow($0, names: names, words: words) }
        return pages.render(CustomersPage(
            layout: Layout(identity, title: "Manage Customer Access"), customers: rows, hasCustomers: !rows.isEmpty, history: Array(ended), hasHistory: !ended.isEmpty
        ))
    }

    // MARK: Customer admins

    @Sendable func external(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return try await renderExternal(identity: identity, errors: [], status: .ok)
    }

    private func renderExternal(
        identity: Identity, errors: [FieldError], status: HTTPResponse.Status, team: TeamForm? = nil, notifications: NotificationsForm? = nil
    ) async throws -> Response {
        let mine = try await store.relationships(RelationshipFilter(customerID: identity.org.id), page: PageRequest(limit: 500)).items
        let names = try await store.orgs(ids: Set(mine.map(\.partnerID)))
        let pending = mine.filter { $0.status == .pending }
        let active = mine.filter { $0.status == .active }
        let settings = try await store.notificationSettings(identity.org.id)
        let now = store.now
        let external = try await TeamManagement.externalAccess(of: identity.org.id, by: identity.actor, in: store)
        let licensed = Set(try await store.licenses(of: identity.org.id).filter { $0.isValid(at: now) }.map(\.product))
        let catalog = try await store.products()
        let words = ConsoleWords(identity, products: catalog)
        return pages.render(ExternalPage(
            layout: Layout(identity, title: "External user settings", errors: errors),
            pending: pending.map { RelationshipRow($0, names: names, words: words) }, hasPending: !pending.isEmpty,
            partners: active.map { RelationshipRow($0, names: names, words: words) }, hasPartners: !active.isEmpty,
            people: external.map { PersonRow($0, now: now, words: words) }, hasPeople: !external.isEmpty,
            teamEmail: team?.email ?? "", accessForm: AccessFields(formID: "team", products: catalog.filter { licensed.contains($0.key) }, chosen: team?.access, now: store.now),
            onAccessGranted: notifications.map { $0.onAccessGranted ?? false } ?? settings.onAccessGranted,
            onAccessRemoved: notifications.map { $0.onAccessRemoved ?? false } ?? settings.onAccessRemoved,
            recipients: notifications?.recipients ?? settings.recipients.map(\.value).joined(separator: "\n")
        ), status: status)
    }

    @Sendable func saveNotifications(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let form = try await request.decodeForm(NotificationsForm.self, context: context)
        let recipients = (form.recipients ?? "").split(whereSeparator: { $0.isNewline || $0 == "," })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        do {
            _ = try await store.transaction(by: identity.auditActor) { records in
                try await NotificationSettingsManagement.replace(
                    of: identity.org.id, onAccessGranted: form.onAccessGranted ?? false, onAccessRemoved: form.onAccessRemoved ?? false,
                    recipients: recipients, by: identity.actor, in: records
                )
            }
            return try ConsoleNotice.redirect(to: "/console/external", "Notification settings saved.", cookies: cookies)
        } catch let failure as ValidationFailure {
            return try await renderExternal(identity: identity, errors: failure.errors, status: .badRequest, notifications: form)
        }
    }

    @Sendable func addToTeam(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let form = try await request.decodeForm(TeamForm.self, context: context)
        do {
            var validator = Validator()
            let email = validator.email("email", form.email)
            try validator.check()
            let draft = MembershipDraft(
                platformAdmin: form.access.isPlatformAdmin, expiresAt: try form.access.expiry(now: store.now), products: PartnerConsole.grants(form.access.chosenRoles)
            )
            let added = try await store.transaction(by: identity.auditActor) { records in
                try await TeamManagement.add(email: email!, draft, to: identity.org.id, by: identity.actor, mail: Steward.accessMail, in: records)
            }.value
            let name = try await store.user(added.userID)?.name ?? email!.value
            let words = ConsoleWords(identity, products: try await store.products())
            return try ConsoleNotice.redirect(to: "/console/external", words.granted(name, on: identity.org.name, draft), cookies: cookies)
        } catch let failure as ValidationFailure {
            return try await renderExternal(identity: identity, errors: failure.errors, status: .badRequest, team: form)
        } catch let refusal as BulkRefusal {
            return try await renderExternal(identity: identity, errors: refusal.words.values.map { FieldError("email", $0) }, status: .badRequest, team: form)
        } catch let refused as Refused where refused == .noActiveUserWithEmail || refused.kind == .conflict {
            return try await renderExternal(identity: identity, errors: [FieldError("email", refused.detail)], status: refused.kind == .conflict ? .conflict : .badRequest, team: form)
        }
    }

    @Sendable func confirmRemove(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id: MembershipID = try context.pathID("id")
        guard let (membership, facts) = try await store.visibleMembership(id, to: identity.actor), let user = try await store.user(membership.userID) else {
            throw Refused.notFound
        }
        let back = ConsoleReturn.path(request.uri.queryParameters.get("return"), default: identity.audience.accessHome)
        return pages.render(ConfirmPage(
            layout: Layout(identity, title: "Remove \(user.name)'s access"),
            message: "\(user.name) (\(user.email.value)) loses access to \(facts.tenant.name) now. Their next request is refused.",
            actionURL: "/console/access/\(id)/remove", button: "Remove access", back: back, returnTo: back
        ))
    }

    @Sendable func remove(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let form = try await request.decodeForm(ReturnForm.self, context: context)
        let id: MembershipID = try context.pathID("id")
        let removed = try await store.transaction(by: identity.auditActor) { records in
            try await MembershipManagement.delete(id, by: identity.actor, mail: Steward.accessMail, in: records)
        }.value
        let back = ConsoleReturn.path(form.return, default: identity.audience.accessHome)
        let name = try await store.user(removed.userID)?.name ?? "The user"
        let tenant = try await store.org(removed.tenantID)?.name ?? "the customer"
        return try ConsoleNotice.redirect(to: back, "\(name) no longer has access to \(tenant).", cookies: cookies)
    }

    // MARK: Transitions from either side

    private func confirm(_ action: RelationshipAction, _ request: Request, _ context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let relationship = try await relationships.visible(try context.pathID("id"), to: identity.actor)
        guard RelationshipMachine.mayAct(RelationshipParty.of(identity.actor, partner: relationship.partnerID, customer: relationship.customerID), action) else {
            throw Refused.notAllowed
        }
        let names = try await store.orgs(ids: [relationship.partnerID, relationship.customerID])
        let partner = names[relationship.partnerID]?.name ?? "the partner"
        let customer = names[relationship.customerID]?.name ?? "the customer"
        let revoke = action == .revoke
        return pages.render(ConfirmPage(
            layout: Layout(identity, title: revoke ? "Revoke \(partner)" : "Stop managing \(customer)"),
            message: revoke
                ? "\(partner) will lose its management of \(customer) now, and every assignment of its users here ends. This cannot be undone; a new relationship would need a new request."
                : "\(partner) will stop managing \(customer) now, and every assignment of its users there ends. This cannot be undone.",
            actionURL: "/console/relationships/\(relationship.id)/\(revoke ? "revoke" : "terminate")",
            button: revoke ? "Revoke access" : "Terminate relationship", back: revoke ? "/console/external" : "/console/customers"
        ))
    }

    private func act(_ request: Request, _ context: AppContext, _ action: (PrivilegeForm) throws -> RelationshipAction) async throws -> Response {
        let identity = try context.requireIdentity()
        let form = try await request.decodeForm(PrivilegeForm.self, context: context)
        let id: RelationshipID = try context.pathID("id")
        let next = try await relationships.transition(id, try action(form), by: identity).value
        let names = try await store.orgs(ids: [next.partnerID, next.customerID])
        let text = ConsoleWords.relationshipNotice(next, partner: names[next.partnerID]?.name ?? "The partner", customer: names[next.customerID]?.name ?? "the customer")
        return try ConsoleNotice.redirect(to: identity.audience.relationshipsHome, text, cookies: cookies)
    }
}
