import Foundation
import HTTPTypes
import Hummingbird
import StewardCore
import StewardStore

/// The set-password link of an invitation (no session exists yet, so the form carries the signed pre-session
/// the login form uses), and an admin's "send the invitation again" on an org's users page.
struct ConsoleInvitationRoutes {
    let store: Store
    let pages: PageRenderer
    let cookies: ConsoleCookies
    let preSession: LoginPreSession
    let hasher: PasswordHasher
    let users: UserService

    func register(on routes: ConsoleRoutes) {
        routes.anyone.get("/invitation/{token}", use: show)
        routes.anyone.post("/invitation/{token}", use: accept)
        routes.signedIn.post("/console/users/{id}/invitation", use: resend)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        return try await render(token: token, errors: [], problemStatus: nil)
    }

    @Sendable func accept(_ request: Request, context: AppContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        let form = try await request.decodeForm(SetPasswordForm.self, context: context)
        guard preSession.verify(cookie: request.cookies[ConsoleAuthRoutes.loginCSRFCookie]?.value, csrf: form.csrf, at: store.now) else {
            return try await render(token: token, errors: [FieldError("form", "expired; please enter your password again")], problemStatus: .forbidden)
        }
        let hash = SecretToken.hash(token)
        do {
            // The link first, so a made-up one costs no password hashing.
            let (_, user) = try await InvitationManagement.usable(tokenHash: hash, in: store)
            var validator = Validator()
            let password = validator.password("password", form.password ?? "", policy: CommonPasswords.policy, email: user.email)
            if form.password != form.confirm { validator.add("confirm", "does not match the password") }
            try validator.check()
            let passwordHash = try await hasher.hash(password!)
            // The invited user acts: the audit event names them.
            let org = try await store.org(user.orgID)
            let actor = AuditActor(Actor(userID: user.id, orgID: user.orgID, orgKind: org?.kind ?? .customer, role: user.role))
            _ = try await store.transaction(by: actor) { records in
                try await InvitationManagement.accept(tokenHash: hash, passwordHash: passwordHash, in: records)
            }
            return try ConsoleNotice.redirect(to: "/login", "Your password is set. Sign in with it now.", cookies: cookies)
        } catch let failure as ValidationFailure {
            return try await render(token: token, errors: failure.errors, problemStatus: .badRequest)
        }
    }

    @Sendable func resend(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id: UserID = try context.pathID("id")
        let user = try await InvitationManagement.requireInviter(id, by: identity.actor, in: store)
        _ = try await users.resendInvitation(id, by: identity)
        return try ConsoleNotice.redirect(to: "/console/orgs/\(user.orgID)", "Sent \(user.name) a new invitation; the earlier link no longer works.", cookies: cookies)
    }

    private func render(token: String, errors: [FieldError], problemStatus: HTTPResponse.Status?) async throws -> Response {
        var problem: String?
        var status = problemStatus ?? .ok
        var user: User?
        do {
            user = try await InvitationManagement.usable(tokenHash: SecretToken.hash(token), in: store).1
        } catch let refusal as InvitationRefusal {
            problem = refusal.refused.detail.prefix(1).uppercased() + refusal.refused.detail.dropFirst() + "."
            status = refusal == .unknown ? .notFound : .gone
        }
        let (cookie, csrf) = preSession.issue(at: store.now)
        let page = InvitationPage(
            layout: Layout(nil, title: "Choose your password", errors: errors), token: token, formCSRF: csrf,
            name: user?.name ?? "", email: user?.email.value ?? "", problem: problem
        )
        let header = try cookies.make(ConsoleAuthRoutes.loginCSRFCookie, cookie, maxAge: Int(LoginPreSession.lifetime))
        return pages.render(page, status: status, headers: HTTPFields([header]))
    }
}
