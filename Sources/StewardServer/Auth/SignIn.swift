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
    /// An IPv6 client counts by its /64, which one host can fill with addresses.
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

    /// Counts an attempt (sign-in, or a second-factor code) by `email` from `address` before it is judged;
    /// true when that pair or that address is over its limit and the attempt must be refused.
    func throttled(email: EmailAddress?, address: String) async throws -> Bool {
        let counts = try await store.countLoginAttempt(email: email, address: address, since: store.now.addingTimeInterval(-Self.failureWindow))
        return counts.pair > Self.maxFailures || counts.address > Self.maxAddressFailures
    }

    /// Forgets the pair's failures once an attempt has succeeded.
    func succeeded(email: EmailAddress, address: String) async throws {
        try await store.clearLoginFailures(email: email, address: address)
    }

    func attempt(email rawEmail: String, password: String, totp code: String?, address: String, kind: SessionKind) async throws -> Outcome {
        let parsed = EmailAddress(rawEmail)
        if try await throttled(email: parsed, address: address) { return .throttled }
        guard let email = parsed else {
            // Spend the same time as a real check, so malformed emails are not distinguishable either.
            _ = try await hasher.verify(password, against: nil)
            return .rejected
        }
        let credentials = try await store.credentials(email: email)
        let active = credentials?.user.status == .active
        let valid = try await hasher.verify(password, against: active ? credentials?.passwordHash : nil)
        // A failure stays counted: the attempt was counted before it was judged.
        guard valid, let user = credentials?.user, let org = try await store.org(user.orgID) else { return .rejected }
        if let old = credentials?.passwordHash, hasher.needsUpgrade(old) {
            try await store.upgradePasswordHash(user.id, from: old, to: try await hasher.hash(password))
        }
        let enrolled = try await totp.isEnrolled(user.id)
        if enrolled {
            guard let code, !code.isEmpty else { return .mfaRequired }
            guard try await totp.verify(user, code: code) else { return .rejected }
        }
        try await succeeded(email: email, address: address)
        let actor = Actor(userID: user.id, orgID: org.id, orgKind: org.kind, role: user.role)
        let restricted = !enrolled && requireMFA.covers(actor)
        let token = SecretToken.make()
        let csrf = SecretToken.make()
        let expiresAt = store.now.addingTimeInterval(TimeInterval(sessionLifetime.components.seconds))
        try await store.createSession(tokenHash: SecretToken.hash(token), user: user, kind: kind, csrfToken: csrf, expiresAt: expiresAt, restricted: restricted)
        return .signedIn(token: token, identity: user, csrf: csrf, expiresAt: expiresAt, enrolmentRequired: restricted)
    }
}
