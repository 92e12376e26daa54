import StewardCore
import Testing

/// Token scopes and the TOTP requirement as a policy (issue "One place for every rule", point 1).
@Suite("what a credential reaches")
struct CredentialPolicyTests {
    static let credentials: [Credential] = [.session, .apiToken([.admin]), .apiToken([.check]), .apiToken([.check, .admin]), .apiToken([])]

    @Test("scopes: a check token reaches decisions and tenant lists only; admin tokens and sessions reach everything", arguments: Who.allCases)
    func scopes(who: Who) {
        for operation in APIOperation.allCases {
            for credential in Self.credentials {
                let caller = Caller(actor: who.actor, credential: credential, mfaEnrolled: true)
                let allowed = (try? CredentialPolicy.mayUse(caller, for: operation, requirement: .admins).get()) != nil
                let expected: Bool = switch credential {
                case .session: true
                case .apiToken(let scopes): scopes.contains(.admin) || (scopes.contains(.check) && [.decide, .listTenants].contains(operation))
                }
                #expect(allowed == expected, "\(credential) \(operation)")
            }
        }
    }

    @Test("a caller owing a required enrolment reaches only the enrolment; a machine's check token keeps working")
    func enrolment() {
        let admin = Who.partnerAdmin.actor
        let owing = Caller(actor: admin, credential: .session, mfaEnrolled: false)
        for operation in APIOperation.allCases {
            let allowed = (try? CredentialPolicy.mayUse(owing, for: operation, requirement: .admins).get()) != nil
            #expect(allowed == [.readSelf, .secondFactor, .signOut].contains(operation), "\(operation)")
            // Not covered by the rule: nothing is owed.
            #expect((try? CredentialPolicy.mayUse(owing, for: operation, requirement: .operators).get()) != nil)
        }
        #expect(throws: Refused.tokenOwnerMustEnrol) {
            try CredentialPolicy.mayUse(Caller(actor: admin, credential: .apiToken([.admin])), for: .readSelf, requirement: .admins).get()
        }
        #expect((try? CredentialPolicy.mayUse(Caller(actor: admin, credential: .apiToken([.check])), for: .decide, requirement: .admins).get()) != nil)
        let earlier = Caller(actor: Who.partnerMember.actor, credential: .session, openedBeforeEnrolment: true)
        #expect(throws: Refused.enrolFirst) { try CredentialPolicy.mayUse(earlier, for: .manage, requirement: .none).get() }
    }

    @Test("passwords, second factors and tokens change only from a session; check tokens are minted by operators")
    func sessionOnly() {
        let token = Caller(actor: Who.operatorAdmin.actor, credential: .apiToken([.admin]))
        #expect(throws: Refused.passwordNeedsSession) { try CredentialPolicy.mayChangePassword(token).get() }
        #expect(throws: Refused.secondFactorNeedsSession) { try CredentialPolicy.mayChangeSecondFactor(token).get() }
        #expect(throws: Refused.tokenNeedsSession) { try CredentialPolicy.mayCreateToken(token, scopes: [.admin]).get() }
        let partner = Caller(actor: Who.partnerAdmin.actor, credential: .session)
        #expect(throws: Refused.checkScopeOperatorsOnly) { try CredentialPolicy.mayCreateToken(partner, scopes: [.check]).get() }
        #expect((try? CredentialPolicy.mayCreateToken(partner, scopes: [.admin]).get()) != nil)
        #expect(throws: Refused.mfaCannotBeDisabled) { try CredentialPolicy.mayDisableSecondFactor(partner, requirement: .admins).get() }
    }

    @Test("decisions: anyone about themselves; operators and check tokens about anyone", arguments: Who.allCases)
    func askAbout(who: Who) {
        let caller = Caller(actor: who.actor, credential: .session)
        #expect((try? CredentialPolicy.mayAskAbout(who.actor.userID, caller: caller).get()) != nil)
        let other = UserID("someone-else")
        #expect(((try? CredentialPolicy.mayAskAbout(other, caller: caller).get()) != nil) == (who == .operatorAdmin))
        #expect((try? CredentialPolicy.mayAskAbout(other, caller: Caller(actor: who.actor, credential: .apiToken([.check]))).get()) != nil)
        #expect(((try? CredentialPolicy.mayListTenants(of: other, caller: caller).get()) != nil) == (who == .operatorAdmin))
    }
}
