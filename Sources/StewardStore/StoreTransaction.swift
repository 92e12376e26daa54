import Foundation
import StewardCore

/// One open write, as the use cases of Core see it: the records they read and change, all committed together
/// with the revision, the audit events and the mail they cause.
public final class StoreTransaction: @unchecked Sendable {
    let tx: WriteTransaction

    init(_ tx: WriteTransaction) { self.tx = tx }

    public var now: Date { tx.now }
}

extension Store {
    /// Runs a use case in one transaction, attributed to `actor` in the audit trail.
    public func transaction<R: Sendable>(by actor: AuditActor, _ body: @escaping @Sendable (StoreTransaction) async throws -> R) async throws -> Written<R> {
        try await write(actor) { tx in try await body(StoreTransaction(tx)) }
    }
}

/// Committed state, for a handler that answers a refusal before it reads the body.
extension Store: UserReading {}

extension StoreTransaction: UserRecords {
    public func org(_ id: OrgID) async throws -> Org? { try await Store.org(id, in: tx.db) }
    public func ancestors(of org: OrgID) async throws -> [OrgID] { try await Store.ancestors(of: org, in: tx.db) }
    public func user(_ id: UserID) async throws -> User? { try await Store.user(id, in: tx.db) }
    public func insertUser(_ new: NewUser) async throws -> User { try await Store.createUser(new, in: tx) }
    public func updateUser(_ before: User, _ changes: UserChanges, keepingSession: String?) async throws -> User {
        try await Store.updateUser(before, changes, keepingSession: keepingSession, in: tx)
    }
    public func deactivateUser(_ before: User) async throws -> User {
        // A deactivated user's unused set-password link goes with their sign-in.
        try await tx.db.raw("DELETE FROM invitations WHERE user_id = \(bind: before.id.rawValue) AND used_at IS NULL").run()
        return try await Store.deactivate(before, in: tx)
    }
    public func liveMemberships(of user: UserID) async throws -> [Membership] {
        try await Store.memberships(user: user, in: tx.db).filter { $0.status != .ended }
    }
}
