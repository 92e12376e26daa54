import Foundation
import HTTPTypes
import Hummingbird
import StewardCore
import StewardStore

/// The console's home, the operators' org tree and org creation, and each org's users page.
struct ConsoleOrgRoutes {
    let store: Store
    let pages: PageRenderer
    let regions: [String]
    let users: UserService
    let cookies: ConsoleCookies
    let limits: LicenseLimits

    func register(on routes: ConsoleRoutes) {
        let router = routes.signedIn
        router.get("/console", use: home)
        router.post("/console/preferences/landing", use: setLanding)
        router.get("/console/orgs", use: tree)
        router.get("/console/orgs/new", use: newOrgPage)
        router.post("/console/orgs", use: createOrg)
        router.get("/console/orgs/{id}", use: orgPage)
        router.post("/console/orgs/{id}/users", use: createUser)
        router.post("/console/orgs/{id}/data-privilege", use: setDataPrivilege)
        routes.signedIn(.vendorDesk).post("/console/orgs/{id}/licenses", use: createLicense)
        router.get("/console/users", use: ownUsers)
        router.post("/console/tenant", use: switchTenant)
        router.get("/console/tenants", use: picker)
    }

    @Sendable func home(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let current = identity.tenants.first { $0.membership.tenantID == identity.currentTenant }
        let words = ConsoleWords(identity, products: try await store.products())
        let choices = ConsoleLanding.choices(for: identity.audience)
        let chosen = try await store.landing(of: identity.user.id) ?? .home
        return pages.render(HomePage(
            layout: Layout(identity, title: "Home"), userRole: identity.user.role.rawValue, orgKind: identity.org.kind.rawValue,
            current: current.map { TenantCard($0, words: words) }, hasChoices: identity.tenants.count > 1,
            landingChoices: choices.map { Choice($0.rawValue, label: Self.landingLabel($0), selected: $0 == chosen) }, hasLandingChoice: choices.count > 1
        ))
    }

    static func landingLabel(_ landing: ConsoleLanding) -> String {
        switch landing {
        case .home: "Home"
        case .managedCustomers: "Manage Customer Access"
        }
    }

    /// A user's own choice of the page the console opens on after sign-in.
    @Sendable func setLanding(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let form = try await request.decodeForm(LandingForm.self, context: context)
        guard let landing = form.landing.flatMap(ConsoleLanding.init(rawValue:)) else {
            throw ValidationFailure([FieldError("landing", "choose where the console opens")])
        }
        _ = try await store.transaction(by: identity.auditActor) { records in
            try await PreferenceManagement.setLanding(landing, by: identity.actor, audience: identity.audience, in: records)
        }
        return try ConsoleNotice.redirect(to: "/console", "After you sign in, the console opens on \(Self.landingLabel(landing)).", cookies: cookies)
    }

    @Sendable func tree(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try OrgPolicy.mayCreateOrg(identity.actor).require()
        let all = try await store.allOrgs(in: .all)
        let children = Dictionary(grouping: all.filter { $0.kind != .vendor }, by: { $0.parentID })
        // Trees written before the depth limit are shown to that depth only, so no page recurses without end.
        func node(_ org: Org, depth: Int) -> OrgNode {
            OrgNode(org, children: depth < OrgRules.maxDepth ? (children[org.id] ?? []).map { node($0, depth: depth + 1) } : [])
        }
        let roots = (children[nil] ?? []).map { node($0, depth: 1) }
        return pages.render(OrgsPage(layout: Layout(identity, title: "Partners and customers"), roots: roots, empty: roots.isEmpty))
    }

    @Sendable func newOrgPage(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try OrgPolicy.mayCreateOrg(identity.actor).require()
        return try await renderNewOrg(identity: identity, form: NewOrgForm(), errors: [], status: .ok)
    }

    private func renderNewOrg(identity: Identity, form: NewOrgForm, errors: [FieldError], status: HTTPResponse.Status) async throws -> Response {
        let kind = form.kind ?? "customer"
        let parents = try await store.orgs(in: .all, filter: OrgFilter(kind: .partner), page: PageRequest(limit: 500)).items
        return pages.render(OrgNewPage(
            layout: Layout(identity, title: "New organisation", errors: errors), name: form.name ?? "",
            kinds: ["partner", "customer"].map { Choice($0, selected: $0 == kind) },
            programs: PartnerProgram.allCases.map { Choice($0.rawValue, selected: $0.rawValue == form.program) },
            dataPrivileges: DataPrivilege.choices(selected: form.dataPrivilege.flatMap(DataPrivilege.init(rawValue:))),
            regions: regions.map { Choice($0, selected: $0 == form.region) },
            parents: parents.map { Choice($0.id.rawValue, label: $0.name, selected: $0.id.rawValue == form.parentID) }
        ), status: status)
    }

    @Sendable func createOrg(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let form = try await request.decodeForm(NewOrgForm.self, context: context)
        try OrgPolicy.mayCreateOrg(identity.actor).require()
        do {
            guard let kind = form.kind.nonBlank.flatMap(OrgKind.init(rawValue:)) else {
                throw ValidationFailure([FieldError("kind", "choose partner or customer")])
            }
            var program: PartnerProgram?
            var dataPrivilege: DataPrivilege?
            if kind == .partner {
                guard let chosen = form.program.nonBlank.flatMap(PartnerProgram.init(rawValue:)) else {
                    throw ValidationFailure([FieldError("program", "choose the partner's programme")])
                }
                program = chosen
                if let given = form.dataPrivilege.nonBlank {
                    guard let known = DataPrivilege(rawValue: given) else {
                        throw ValidationFailure([FieldError("data_privilege", "choose none, support or manage")])
                    }
                    dataPrivilege = known
                }
            }
            let new = NewOrg(
                kind: kind, name: form.name ?? "", program: program, parentID: form.parentID.nonBlank.map(OrgID.init),
                region: kind == .customer ? form.region.nonBlank : nil, dataPrivilege: dataPrivilege
            )
            let org = try await store.transaction(by: identity.auditActor) { [regions] records in
                try await OrgManagement.create(new, by: identity.actor, regions: regions, in: records)
            }.value
            return try ConsoleNotice.redirect(to: "/console/orgs/\(org.id)", "Created \(org.name), a \(org.kind.rawValue).", cookies: cookies)
        } catch let failure as ValidationFailure {
            return try await renderNewOrg(identity: identity, form: form, errors: failure.errors, status: .badRequest)
        }
    }

    @Sendable func orgPage(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return try await renderOrg(try context.pathID("id"), identity: identity, form: NewUserForm(), errors: [], status: .ok)
    }

    @Sendable func ownUsers(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return try await renderOrg(identity.org.id, identity: identity, form: NewUserForm(), errors: [], status: .ok)
    }

    private func renderOrg(_ id: OrgID, identity: Identity, form: NewUserForm, errors: [FieldError], status: HTTPResponse.Status) async throws -> Response {
        guard let org = try await store.org(id) else { throw Refused.notFound }
        try await users.requireManage(id, actor: identity.actor)
        let list = try await store.users(of: id, page: PageRequest(limit: 500)).items
        let awaiting = try await store.usersAwaitingPassword(in: id)
        // Operators license any kind from a customer's page; the rule is `CustomerPolicy.licenseAuthor`.
        let licensing = org.kind == .customer && (try? CustomerPolicy.licenseAuthor(identity.actor, kind: .paid).get()) == .vendor
        let catalog = try await store.products()
        let words = ConsoleWords(identity, products: catalog)
        let now = store.now
        var page = OrgPage(
            layout: Layout(identity, title: org.name, errors: errors), org: OrgNode(org),
            dataPrivileges: DataPrivilege.choices(selected: org.dataPrivilege),
            mayChangeDataPrivilege: org.kind == .partner && (try? OrgPolicy.maySetDataPrivilege(identity.actor).get()) != nil,
            users: list.map { UserRow($0, awaitingPassword: awaiting.contains($0.id)) },
            roles: HomeRole.allCases.map { Choice($0.rawValue, selected: $0.rawValue == (form.role ?? "member")) },
            formName: form.name ?? "", formEmail: form.email ?? "", formTimeZone: form.timeZone ?? "UTC"
        )
        if licensing {
            page.licensesShown = true
            page.licenses = try await store.licenses(of: id).map { LicenseRow($0, now: now, words: words) }
            page.licenseProducts = catalog.map { Choice($0.key, label: $0.name, selected: false) }
        }
        return pages.render(page, status: status)
    }

    /// An operator licenses a customer, any kind, through `LicenseManagement` as the API does.
    @Sendable func createLicense(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id: OrgID = try context.pathID("id")
        _ = try await LicenseManagement.reachableCustomer(id, by: identity.actor, in: store)
        let form = try await request.decodeForm(OperatorLicenseForm.self, context: context)
        do {
            guard let kind = form.kind.flatMap(LicenseKind.init(rawValue:)) else { throw ValidationFailure([FieldError("kind", "choose paid or POC")]) }
            let expiresAt = try form.expiresOn.day(field: "expires_at")
            let order = LicenseOrder(product: form.product ?? "", kind: kind, expiresAt: expiresAt)
            let license = try await store.transaction(by: identity.auditActor) { [limits] records in
                try await LicenseManagement.create(order, on: id, by: identity.actor, limits: limits, mail: Steward.accessMail, in: records)
            }.value
            let words = ConsoleWords(identity, products: try await store.products())
            return try ConsoleNotice.redirect(to: "/console/orgs/\(id)", "Added a \(license.kind == .poc ? "POC" : "paid") licence for \(words.productName(license.product)).", cookies: cookies)
        } catch let failure as ValidationFailure {
            return try await renderOrg(id, identity: identity, form: NewUserForm(), errors: failure.errors, status: .badRequest)
        }
    }

    /// An operator sets a partner's data privilege: every check on its customers reads it at once.
    @Sendable func setDataPrivilege(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id: OrgID = try context.pathID("id")
        let form = try await request.decodeForm(DataPrivilegeForm.self, context: context)
        _ = try await OrgManagement.requireEditable(id, by: identity.actor, in: store)
        do {
            guard let privilege = form.dataPrivilege.flatMap(DataPrivilege.init(rawValue:)) else {
                throw ValidationFailure([FieldError("data_privilege", "choose none, support or manage")])
            }
            let org = try await store.transaction(by: identity.auditActor) { records in
                try await OrgManagement.update(id, OrgChanges(dataPrivilege: privilege), expectedVersion: nil, by: identity.actor, in: records)
            }.value
            return try ConsoleNotice.redirect(
                to: "/console/orgs/\(id)", "\(org.name)'s customer-data privilege is now \(privilege.rawValue), on every check at once.", cookies: cookies
            )
        } catch let failure as ValidationFailure {
            return try await renderOrg(id, identity: identity, form: NewUserForm(), errors: failure.errors, status: .badRequest)
        }
    }

    @Sendable func createUser(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id: OrgID = try context.pathID("id")
        let form = try await request.decodeForm(NewUserForm.self, context: context)
        try await users.requireManage(id, actor: identity.actor)
        do {
            guard let role = form.role.flatMap(HomeRole.init(rawValue:)) else {
                throw ValidationFailure([FieldError("role", "choose admin or member")])
            }
            let user = try await users.create(
                in: id, email: form.email ?? "", name: form.name ?? "", role: role, timeZone: form.timeZone.nonBlank,
                password: form.password.nonBlank, by: identity
            )
            let org = try await store.org(id)?.name ?? "the organisation"
            let invited = form.password.nonBlank == nil ? " They are emailed a link to choose a password (72 hours)." : ""
            return try ConsoleNotice.redirect(
                to: "/console/orgs/\(id)", "Added \(user.name) (\(user.email.value)) to \(org) as \(user.role.rawValue).\(invited)", cookies: cookies
            )
        } catch let failure as ValidationFailure {
            return try await renderOrg(id, identity: identity, form: form, errors: failure.errors, status: .badRequest)
        } catch let refusal as Refused where refusal.kind == .conflict {
            return try await renderOrg(id, identity: identity, form: form, errors: [FieldError("email", refusal.detail)], status: .conflict)
        }
    }

    /// The tenant picker ("Select customer"): home org first, then every managed and team tenant.
    @Sendable func picker(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let words = ConsoleWords(identity, products: try await store.products())
        return pages.render(TenantsPage(layout: Layout(identity, title: "Select customer"), choices: identity.tenants.map { TenantCard($0, words: words) }))
    }

    /// Switching tenant: only to a tenant the user holds a live membership in; records the access.
    @Sendable func switchTenant(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let form = try await request.decodeForm(TenantForm.self, context: context)
        guard let tenant = form.tenantID.nonBlank, let chosen = identity.tenants.first(where: { $0.membership.tenantID.rawValue == tenant }) else {
            throw Refused.notFound
        }
        try await store.recordTenantSession(chosen.membership, user: identity.user)
        var response = try ConsoleNotice.redirect(to: "/console", "Now working in \(chosen.name).", cookies: cookies)
        response.headers.append(try cookies.make(ConsoleSessionMiddleware.tenantCookieName, tenant))
        return response
    }
}
