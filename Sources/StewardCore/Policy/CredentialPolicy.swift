/// What an API request does, as token scopes and the TOTP requirement see it. Each API route declares one.
public enum APIOperation: String, Sendable, CaseIterable {
    /// `POST /v1/check`, `POST /v1/check/batch`.
    case decide
    /// `GET /v1/users/{id}/tenants`.
    case listTenants
    /// `GET /v1/me`.
    case readSelf
    /// `/v1/me/mfa/*`.
    case secondFactor
    /// `POST /v1/auth/logout`.
    case signOut
    /// Everything else: managing orgs, users, relationships and access.
    case manage
}

/// What a credential reaches (API.md "Auth and self", SPEC §5), as pure functions.
public enum CredentialPolicy {
    /// Whether `caller` may make a request of this kind at all, before any rule about its target.
    public static func mayUse(_ caller: Caller, for operation: APIOperation, requirement: MFARequirement) -> Result<Void, Refused> {
        if case .apiToken(let scopes) = caller.credential, !scopes.contains(.admin) {
            guard scopes.contains(.check), operation == .decide || operation == .listTenants else { return .failure(.tokenScopeTooNarrow) }
        }
        guard awaitsEnrolment(caller, requirement: requirement) else { return .success(()) }
        switch caller.credential {
        case .apiToken(let scopes):
            // A token cannot enrol; only a `check` token, a machine's, goes on working.
            return scopes == [.check] ? .success(()) : .failure(.tokenOwnerMustEnrol)
        case .session:
            return [.readSelf, .secondFactor, .signOut].contains(operation) ? .success(()) : .failure(.enrolFirst)
        }
    }

    /// Opened before a required TOTP enrolment, or the requirement came after it (a restart with
    /// `STEWARD_REQUIRE_MFA`): either way the caller reaches only the enrolment until TOTP is in force.
    public static func awaitsEnrolment(_ caller: Caller, requirement: MFARequirement) -> Bool {
        caller.openedBeforeEnrolment || (requirement.covers(caller.actor) && !caller.mfaEnrolled)
    }

    /// A leaked API token must not become the account: passwords change only from a signed-in session.
    public static func mayChangePassword(_ caller: Caller) -> Result<Void, Refused> {
        caller.isSession ? .success(()) : .failure(.passwordNeedsSession)
    }

    /// Likewise the second factor.
    public static func mayChangeSecondFactor(_ caller: Caller) -> Result<Void, Refused> {
        caller.isSession ? .success(()) : .failure(.secondFactorNeedsSession)
    }

    /// Switching TOTP off, where the deployment requires it of this caller, is refused.
    public static func mayDisableSecondFactor(_ caller: Caller, requirement: MFARequirement) -> Result<Void, Refused> {
        if case .failure(let refusal) = mayChangeSecondFactor(caller) { return .failure(refusal) }
        return requirement.covers(caller.actor) ? .failure(.mfaCannotBeDisabled) : .success(())
    }

    /// A token cannot mint tokens, and only operators mint `check` tokens, which ask about anyone.
    public static func mayCreateToken(_ caller: Caller, scopes: Set<TokenScope>) -> Result<Void, Refused> {
        guard caller.isSession else { return .failure(.tokenNeedsSession) }
        if scopes.contains(.check), !caller.actor.isOperator { return .failure(.checkScopeOperatorsOnly) }
        return .success(())
    }

    /// Access decisions: `check` tokens and operators ask about anyone; a user about themselves (anyone else: 403).
    public static func mayAskAbout(_ user: UserID, caller: Caller) -> Result<Void, Refused> {
        caller.mayCheckAnyone || caller.actor.isOperator || caller.actor.userID == user ? .success(()) : .failure(.checkOnlyOwnAccess)
    }

    /// Another user's tenant list: `check` tokens and operators.
    public static func mayListTenants(of user: UserID, caller: Caller) -> Result<Void, Refused> {
        caller.mayCheckAnyone || caller.actor.isOperator ? .success(()) : .failure(.notAllowed)
    }
}
