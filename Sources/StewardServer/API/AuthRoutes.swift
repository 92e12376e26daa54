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

    func register(on routes: APIRoutes) {
        routes.anyone.post("/v1/auth/login", use: login)
        routes.callers(.signOut).post("/v1/auth/logout", use: logout)
        routes.callers(.readSelf).get("/v1/me", use: me)
    }

    @Sendable func login(_ request: Request, context: AppContext) async throws -> Response {
        let body = try await request.decodeBody(LoginBody.self, context: context)
        guard body.email.count <= 320, body.password.count <= 1024 else { throw Refused.badCredentials }
        switch try await signIn.attempt(email: body.email, password: body.password, totp: body.totp, address: context.clientAddress, kind: .api) {
        case .signedIn(let token, let user, _, let expiresAt, let enrolmentRequired):
            return try JSONResponse(LoginResult(token: token, expiresAt: expiresAt, user: UserJSON(user), mfaEnrolmentRequired: enrolmentRequired ? true : nil))
                .response(from: request, context: context)
        case .rejected:
            throw Refused.badCredentials
        case .mfaRequired:
            throw Refused.mfaCodeMissing
        case .throttled:
            throw Refused.signInsThrottled
        }
    }

    @Sendable func logout(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try await request.requireNoBody(context: context)
        guard let session = identity.session else { throw Refused.tokensAreRevokedNotSignedOut }
        try await store.deleteSession(tokenHash: session.tokenHash, user: identity.user)
        return Response(status: .noContent)
    }

    @Sendable func me(_ request: Request, context: AppContext) async throws -> JSONResponse<MeBody> {
        let identity = try context.requireIdentity()
        return JSONResponse(MeBody(user: UserJSON(identity.user), org: OrgJSON(identity.org)))
    }
}

