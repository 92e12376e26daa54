import Foundation
import Hummingbird
import StewardCore
import StewardStore

/// `/v1/me/mfa/totp`: a user enrols TOTP for their own sign-in, confirms it with a code, and may switch it off
/// with a code unless `STEWARD_REQUIRE_MFA` covers them.
struct MFARoutes {
    let store: Store
    let totp: TOTPService
    let signIn: SignIn
    let requireMFA: MFARequirement

    struct CodeBody: RequestBody {
        var code: String
    }

    struct Enrolment: Encodable, Sendable {
        var secret: String
        var otpauthURL: String
        enum CodingKeys: String, CodingKey { case secret, otpauthURL = "otpauth_url" }
    }

    struct RecoveryCodes: Encodable, Sendable {
        var recoveryCodes: [String]
        enum CodingKeys: String, CodingKey { case recoveryCodes = "recovery_codes" }
    }

    func register(on routes: APIRoutes) {
        let router = routes.callers(.secondFactor)
        router.post("/v1/me/mfa/totp", use: begin)
        router.post("/v1/me/mfa/totp/confirm", use: confirm)
        router.delete("/v1/me/mfa/totp", use: disable)
    }

    @Sendable func begin(_ request: Request, context: AppContext) async throws -> JSONResponse<Enrolment> {
        let identity = try Self.requireSession(context)
        try await request.requireNoBody(context: context)
        let (secret, url) = try await totp.begin(identity.user)
        return JSONResponse(Enrolment(secret: secret, otpauthURL: url), status: .created)
    }

    @Sendable func confirm(_ request: Request, context: AppContext) async throws -> JSONResponse<RecoveryCodes> {
        let identity = try Self.requireSession(context)
        let body = try await request.decodeBody(CodeBody.self, context: context)
        guard try await store.totp(of: identity.user.id)?.confirmed == false else {
            throw Refused.noEnrolmentWaiting
        }
        // Codes are guessed no faster here than at sign-in: the same counts and limits.
        if try await signIn.throttled(email: identity.user.email, address: context.clientAddress) { throw Refused.signInsThrottled }
        guard let codes = try await totp.confirm(identity.user, code: body.code) else {
            throw ValidationFailure([FieldError("code", "is not the current code of this enrolment")])
        }
        try await signIn.succeeded(email: identity.user.email, address: context.clientAddress)
        return JSONResponse(RecoveryCodes(recoveryCodes: codes))
    }

    @Sendable func disable(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try Self.requireSession(context)
        let body = try await request.decodeBody(CodeBody.self, context: context)
        try CredentialPolicy.mayDisableSecondFactor(identity.caller, requirement: requireMFA).get()
        guard try await totp.isEnrolled(identity.user.id) else { throw Refused.notFound }
        if try await signIn.throttled(email: identity.user.email, address: context.clientAddress) { throw Refused.signInsThrottled }
        guard try await totp.verify(identity.user, code: body.code) else {
            throw ValidationFailure([FieldError("code", "is not a current code or an unused recovery code")])
        }
        try await signIn.succeeded(email: identity.user.email, address: context.clientAddress)
        try await store.disableTOTP(identity.user)
        return Response(status: .noContent)
    }

    /// A person's own sign-in: API tokens never change their owner's second factor.
    static func requireSession(_ context: AppContext) throws -> Identity {
        let identity = try context.requireIdentity()
        try CredentialPolicy.mayChangeSecondFactor(identity.caller).get()
        return identity
    }
}
