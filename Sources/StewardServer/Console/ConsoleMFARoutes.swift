import Foundation
import Hummingbird
import StewardCore
import StewardStore

/// The console's sign-in security page: set up TOTP (key, link, confirm with a code, recovery codes shown
/// once) and turn it off with a code. A session opened before a required enrolment lands here and nowhere else.
struct ConsoleMFARoutes {
    let store: Store
    let pages: PageRenderer
    let totp: TOTPService
    let signIn: SignIn
    let requireMFA: MFARequirement

    func register(on routes: ConsoleRoutes) {
        let router = routes.signedIn
        router.get("/console/mfa", use: page)
        router.post("/console/mfa/totp", use: begin)
        router.post("/console/mfa/totp/confirm", use: confirm)
        router.post("/console/mfa/disable", use: disable)
    }

    private func render(_ identity: Identity, status: HTTPResponse.Status = .ok, _ adjust: (inout MFAPage) -> Void = { _ in }) async throws -> Response {
        let enrolled = try await totp.isEnrolled(identity.user.id)
        let required = requireMFA.covers(identity.actor)
        var page = MFAPage(layout: Layout(identity, title: "Sign-in security"), enrolled: enrolled, required: required, requiredPending: required && !enrolled)
        adjust(&page)
        return pages.render(page, status: status)
    }

    @Sendable func page(_ request: Request, context: AppContext) async throws -> Response {
        try await render(try context.requireIdentity())
    }

    @Sendable func begin(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        _ = try await request.decodeForm(CSRFField.self, context: context)
        let (secret, url) = try await totp.begin(identity.user)
        // In groups of four, as people copy it by hand.
        let grouped = stride(from: 0, to: secret.count, by: 4).map { String(Array(secret)[$0..<min($0 + 4, secret.count)]) }.joined(separator: " ")
        return try await render(identity) { page in
            page.pending = true
            page.secret = grouped
            page.otpauthURL = url
        }
    }

    @Sendable func confirm(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let form = try await request.decodeForm(CodeForm.self, context: context)
        var codes: [String] = []
        if let refused = try await refusedCode(identity, context: context, mismatch: "That code did not match. Start again and enter the code your app shows now.", matches: {
            codes = try await totp.confirm(identity.user, code: form.code ?? "") ?? []
            return !codes.isEmpty
        }) { return refused }
        return try await render(identity) { [codes] page in
            page.recoveryCodes = codes
            page.showCodes = true
            page.enrolled = true
        }
    }

    @Sendable func disable(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let form = try await request.decodeForm(CodeForm.self, context: context)
        if requireMFA.covers(identity.actor) { throw Refused.consoleMFARequired }
        if let refused = try await refusedCode(identity, context: context, mismatch: "That code did not match.", matches: {
            try await totp.verify(identity.user, code: form.code ?? "")
        }) { return refused }
        try await store.disableTOTP(identity.user)
        return Response(status: .seeOther, headers: [.location: "/console/mfa"])
    }

    /// A code checked under sign-in throttling, as at sign-in: nil when it matched, else the page that says why.
    private func refusedCode(_ identity: Identity, context: AppContext, mismatch: String, matches: () async throws -> Bool) async throws -> Response? {
        if try await signIn.throttled(email: identity.user.email, address: context.clientAddress) {
            return try await render(identity, status: .tooManyRequests) { $0.error = "Too many wrong codes. Try again in 15 minutes." }
        }
        guard try await matches() else { return try await render(identity, status: .badRequest) { $0.error = mismatch } }
        try await signIn.succeeded(email: identity.user.email, address: context.clientAddress)
        return nil
    }
}
