import Foundation
import Hummingbird
import StewardCore
import StewardStore

/// Assign user access, a partner admin's wizard on a customer page: users → admin flag and duration →
/// products and roles → review → submit. Plain forms: each step posts everything chosen so far, the server
/// checks the step and renders the next, and only the final submit writes (all users or none).
struct ConsoleAssignWizardRoutes {
    let store: Store
    let pages: PageRenderer
    let cookies: ConsoleCookies

    enum Step: String, CaseIterable {
        case users, options, products, review

        var title: String {
            switch self {
            case .users: "Users"
            case .options: "Admin and duration"
            case .products: "Products and roles"
            case .review: "Review"
            }
        }
    }

    /// Everything chosen so far, carried from step to step in the form.
    struct Choices {
        var users: [String] = []
        var platformAdmin = false
        var duration = "permanent"
        var customHours = ""
        var roles: [String: String] = [:]

        init() {}

        init(_ form: WizardForm) {
            users = (form.userIDs ?? []).chosen
            platformAdmin = form.access.isPlatformAdmin
            duration = form.access.duration.nonBlank ?? "permanent"
            customHours = form.access.hours ?? ""
            roles = form.access.chosenRoles
        }

        /// Hidden fields carrying every choice not edited on `step`.
        func hidden(except step: Step) -> [HiddenField] {
            var fields: [HiddenField] = []
            if step != .users { fields += users.map { HiddenField(name: "user_id[]", value: $0) } }
            if step != .options {
                if platformAdmin { fields.append(HiddenField(name: "platform_admin", value: "true")) }
                fields.append(HiddenField(name: "duration", value: duration))
                if !customHours.isEmpty { fields.append(HiddenField(name: "custom_hours", value: customHours)) }
            }
            if step != .products { fields += roles.keys.sorted().map { HiddenField(name: "roles[\($0)]", value: roles[$0]!) } }
            return fields
        }

        func expiry(now: Date) throws -> Date? {
            try ConsoleDuration.expiry(duration: duration, customHours: customHours.isEmpty ? nil : customHours, now: now)
        }

        var durationText: String {
            switch duration {
            case "24": "24 hours from submission"
            case "48": "48 hours from submission"
            case "custom": "\(customHours) hours from submission"
            default: "permanent"
            }
        }
    }

    private var partner: PartnerConsole { PartnerConsole(store: store) }

    func register(on routes: ConsoleRoutes) {
        let router = routes.signedIn(.managedCustomers)
        router.get("/console/customers/{id}/assign-wizard", use: start)
        router.post("/console/customers/{id}/assign-wizard", use: advance)
    }

    @Sendable func start(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return try await render(.users, Choices(), customer: try context.pathID("id"), identity: identity, errors: [], status: .ok)
    }

    /// `go=next` checks the step and moves on, `go=back` returns without checking, `go=submit` assigns.
    @Sendable func advance(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let customer: OrgID = try context.pathID("id")
        _ = try await partner.managedCustomer(customer, identity: identity)
        let form = try await request.decodeForm(WizardForm.self, context: context)
        let choices = Choices(form)
        guard let step = form.step.flatMap(Step.init(rawValue:)) else {
            return try await render(.users, choices, customer: customer, identity: identity, errors: [], status: .ok)
        }
        let position = Step.allCases.firstIndex(of: step)!
        switch form.go {
        case "back":
            return try await render(Step.allCases[max(0, position - 1)], choices, customer: customer, identity: identity, errors: [], status: .ok)
        case "submit" where step == .review:
            return try await submit(choices, customer: customer, identity: identity)
        default:
            let errors = try await check(step, choices, customer: customer, identity: identity)
            if !errors.isEmpty { return try await render(step, choices, customer: customer, identity: identity, errors: errors, status: .badRequest) }
            return try await render(Step.allCases[min(Step.allCases.count - 1, position + 1)], choices, customer: customer, identity: identity, errors: [], status: .ok)
        }
    }

    /// What a step needs before the next one; the rules themselves are applied again, whole, on submit.
    private func check(_ step: Step, _ choices: Choices, customer: OrgID, identity: Identity) async throws -> [FieldError] {
        switch step {
        case .users:
            let candidates = Set(try await candidates(customer, identity: identity).map(\.id.rawValue))
            if choices.users.isEmpty { return [FieldError("user_id", "choose at least one user")] }
            if !choices.users.allSatisfy(candidates.contains) { return [FieldError("user_id", "a chosen user is not yours, inactive, or already has access here")] }
        case .options:
            do { _ = try choices.expiry(now: store.now) } catch let failure as ValidationFailure { return failure.errors }
        case .products:
            let licensed = try await partner.licensed(customer)
            if let unlicensed = choices.roles.keys.sorted().first(where: { !licensed.contains($0) }) {
                return [FieldError("role_\(unlicensed)", "the customer holds no valid licence for \(unlicensed)")]
            }
        case .review:
            break
        }
        return []
    }

    private func submit(_ choices: Choices, customer: OrgID, identity: Identity) async throws -> Response {
        do {
            let draft = MembershipDraft(
                platformAdmin: choices.platformAdmin, expiresAt: try choices.expiry(now: store.now),
                products: PartnerConsole.grants(choices.roles)
            )
            guard !choices.users.isEmpty else { throw ValidationFailure([FieldError("user_id", "choose at least one user")]) }
            let items = choices.users.map { AssignmentItem(userID: UserID($0), tenantID: customer, draft: draft) }
            _ = try await store.transaction(by: identity.auditActor) { records in
                try await MembershipManagement.assign(items, by: identity.actor, mail: Steward.accessMail, in: records)
            }
            let names = try await nameOf(choices.users, identity: identity)
            let org = try await partner.managedCustomer(customer, identity: identity).0
            let words = ConsoleWords(identity, products: try await store.products())
            return try ConsoleNotice.redirect(to: "/console/customers/\(customer)", words.granted(ConsoleWords.list(names), on: org.name, draft), cookies: cookies)
        } catch let failure as ValidationFailure {
            return try await render(.review, choices, customer: customer, identity: identity, errors: failure.errors, status: .badRequest)
        } catch let refusal as BulkRefusal {
            let names = try await nameOf(choices.users, identity: identity)
            let errors = refusal.items.keys.sorted().map { index in FieldError(names[index], refusal.words[index]!) }
            return try await render(.review, choices, customer: customer, identity: identity, errors: errors, status: .badRequest)
        }
    }

    /// Names of the caller's own users only: an id of anyone else's, posted by hand, must not reveal a name.
    private func nameOf(_ users: [String], identity: Identity) async throws -> [String] {
        var names: [String] = []
        for id in users {
            let user = try await store.user(UserID(id))
            names.append(user.flatMap { $0.orgID == identity.org.id ? $0.name : nil } ?? "unknown user")
        }
        return names
    }

    /// The partner's active users without live access to the customer.
    private func candidates(_ customer: OrgID, identity: Identity) async throws -> [User] {
        let taken = Set(try await store.memberships(MembershipFilter(tenantID: customer, partnerID: identity.org.id))
            .filter { $0.membership.status != .ended }.map(\.user.id))
        return try await partner.activeUsers(identity: identity).filter { !taken.contains($0.id) }
    }

    private func render(_ step: Step, _ choices: Choices, customer id: OrgID, identity: Identity, errors: [FieldError],
                        status: HTTPResponse.Status) async throws -> Response {
        let (customer, relationship) = try await partner.managedCustomer(id, identity: identity)
        let position = Step.allCases.firstIndex(of: step)!
        let chosenUsers = Set(choices.users)
        let candidates = try await candidates(id, identity: identity)
        let reviewNames = try await nameOf(choices.users, identity: identity)
        let catalog = try await store.products()
        let licensed = try await partner.licensed(id)
        let words = ConsoleWords(identity, products: catalog)
        return pages.render(AssignWizardPage(
            layout: Layout(identity, title: "Assign user access to \(customer.name)", errors: errors), customer: ManagedCustomer(customer, relationship),
            readOnlyNotice: relationship.effectivePrivilege == .manage ? nil : AccessFields.readOnlyNotice(customer.name),
            step: step.rawValue, isUsers: step == .users, isOptions: step == .options, isProducts: step == .products, isReview: step == .review,
            isFirst: step == .users,
            steps: Step.allCases.enumerated().map { index, each in WizardStep(number: index + 1, title: each.title, current: each == step, done: index < position) },
            hidden: choices.hidden(except: step),
            candidates: candidates.map { UserChoice($0, checked: chosenUsers.contains($0.id.rawValue)) }, hasCandidates: !candidates.isEmpty,
            platformAdmin: choices.platformAdmin,
            durations: AccessFields.durations(chosen: choices.duration, now: store.now),
            customHours: choices.customHours,
            products: catalog.filter { licensed.contains($0.key) }.map { ProductChoice($0, chosen: choices.roles[$0.key], readOnly: relationship.effectivePrivilege != .manage) },
            reviewUsers: choices.users.enumerated().map { index, chosen in
                let user = candidates.first { $0.id.rawValue == chosen }
                return UserChoice(id: chosen, name: reviewNames[index], email: user?.email.value ?? "")
            },
            reviewDuration: choices.durationText, reviewRoles: choices.roles.keys.sorted().map { "\(words.productName($0)): \(choices.roles[$0]!)" },
            hasReviewRoles: !choices.roles.isEmpty
        ), status: status)
    }
}
