import Foundation
import Hummingbird
import StewardCore
import StewardStore

/// `POST /v1/auth/login`, `POST /v1/auth/logout`, `GET /v1/me`.
struct AuthRoutes {
    let store: Store
    let signIn: SignIn

    struct LoginBody: RequestBody {
        var email: String
        var password: String
        var totp: String?
        enum CodingKeys: String, CodingKey, CaseIterable { case email, password, totp }
    }

    func register(on router: Router<AppContext>) {
        router.post("/v1/auth/login", use: login)
        router.post("/v1/auth/logout", use: logout)
        router.get("/v1/me", use: me)
    }

    @Sendable func login(_ request: Request, context: AppContext) async throws -> Response {
        let body = try await request.decodeBody(LoginBody.self, context: context)
        guard body.email.count <= 320, body.password.count <= 1024 else { throw Self.badCredentials }
        switch try await signIn.attempt(email: body.email, password: body.password, totp: body.totp, address: context.clientAddress, kind: .api) {
        case .signedIn(let token, let user, _, let expiresAt, let enrolmentRequired):
            return try JSONResponse(LoginResult(token: token, expiresAt: expiresAt, user: user, mfaEnrolmentRequired: enrolmentRequired ? true : nil))
                .response(from: request, context: context)
        case .rejected:
            throw Self.badCredentials
        case .mfaRequired:
            throw Self.mfaRequired
        case .throttled:
            throw Self.throttled
        }
    }

    @Sendable func logout(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try await request.requireNoBody(context: context)
        guard let session = identity.session else { throw APIError.badRequest("API tokens are revoked with DELETE /v1/api-tokens/{id}, not signed out") }
        try await store.deleteSession(tokenHash: session.tokenHash, user: identity.user)
        return Response(status: .noContent)
    }

    @Sendable func me(_ request: Request, context: AppContext) async throws -> JSONResponse<MeBody> {
        let identity = try context.requireIdentity()
        return JSONResponse(MeBody(user: identity.user, org: identity.org))
    }

    /// One answer for an unknown email and a wrong password.
    static let badCredentials = APIError(status: .unauthorized, detail: "the email or password is wrong")

    /// The password was right; the code is missing. Said only after a right password.
    static let mfaRequired = APIError(status: .unauthorized, detail: "this account needs its TOTP code: send it as totp", mfaRequired: true)

    static let throttled = APIError(
        status: .tooManyRequests, detail: "too many failed sign-ins from this address; try again in 15 minutes",
        headers: [.retryAfter: String(Int(SignIn.failureWindow))]
    )
}
