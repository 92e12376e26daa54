/// What sign-in and second-factor rules answer (SPEC §5).
extension Refused {
    /// One answer for an unknown email and a wrong password.
    public static let badCredentials = Refused(.unauthenticated, "the email or password is wrong")
    /// The password was right; the code is missing. Said only after a right password.
    public static let mfaCodeMissing = Refused(.unauthenticated, "this account needs its TOTP code: send it as totp", code: "mfa_required")
    public static let signInsThrottled = Refused(.throttled, "too many failed sign-ins from this address; try again in 15 minutes")
    public static let noEnrolmentWaiting = Refused.conflict("there is no enrolment waiting for a code: start one with POST /v1/me/mfa/totp")
    public static let mfaCannotBeDisabled = Refused.forbidden("this deployment requires TOTP of you (STEWARD_REQUIRE_MFA); it cannot be switched off")
    public static let tokenOwnerMustEnrol = Refused.forbidden("this deployment requires TOTP of this token's owner: sign in and enrol first")
    public static let enrolFirst = Refused.forbidden("enrol TOTP first (POST /v1/me/mfa/totp): this deployment requires it of you")
    public static let tokenScopeTooNarrow = Refused.forbidden("this API token's scopes do not cover this request")
    public static let passwordNeedsSession = Refused.forbidden("sign in to change a password; API tokens cannot")
    public static let secondFactorNeedsSession = Refused.forbidden("sign in to change your second factor; API tokens cannot")
    public static let tokenNeedsSession = Refused.forbidden("API tokens are created by a signed-in user")
    public static let checkScopeOperatorsOnly = Refused.forbidden("only operators may create tokens with the check scope")
    public static let tokensAreRevokedNotSignedOut = Refused(.invalid, "API tokens are revoked with DELETE /v1/api-tokens/{id}, not signed out")
}
