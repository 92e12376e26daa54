import Foundation
import HTTPTypes
import Hummingbird
import StewardCore
import StewardStore

/// Actions on a user in the console's users tables: edit name, role and time zone; deactivate after
/// confirming. Through `UserManagement`, as the API is.
struct ConsoleUserRoutes {
    let store: Store
    let pages: PageRenderer
    let cookies: ConsoleCookies

    func register(on routes: ConsoleRoutes) {
        let router = routes.signedIn
        router.get("/console/users/{id}/edit", use: editPage)
        router.post("/console/users/{id}/edit", use: save)
        router.get("/console/users/{id}/deactivate", use: confirmDeactivation)
        router.post("/console/users/{id}/deactivate", use: deactivate)
    }

    /// The user, if the caller manages its org's users (404 out of reach, 403 when only visible).
    private func managed(_ id: UserID, identity: Identity) async throws -> User {
        let user = try await UserManagement.readable(id, by: identity.actor, in: store)
        try await UserManagement.requireManage(user.orgID, by: identity.actor, in: store)
        return user
    }

    @Sendable func editPage(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let user = try await managed(try context.pathID("id"), identity: identity)
        return render(user, form: nil, identity: identity, errors: [], status: .ok)
    }

    @Sendable func save(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let user = try await managed(try context.pathID("id"), identity: identity)
        let form = try await request.decodeForm(UserEditForm.self, context: context)
        do {
            var validator = Validator()
            var changes = UserChanges()
            if let name = form.name, name != user.name { changes.name = validator.name("name", name) }
            if let role = form.role.flatMap(HomeRole.init(rawValue:)), role != user.role { changes.role = role }
            if let zone = form.timeZone, zone != user.timeZone { changes.timeZone = validator.timeZone("time_zone", zone) }
            try validator.check()
            let (caller, edit, version) = (identity.caller, changes, form.version.flatMap { Int($0) })
            let saved = try await store.transaction(by: identity.auditActor) {
                try await UserManagement.update(user.id, edit, expectedVersion: version, by: caller, keepingSession: nil, in: $0)
            }.value
            return try ConsoleNotice.redirect(to: "/console/orgs/\(saved.orgID)", "Saved \(saved.name).", cookies: cookies)
        } catch let failure as ValidationFailure {
            return render(user, form: form, identity: identity, errors: failure.errors, status: .badRequest)
        }
    }

    @Sendable func confirmDeactivation(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let user = try await managed(try context.pathID("id"), identity: identity)
        return pages.render(ConfirmPage(
            layout: Layout(identity, title: "Deactivate \(user.name)?"),
            message: "\(user.name) (\(user.email.value)) can no longer sign in, and every access of theirs ends at once. Their record stays in the audit trail.",
            actionURL: "/console/users/\(user.id)/deactivate", button: "Deactivate", back: "/console/orgs/\(user.orgID)", returnTo: nil
        ))
    }

    @Sendable func deactivate(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let user = try await managed(try context.pathID("id"), identity: identity)
        let actor = identity.actor
        _ = try await store.transaction(by: identity.auditActor) { try await UserManagement.deactivate(user.id, by: actor, in: $0) }
        return try ConsoleNotice.redirect(to: "/console/orgs/\(user.orgID)", "Deactivated \(user.name); every access of theirs has ended.", cookies: cookies)
    }

    private func render(_ user: User, form: UserEditForm?, identity: Identity, errors: [FieldError], status: HTTPResponse.Status) -> Response {
        let role = form?.role ?? user.role.rawValue
        return pages.render(UserEditPage(
            layout: Layout(identity, title: "Edit \(user.name)", errors: errors), id: user.id.rawValue, orgID: user.orgID.rawValue, email: user.email.value,
            name: form?.name ?? user.name, roles: HomeRole.allCases.map { Choice($0.rawValue, selected: $0.rawValue == role) },
            timeZone: form?.timeZone ?? user.timeZone, version: user.version, active: user.status == .active
        ), status: status)
    }
}
