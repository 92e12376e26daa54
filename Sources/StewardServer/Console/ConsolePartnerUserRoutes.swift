import Foundation
import Hummingbird
import StewardCore
import StewardStore

/// Manage Customer Access → Users: a partner admin's users, and for one user the customers they can enter,
/// with "Assign customer access" to many customers at once (all or none).
struct ConsolePartnerUserRoutes {
    let store: Store
    let pages: PageRenderer

    private var partner: PartnerConsole { PartnerConsole(store: store) }

    func register(on routes: ConsoleRoutes) {
        let router = routes.signedIn(.managedCustomers, ownRecords: true)
        router.get("/console/partner-users", use: list)
        router.get("/console/partner-users/{id}", use: userPage)
        router.post("/console/partner-users/{id}/assign", use: assign)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let users = try await partner.activeUsers(identity: identity)
        var customersOf: [UserID: Int] = [:]
        for entry in try await store.memberships(MembershipFilter(partnerID: identity.org.id, source: .partner)) where entry.membership.status != .ended {
            customersOf[entry.user.id, default: 0] += 1
        }
        return pages.render(PartnerUsersPage(layout: Layout(identity, title: "Manage Customer Access"), users: users.map {
            PartnerUserRow(id: $0.id.rawValue, name: $0.name, email: $0.email.value, role: $0.role.rawValue, customers: customersOf[$0.id] ?? 0)
        }))
    }

    @Sendable func userPage(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return try await render(try context.pathID("id"), identity: identity, chosen: [], errors: [], status: .ok)
    }

    /// One item per chosen customer, each with the chosen roles on the products that customer is licensed for.
    @Sendable func assign(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id: UserID = try context.pathID("id")
        let user = try await partner.partnerUser(id, identity: identity)
        let form = try await request.decodeForm(AssignCustomersForm.self, context: context)
        let chosen = (form.customerIDs ?? []).chosen
        do {
            guard !chosen.isEmpty else { throw ValidationFailure([FieldError("customer_id", "choose at least one customer")]) }
            let expiresAt = try form.access.expiry(now: store.now)
            let roles = form.access.chosenRoles
            var items: [AssignmentItem] = []
            for customer in chosen.map(OrgID.init) {
                let licensed = try await partner.licensed(customer)
                let draft = MembershipDraft(
                    platformAdmin: form.access.isPlatformAdmin, expiresAt: expiresAt, products: PartnerConsole.grants(roles.filter { licensed.contains($0.key) })
                )
                items.append(AssignmentItem(userID: user.id, tenantID: customer, draft: draft))
            }
            _ = try await store.transaction(by: identity.auditActor) { [items] records in
                try await MembershipManagement.assign(items, by: identity.actor, mail: Steward.accessMail, in: records)
            }
            return Response(status: .seeOther, headers: [.location: "/console/partner-users/\(user.id)"])
        } catch let failure as ValidationFailure {
            return try await render(id, identity: identity, chosen: chosen, errors: failure.errors, status: .badRequest)
        } catch let refusal as BulkRefusal {
            // Only names of customers this partner manages: a posted id of anyone else's must not reveal its name.
            let names = Dictionary(uniqueKeysWithValues: try await partner.managedCustomers(identity: identity).map { ($0.id, $0.name) })
            let errors = refusal.items.keys.sorted().map { index in FieldError(names[OrgID(chosen[index])] ?? "customer \(index + 1)", refusal.items[index]!) }
            return try await render(id, identity: identity, chosen: chosen, errors: errors, status: .badRequest)
        }
    }

    private func render(_ id: UserID, identity: Identity, chosen: [String], errors: [FieldError], status: HTTPResponse.Status) async throws -> Response {
        let user = try await partner.partnerUser(id, identity: identity)
        let now = store.now
        let customers = try await partner.managedCustomers(identity: identity)
        let names = Dictionary(uniqueKeysWithValues: customers.map { ($0.id, $0.name) })
        let access = try await store.memberships(MembershipFilter(userID: user.id, source: .partner))
            .filter { $0.membership.status != .ended && names[$0.membership.tenantID] != nil }
        let rows = access.map {
            AccessRow($0.membership, user: user, customer: names[$0.membership.tenantID] ?? "", now: now, returnTo: "/console/partner-users/\(user.id)")
        }
        let taken = Set(access.map(\.membership.tenantID))
        let open = customers.filter { !taken.contains($0.id) }
        let selected = Set(chosen)
        var licensedAnywhere = Set<String>()
        var openRows: [OpenCustomer] = []
        for customer in open {
            let licensed = try await partner.licensed(customer.id)
            licensedAnywhere.formUnion(licensed)
            openRows.append(OpenCustomer(
                id: customer.id.rawValue, name: customer.name, checked: selected.contains(customer.id.rawValue),
                licensed: licensed.isEmpty ? "no valid licences" : "licensed: " + licensed.sorted().joined(separator: ", ")
            ))
        }
        return pages.render(PartnerUserPage(
            layout: Layout(identity, title: user.name, errors: errors), subject: UserRow(user), access: rows, hasAccess: !rows.isEmpty,
            openCustomers: openRows, hasOpenCustomers: !open.isEmpty, products: try await partner.productChoices(licensedAnywhere, chosen: [:]),
            isActive: user.status == .active
        ), status: status)
    }
}
