import Foundation
import HTTPTypes
import Hummingbird
import StewardCore
import StewardStore

/// Sign-in and sign-out pages. The login form is protected by a signed pre-session, since no session exists yet.
struct ConsoleAuthRoutes {
    let store: Store
    let signIn: SignIn
    let pages: PageRenderer
    let cookies: ConsoleCookies
    let sessionLifetime: Duration
    let preSession: LoginPreSession
    let tenants: TenantDirectory
    static let loginCSRFCookie = "steward_login_csrf"

    func register(on routes: ConsoleRoutes) {
        routes.anyone.get("/", use: root)
        routes.anyone.get("/login", use: loginPage)
        routes.anyone.post("/login", use: login)
        routes.signedIn.post("/logout", use: logout)
    }

    @Sendable func root(_ request: Request, context: AppContext) async throws -> Response {
        Response(status: .seeOther, headers: [.location: context.identity == nil ? "/login" : "/console"])
    }

    @Sendable func loginPage(_ request: Request, context: AppContext) async throws -> Response {
        let next = Self.safeNext(request.uri.queryParameters["next"].map(String.init))
        if context.identity != nil { return Response(status: .seeOther, headers: [.location: next]) }
        return try renderLogin(error: nil, email: "", next: next, status: .ok)
    }

    /// Where to go after signing in: a local path only, never another site.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), next.count <= 300,
              next.allSatisfy({ $0.isASCII && !$0.isWhitespace })
        else { return "/console" }
        return next
    }

    private func renderLogin(error: String?, email: String, next: String, status: HTTPResponse.Status, askCode: Bool = false) throws -> Response {
        let (preSessionCookie, csrf) = preSession.issue(at: store.now)
        let page = LoginPage(layout: Layout(nil, title: "Sign in"), loginCSRF: csrf, email: email, next: next, askCode: askCode, error: error)
        let cookie = try cookies.make(Self.loginCSRFCookie, preSessionCookie, maxAge: Int(LoginPreSession.lifetime))
        return pages.render(page, status: status, headers: HTTPFields([cookie]))
    }

    @Sendable func login(_ request: Request, context: AppContext) async throws -> Response {
        let form = try await request.decodeForm(LoginForm.self, context: context)
        let email = String((form.email ?? "").prefix(320))
        let next = Self.safeNext(form.next)
        guard preSession.verify(cookie: request.cookies[Self.loginCSRFCookie]?.value, csrf: form.csrf, at: store.now) else {
            return try renderLogin(error: "Your sign-in form expired. Please try again.", email: email, next: next, status: .forbidden)
        }
        let code = form.totp.map { String($0.prefix(64)) }
        switch try await signIn.attempt(
            email: email, password: String((form.password ?? "").prefix(1024)), totp: code, address: context.clientAddress, kind: .console
        ) {
        case .signedIn(let token, let user, _, _, let enrolmentRequired):
            // With more than one tenant, sign-in lands on the picker unless a page was asked for.
            let several = try await tenants.tenants(of: user).count > 1
            let org = try await store.org(user.orgID)
            let preferred = PreferenceManagement.landingPath(try await store.landing(of: user.id), audience: Audience.of(
                Actor(userID: user.id, orgID: user.orgID, orgKind: org?.kind ?? .customer, role: user.role), program: org?.program
            ))
            // A page asked for wins; then the user's own choice; then the picker when there is a choice of tenant.
            let landing = enrolmentRequired ? "/console/mfa" : next != "/console" ? next : preferred ?? (several ? "/console/tenants" : next)
            var headers: HTTPFields = [.location: landing]
            headers.append(try cookies.make(ConsoleSessionMiddleware.cookieName, token, maxAge: Int(sessionLifetime.components.seconds)))
            headers.append(try cookies.make(Self.loginCSRFCookie, "", maxAge: 0))
            return Response(status: .seeOther, headers: headers)
        case .rejected:
            return try renderLogin(error: "The email or password is wrong.", email: email, next: next, status: .unauthorized)
        case .mfaRequired:
            return try renderLogin(
                error: "Enter your password again with the 6-digit code from your authenticator app, or a recovery code.",
                email: email, next: next, status: .unauthorized, askCode: true
            )
        case .throttled:
            return try renderLogin(error: "Too many failed sign-ins. Try again in 15 minutes.", email: email, next: next, status: .tooManyRequests)
        }
    }

    @Sendable func logout(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        _ = try await request.decodeForm(CSRFField.self, context: context)
        if let session = identity.session { try await store.deleteSession(tokenHash: session.tokenHash, user: identity.user) }
        return Response(status: .seeOther, headers: HTTPFields([HTTPField(name: .location, value: "/login"), try cookies.make(ConsoleSessionMiddleware.cookieName, "", maxAge: 0)]))
    }

}

/// Every console form carries the session's CSRF token.
enum ConsoleCSRF {
    static func check(_ form: CSRFField, identity: Identity) throws {
        guard let given = form.csrf, !identity.csrfToken.isEmpty, SecretToken.constantTimeEqual(given, identity.csrfToken) else {
            throw Refused.formExpired
        }
    }
}
