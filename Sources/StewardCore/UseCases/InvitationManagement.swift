import Foundation

/// An emailed set-password link as stored: only the token's hash is kept.
public struct Invitation: Sendable, Equatable {
    public var userID: UserID
    public var expiresAt: Date
    public var usedAt: Date?

    public init(userID: UserID, expiresAt: Date, usedAt: Date?) {
        self.userID = userID
        self.expiresAt = expiresAt
        self.usedAt = usedAt
    }
}

/// Why a set-password link cannot be used.
public enum InvitationRefusal: Refusal, Equatable {
    case unknown
    case used
    case expired
    case notNeeded

    public var refused: Refused {
        switch self {
        case .unknown: Refused(.hidden, "this link is not valid; it may have been replaced by a newer invitation")
        case .used: Refused(.gone, "this link has already been used; sign in with the password you chose")
        case .expired: Refused(.gone, "this link has expired; ask an administrator of your organisation to send a new one")
        case .notNeeded: Refused(.conflict, "this user already has a password")
        }
    }
}

/// What checking a set-password link reads: committed state (before the password is hashed), or a transaction's.
public protocol InvitationReading: Sendable {
    var now: Date { get }
    func user(_ id: UserID) async throws -> User?
    func hasPassword(_ user: UserID) async throws -> Bool
    func invitation(tokenHash: String) async throws -> Invitation?
}

/// Everything inviting reads and writes, inside one transaction.
public protocol InvitationRecords: InvitationReading, UserRecords, MailRecords {
    /// Stores a new link for the user, dropping any unused one, and records `user.invited`.
    func insertInvitation(for user: User, tokenHash: String, expiresAt: Date) async throws
    /// Sets the user's password, spends the link and records `user.invitation_accepted`.
    func accept(_ invitation: Invitation, tokenHash: String, passwordHash: String) async throws
}

/// Makes the invitation email for a user with its set-password link.
public typealias InvitationMailComposer = @Sendable (_ user: User, _ org: Org?, _ expiresAt: Date) -> MailMessage?

/// A user created without a password gets a single-use link to set one (SPEC §2): 72 hours, stored as a hash,
/// sent again by the user's org admins or operators until the user has a password.
public enum InvitationManagement {
    public static let lifetime: TimeInterval = 72 * 3600

    /// Creates the link and queues its email, in the transaction that created the user.
    public static func invite(_ user: User, tokenHash: String, mail: InvitationMailComposer, in records: some InvitationRecords) async throws {
        let expiresAt = records.now.addingTimeInterval(lifetime)
        try await records.insertInvitation(for: user, tokenHash: tokenHash, expiresAt: expiresAt)
        try await records.enqueue(mail(user, try await records.org(user.orgID), expiresAt))
    }

    /// Sends a new link (the old one stops working): the user's org admins and operators; 409 once the user has a password.
    public static func resend(_ id: UserID, by actor: Actor, tokenHash: String, mail: InvitationMailComposer, in records: some InvitationRecords) async throws -> User {
        let user = try await requireInviter(id, by: actor, in: records)
        guard user.status == .active else { throw Refused.conflict("this user is deactivated") }
        guard try await !records.hasPassword(user.id) else { throw InvitationRefusal.notNeeded }
        try await invite(user, tokenHash: tokenHash, mail: mail, in: records)
        return user
    }

    /// Who may send the link again: whoever manages the user's org's users.
    public static func requireInviter(_ id: UserID, by actor: Actor, in records: some UserReading) async throws -> User {
        let user = try await UserManagement.readable(id, by: actor, in: records)
        try await UserManagement.requireManage(user.orgID, by: actor, in: records)
        return user
    }

    /// The link's invitation, if it can still be used.
    public static func usable(tokenHash: String, in records: some InvitationReading) async throws -> (Invitation, User) {
        guard let invitation = try await records.invitation(tokenHash: tokenHash), let user = try await records.user(invitation.userID) else {
            throw InvitationRefusal.unknown
        }
        if invitation.usedAt != nil { throw InvitationRefusal.used }
        if invitation.expiresAt <= records.now { throw InvitationRefusal.expired }
        guard user.status == .active else { throw InvitationRefusal.unknown }
        guard try await !records.hasPassword(user.id) else { throw InvitationRefusal.used }
        return (invitation, user)
    }

    /// Sets the password the invited user chose (validated and hashed by the caller) and spends the link.
    public static func accept(tokenHash: String, passwordHash: String, in records: some InvitationRecords) async throws -> User {
        let (invitation, user) = try await usable(tokenHash: tokenHash, in: records)
        try await records.accept(invitation, tokenHash: tokenHash, passwordHash: passwordHash)
        return user
    }
}
