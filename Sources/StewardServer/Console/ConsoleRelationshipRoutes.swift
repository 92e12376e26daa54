import Foundation
import Hummingbird
import StewardCore
import StewardStore

/// Relationship screens: operators link and watch, partner admins see and terminate, customer admins
/// answer, limit and revoke (External user settings), and the emailed approval link.
struct ConsoleRelationshipRoutes {
    let store: Store
    let pages: PageRenderer
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
        return pages.render(RelationshipsPage(
            layout: Layout(identity, title: "Relationships", errors: errors),
            relationships: all.reversed().map { RelationshipRow($0, names: names) }, hasRelationships: !all.isEmpty,
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
            _ = try await relationships.open(partner: OrgID(partner), customer: OrgID(customer), by: identity)
            return Response(status: .seeOther, headers: [.location: "/console/relationships"])
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
        return pages.render(CustomersPage(
            layout: Layout(identity, title: "Manage Customer Access"), customers: mine.reversed().map { RelationshipRow($0, names: names) },
            hasCustomers: !mine.isEmpty
        ))
    }

    // MARK: Customer admins

    @Sendable func external(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return try await renderExternal(identity: identity, errors: [], status: .ok)
    }

    private func renderExternal(identity: Identity, errors: [FieldError], status: HTTPResponse.Status) async throws -> Response {
        let mine = try await store.relationships(RelationshipFilter(customerID: identity.org.id), page: PageRequest(limit: 500)).items
        let names = try await store.orgs(ids: Set(mine.map(\.partnerID)))
        let pending = mine.filter { $0.status == .pending }
        let active = mine.filter { $0.status == .active }
        let settings = try await store.notificationSettings(identity.org.id)
        let now = store.now
        let external = try await TeamManagement.externalAccess(of: identity.org.id, by: identity.actor, in: store)
        let licensed = Set(try await store.licenses(of: identity.org.id).filter { $0.isValid(at: now) }.map(\.product))
        return pages.render(ExternalPage(
            layout: Layout(identity, title: "External user settings", errors: errors),
            pending: pending.map { RelationshipRow($0, names: names) }, hasPending: !pending.isEmpty,
            partners: active.map { RelationshipRow($0, names: names) }, hasPartners: !active.isEmpty,
            people: external.map { PersonRow($0, now: now) }, hasPeople: !external.isEmpty,
            teamProducts: try await store.products().filter { licensed.contains($0.key) }.map(ProductRoles.init),
            onAccessGranted: settings.onAccessGranted, onAccessRemoved: settings.onAccessRemoved,
            recipients: settings.recipients.map(\.value).joined(separator: "\n")
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
            return Response(status: .seeOther, headers: [.location: "/console/external"])
        } catch let failure as ValidationFailure {
            return try await renderExternal(identity: identity, errors: failure.errors, status: .badRequest)
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
            _ = try await store.transaction(by: identity.auditActor) { records in
                try await TeamManagement.add(email: email!, draft, to: identity.org.id, by: identity.actor, mail: Steward.accessMail, in: records)
            }
            return Response(status: .seeOther, headers: [.location: "/console/external"])
        } catch let failure as ValidationFailure {
            return try await renderExternal(identity: identity, errors: failure.errors, status: .badRequest)
        } catch let refusal as BulkRefusal {
            return try await renderExternal(identity: identity, errors: refusal.items.values.map { FieldError("email", $0) }, status: .badRequest)
        } catch let refused as Refused where refused == .noActiveUserWithEmail {
            return try await renderExternal(identity: identity, errors: [FieldError("email", refused.detail)], status: .badRequest)
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
        _ = try await store.transaction(by: identity.auditActor) { records in
            try await MembershipManagement.delete(id, by: identity.actor, mail: Steward.accessMail, in: records)
        }
        let back = ConsoleReturn.path(form.return, default: identity.audience.accessHome)
        return Response(status: .seeOther, headers: [.location: back])
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
        _ = try await relationships.transition(id, try action(form), by: identity)
        let back = identity.audience.relationshipsHome
        return Response(status: .seeOther, headers: [.location: back])
    }
}
