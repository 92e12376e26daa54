import Foundation
import StewardCore
import StewardStore

/// Checks credentials with throttling; shared by the API and the console.
struct SignIn: Sendable {
    let store: Store
    let hasher: PasswordHasher
    let sessionLifetime: Duration
    /// SPEC: 5 failed sign-ins for one email within 15 minutes are throttled.
    static let maxFailures = 5
    static let failureWindow: TimeInterval = 15 * 60

    enum Outcome: Sendable {
        case signedIn(token: String, identity: User, csrf: String, expiresAt: Date)
        case rejected
        case throttled
    }

    func attempt(email rawEmail: String, password: String, kind: SessionKind) async throws -> Outcome {
        guard let email = EmailAddress(rawEmail) else {
            // Spend the same time as a real check, so malformed emails are not distinguishable either.
            _ = try await hasher.verify(password, against: nil)
            return .rejected
        }
        let since = store.now.addingTimeInterval(-Self.failureWindow)
        if try await store.loginFailures(email: email, since: since) >= Self.maxFailures {
            return .throttled
        }
        let credentials = try await store.credentials(email: email)
        let active = credentials?.user.status == .active
        let valid = try await hasher.verify(password, against: active ? credentials?.passwordHash : nil)
        guard valid, let user = credentials?.user else {
            try await store.recordLoginFailure(email: email)
            return .rejected
        }
        try await store.clearLoginFailures(email: email)
        let token = SecretToken.make()
        let csrf = SecretToken.make()
        let expiresAt = store.now.addingTimeInterval(TimeInterval(sessionLifetime.components.seconds))
        try await store.createSession(tokenHash: SecretToken.hash(token), user: user, kind: kind, csrfToken: csrf, expiresAt: expiresAt)
        return .signedIn(token: token, identity: user, csrf: csrf, expiresAt: expiresAt)
    }
}
