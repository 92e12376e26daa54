import Foundation
import StewardCore
import StewardStore

/// Checks credentials with throttling and the second factor; shared by the API and the console.
struct SignIn: Sendable {
    let store: Store
    let hasher: PasswordHasher
    let totp: TOTPService
    let requireMFA: MFARequirement
    let sessionLifetime: Duration
    /// API.md: 5 failed sign-ins for one email from one client address within 15 minutes are throttled, so a
    /// stranger's failures never lock the real user out from elsewhere; and a limit per address across emails.
    static let maxFailures = 5
    static let maxAddressFailures = 50
    static let failureWindow: TimeInterval = 15 * 60

    enum Outcome: Sendable {
        case signedIn(token: String, identity: User, csrf: String, expiresAt: Date, enrolmentRequired: Bool)
        case rejected
        /// The password was right; the account needs its TOTP code (or a recovery code) as well.
        case mfaRequired
        case throttled
    }

    func attempt(email rawEmail: String, password: String, totp code: String?, address: String, kind: SessionKind) async throws -> Outcome {
        let since = store.now.addingTimeInterval(-Self.failureWindow)
        if try await store.loginFailures(address: address, since: since) >= Self.maxAddressFailures { return .throttled }
        guard let email = EmailAddress(rawEmail) else {
            // Spend the same time as a real check, so malformed emails are not distinguishable either.
            _ = try await hasher.verify(password, against: nil)
            try await store.recordLoginFailure(email: nil, address: address)
            return .rejected
        }
        if try await store.loginFailures(email: email, address: address, since: since) >= Self.maxFailures { return .throttled }
        let credentials = try await store.credentials(email: email)
        let active = credentials?.user.status == .active
        let valid = try await hasher.verify(password, against: active ? credentials?.passwordHash : nil)
        guard valid, let user = credentials?.user, let org = try await store.org(user.orgID) else {
            try await store.recordLoginFailure(email: email, address: address)
            return .rejected
        }
        if let old = credentials?.passwordHash, hasher.needsUpgrade(old) {
            try await store.upgradePasswordHash(user.id, from: old, to: try await hasher.hash(password))
        }
        let enrolled = try await totp.isEnrolled(user.id)
        if enrolled {
            guard let code, !code.isEmpty else { return .mfaRequired }
            guard try await totp.verify(user, code: code) else {
                try await store.recordLoginFailure(email: email, address: address)
                return .rejected
            }
        }
        try await store.clearLoginFailures(email: email, address: address)
        let actor = Actor(userID: user.id, orgID: org.id, orgKind: org.kind, role: user.role)
        let restricted = !enrolled && requireMFA.covers(actor)
        let token = SecretToken.make()
        let csrf = SecretToken.make()
        let expiresAt = store.now.addingTimeInterval(TimeInterval(sessionLifetime.components.seconds))
        try await store.createSession(tokenHash: SecretToken.hash(token), user: user, kind: kind, csrfToken: csrf, expiresAt: expiresAt, restricted: restricted)
        return .signedIn(token: token, identity: user, csrf: csrf, expiresAt: expiresAt, enrolmentRequired: restricted)
    }
}
