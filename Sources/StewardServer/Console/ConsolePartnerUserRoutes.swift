import Foundation
import Hummingbird
import StewardCore
import StewardStore

/// Manage Customer Access → Users: a partner admin's users, and for one user the customers they can enter,
/// with "Assign customer access" to many customers at once (all or none).
struct ConsolePartnerUserRoutes {
    let store: Store
    let pages: PageRenderer
    let cookies: ConsoleCookies

    private var partner: PartnerConsole { PartnerConsole(store: store) }

    func register(on routes: ConsoleRoutes) {
        let router = routes.signedIn(.managedCustomers, ownRecords: true)
        router.get("/console/partner-users", use: list)
        router.get("/console/partner-users/{id}", use: userPage)
        router.post("/console/partner-users/{id}/assign", use: assign)
        router.post("/console/partner-users/{id}/delegation", use: delegation)
    }

    /// The delegation view's Update: the admin flag on every shown customer as checked, all or nothing.
    @Sendable func delegation(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id: UserID = try context.pathID("id")
        let user = try await partner.partnerUser(id, identity: identity)
        let form = try await request.decodeForm(DelegationForm.self, context: context)
        let managed = try await partner.managedCustomers(identity: identity)
        let names = Dictionary(uniqueKeysWithValues: managed.map { ($0.org.id, $0.org.name) })
        let checked = Set(form.delegate ?? [])
        // Only customers this partner manages: any other posted id is ignored, never looked up.
        let shown = (form.shown ?? []).map(OrgID.init).filter { names[$0] != nil }
        let changes = shown.map { DelegationChange(tenantID: $0, delegate: checked.contains($0.rawValue)) }
        do {
            let changed = try await store.transaction(by: identity.auditActor) { [changes] records in
                try await DelegationManagement.apply(changes, for: user.id, by: identity.actor, mail: Steward.accessMail, in: records)
            }.value
            let text = changed == 0 ? "Nothing changed." : "Updated \(user.name)'s administration of \(changed == 1 ? "1 customer" : "\(changed) customers")."
            return try ConsoleNotice.redirect(to: "/console/partner-users/\(user.id)", text, cookies: cookies)
        } catch let refusal as BulkRefusal {
            let errors = refusal.items.keys.sorted().map { index in FieldError(names[changes[index].tenantID] ?? "customer \(index + 1)", refusal.words[index]!) }
            return try await render(id, identity: identity, chosen: [], errors: errors, status: .badRequest, form: nil)
        }
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let users = try await partner.activeUsers(identity: identity)
        var customersOf: [UserID: [OrgID]] = [:]
        for entry in try await store.memberships(MembershipFilter(partnerID: identity.org.id, source: .partner)) where entry.membership.status != .ended {
            customersOf[entry.user.id, default: []].append(entry.membership.tenantID)
        }
        let names = try await store.orgs(ids: Set(customersOf.values.joined()))
        return pages.render(PartnerUsersPage(layout: Layout(identity, title: "Manage Customer Access"), users: users.map { user in
            let customers = (customersOf[user.id] ?? []).compactMap { names[$0]?.name }.sorted()
            return PartnerUserRow(
                id: user.id.rawValue, name: user.name, email: user.email.value, role: user.role.rawValue,
                customers: customers.isEmpty ? "no customers yet" : customers.joined(separator: ", ")
            )
        }))
    }

    @Sendable func userPage(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return try await render(try context.pathID("id"), identity: identity, chosen: [], errors: [], status: .ok, form: nil)
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
            let items = chosen.map { customer in
                AssignmentItem(userID: user.id, tenantID: OrgID(customer), draft: MembershipDraft(
                    platformAdmin: form.access.isPlatformAdmin, expiresAt: expiresAt, products: PartnerConsole.grants(form.roles(at: customer))
                ))
            }
            _ = try await store.transaction(by: identity.auditActor) { [items] records in
                try await MembershipManagement.assign(items, by: identity.actor, mail: Steward.accessMail, in: records)
            }
            let names = Dictionary(uniqueKeysWithValues: try await partner.managedCustomers(identity: identity).map { ($0.org.id, $0.org.name) })
            let customers = ConsoleWords.list(chosen.compactMap { names[OrgID($0)] })
            let until = expiresAt.map { ", until \(ConsoleWords(identity).text($0))" } ?? ", without a time limit"
            return try ConsoleNotice.redirect(to: "/console/partner-users/\(user.id)", "\(user.name) can now use \(customers)\(until).", cookies: cookies)
        } catch let failure as ValidationFailure {
            return try await render(id, identity: identity, chosen: chosen, errors: failure.errors, status: .badRequest, form: form)
        } catch let refusal as BulkRefusal {
            // Only names of customers this partner manages: a posted id of anyone else's must not reveal its name.
            let names = Dictionary(uniqueKeysWithValues: try await partner.managedCustomers(identity: identity).map { ($0.org.id, $0.org.name) })
            let errors = refusal.items.keys.sorted().map { index in FieldError(names[OrgID(chosen[index])] ?? "customer \(index + 1)", refusal.words[index]!) }
            return try await render(id, identity: identity, chosen: chosen, errors: errors, status: .badRequest, form: form)
        }
    }

    private func render(_ id: UserID, identity: Identity, chosen: [String], errors: [FieldError], status: HTTPResponse.Status, form: AssignCustomersForm?) async throws -> Response {
        let user = try await partner.partnerUser(id, identity: identity)
        let now = store.now
        let customers = try await partner.managedCustomers(identity: identity)
        let names = Dictionary(uniqueKeysWithValues: customers.map { ($0.org.id, $0.org.name) })
        let access = try await store.memberships(MembershipFilter(userID: user.id, source: .partner))
            .filter { $0.membership.status != .ended && names[$0.membership.tenantID] != nil }
        let catalog = try await store.products()
        let words = ConsoleWords(identity, products: catalog)
        let rows = access.map {
            AccessRow($0.membership, user: user, customer: names[$0.membership.tenantID] ?? "", now: now, returnTo: "/console/partner-users/\(user.id)", words: words)
        }
        let taken = Set(access.map(\.membership.tenantID))
        let open = customers.filter { !taken.contains($0.org.id) }
        let selected = Set(chosen)
        var openRows: [OpenCustomer] = []
        for (customer, relationship) in open {
            let licensed = try await partner.licensed(customer.id)
            let readOnly = relationship.effectivePrivilege != .manage
            let chosenRoles = form?.roles(at: customer.id.rawValue) ?? [:]
            openRows.append(OpenCustomer(
                id: customer.id.rawValue, name: customer.name, customerID: customer.id.rawValue, customerName: customer.name,
                checked: selected.contains(customer.id.rawValue),
                licensed: licensed.isEmpty ? "no valid licences" : "licensed: " + licensed.map(words.productName).sorted().joined(separator: ", "),
                readOnlyNotice: readOnly ? "\(customer.name) allows read-only (support) access: only roles that read are offered." : nil,
                products: catalog.filter { licensed.contains($0.key) }.map { ProductChoice($0, chosen: chosenRoles[$0.key], readOnly: readOnly) }
            ))
        }
        let admins = Set(access.filter(\.membership.platformAdmin).map(\.membership.tenantID))
        let delegationChoices = customers.map { customer, relationship in
            DelegationChoice(
                id: customer.id.rawValue, name: customer.name, checked: admins.contains(customer.id),
                disabledReason: relationship.effectivePrivilege == .manage ? nil : "read-only (support) here: the admin flag grants nothing"
            )
        }
        return pages.render(PartnerUserPage(
            layout: Layout(identity, title: user.name, errors: errors), subject: UserRow(user), access: rows, hasAccess: !rows.isEmpty,
            openCustomers: openRows, hasOpenCustomers: !open.isEmpty,
            accessForm: { var fields = AccessFields(formID: "ac", products: [], chosen: form?.access, now: store.now); fields.showsProducts = false; return fields }(),
            isActive: user.status == .active,
            delegation: delegationChoices, hasDelegation: !delegationChoices.isEmpty
        ), status: status)
    }
}
