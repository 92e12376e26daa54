import Hummingbird
import StewardCore

/// Finds the console user by the session cookie, before any page handler runs. On pages that need a session
/// it also sends anyone not signed in to the sign-in page, refuses an audience the area is not for and
/// a form without the session's CSRF token.
/// A session that still owes a required TOTP enrolment reaches only the enrolment.
struct ConsoleSessionMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let lookup: CredentialLookup
    let requireMFA: MFARequirement
    /// The area whose pages this guards; nil for pages that need no session.
    let area: ConsoleArea?
    let ownRecords: Bool
    let cookies: ConsoleCookies
    /// Refusals on these pages render here, where the signed-in user is known, so an error page keeps its top bar.
    let errors: ErrorMiddleware

    static let cookieName = "steward_session"
    /// The console's chosen tenant; only ever honoured when the user holds a live membership there.
    static let tenantCookieName = "steward_tenant"
    static let enrolmentPaths: Set<String> = ["/console/mfa", "/console/mfa/totp", "/console/mfa/totp/confirm", "/logout"]

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        if let cookie = request.cookies[Self.cookieName]?.value, var identity = try await lookup.identity(cookie, kind: .console) {
            if CredentialPolicy.awaitsEnrolment(identity.caller, requirement: requireMFA), !Self.enrolmentPaths.contains(request.uri.path) {
                return Response(status: .seeOther, headers: [.location: "/console/mfa"])
            }
            identity.tenants = try await lookup.tenants.tenants(of: identity.user)
            let chosen = request.cookies[Self.tenantCookieName]?.value
            let now = lookup.store.now
            identity.administered = identity.tenants.filter { DelegationPolicy.administers($0.membership, under: $0.relationship, at: now) }
            identity.currentTenant = identity.tenants.first { $0.membership.tenantID.rawValue == chosen }?.membership.tenantID ?? identity.org.id
            identity.notice = ConsoleNotice.read(request)
            context.identity = identity
        }
        var response = try await errors.handle(request, context: context) { request, context in
            var request = request
            if let area {
                guard let identity = context.identity else { throw Refused.signInFirst }
                try ConsolePolicy.mayOpen(area, audience: identity.audience, namesRecord: ownRecords || context.parameters.get("id") != nil).require()
                if request.method != .get && request.method != .head {
                    // The form stays readable to the handler: the body is collected once, here.
                    let body = String(buffer: try await request.collectBody(upTo: context.maxBodyBytes))
                    try ConsoleCSRF.check((try? URLEncodedFormDecoder().decode(CSRFField.self, from: body)) ?? CSRFField(), identity: identity)
                }
            }
            return try await next(request, context)
        }
        // A page that showed the confirmation clears it; a redirect passes it on to the page it leads to.
        if context.identity?.notice != nil, !(300..<400).contains(response.status.code) {
            response.headers.append(try cookies.make(ConsoleNotice.cookieName, "", maxAge: 0))
        }
        return response
    }
}
