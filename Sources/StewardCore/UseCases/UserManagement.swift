/// What the user rules read: committed state (the store itself, for a handler's early answer) or a transaction's.
public protocol UserReading: Sendable {
    func org(_ id: OrgID) async throws -> Org?
    /// The org's ancestors, parent first.
    func ancestors(of org: OrgID) async throws -> [OrgID]
    func user(_ id: UserID) async throws -> User?
}

/// What managing users reads and writes. The store gives one inside a transaction, so that what a rule
/// reads is what the write changes; every write records its audit event with it.
public protocol UserRecords: UserReading, MembershipWriting {
    /// Creates the user and their home membership; refuses a taken email.
    func insertUser(_ new: NewUser) async throws -> User
    /// Applies the changes; a new password ends every session of the user but `keepingSession`.
    func updateUser(_ before: User, _ changes: UserChanges, keepingSession: String?) async throws -> User
    /// Ends sign-in, sessions and tokens of the user.
    func deactivateUser(_ before: User) async throws -> User
    /// Every membership of the user that has not ended.
    func liveMemberships(of user: UserID) async throws -> [Membership]
}

/// Adding, editing and deactivating users (SPEC §4), each asked of `UserPolicy` in the transaction that writes it.
public enum UserManagement {
    /// Whether `actor` may list or add users of `org`: 404 when it is out of reach, 403 when only visible.
    public static func requireManage(_ org: OrgID, by actor: Actor, in records: some UserReading) async throws {
        guard try await records.org(org) != nil else { throw Refused.notFound }
        try UserPolicy.mayManageUsers(of: org, ancestors: try await records.ancestors(of: org), actor: actor).require()
    }

    /// A user `actor` may read; anyone else's reads as absent.
    public static func readable(_ id: UserID, by actor: Actor, in records: some UserReading) async throws -> User {
        guard let user = try await records.user(id) else { throw Refused.notFound }
        try UserPolicy.mayRead(user: id, homeOrg: user.orgID, actor: actor).require()
        return user
    }

    public static func create(_ new: NewUser, by actor: Actor, in records: some UserRecords) async throws -> User {
        try await requireManage(new.orgID, by: actor, in: records)
        return try await records.insertUser(new)
    }

    /// Edits `id` as `caller` asks; `expectedVersion` is the client's `If-Match`.
    public static func update(
        _ id: UserID, _ changes: UserChanges, expectedVersion: Int?, by caller: Caller, keepingSession: String?, in records: some UserRecords
    ) async throws -> User {
        let before = try await readable(id, by: caller.actor, in: records)
        try UserPolicy.mayEdit(user: id, homeOrg: before.orgID, fields: changes.fields, actor: caller.actor).require()
        if changes.passwordHash != nil { try CredentialPolicy.mayChangePassword(caller).get() }
        if let expectedVersion, expectedVersion != before.version { throw Refused.stale(current: before.version) }
        return try await records.updateUser(before, changes, keepingSession: keepingSession)
    }

    public static func deactivate(_ id: UserID, by actor: Actor, in records: some UserRecords) async throws -> User {
        let before = try await readable(id, by: actor, in: records)
        try UserPolicy.mayDeactivate(user: id, homeOrg: before.orgID, actor: actor).require()
        return try await close(before, in: records)
    }

    /// Ends a user's sign-in, sessions, tokens and every membership; the system calls it for a user whose
    /// stored record it cannot trust. Closing a closed user changes nothing.
    public static func close(_ before: User, in records: some UserRecords) async throws -> User {
        guard before.status == .active else { return before }
        let after = try await records.deactivateUser(before)
        try await MembershipManagement.end(try await records.liveMemberships(of: before.id), related: before.orgID, in: records)
        return after
    }
}

extension UserChanges {
    /// The fields this edit touches, as `UserPolicy` judges them.
    public var fields: Set<UserField> {
        var fields = Set<UserField>()
        if email != nil { fields.insert(.email) }
        if name != nil { fields.insert(.name) }
        if role != nil { fields.insert(.role) }
        if timeZone != nil { fields.insert(.timeZone) }
        if passwordHash != nil { fields.insert(.password) }
        return fields
    }
}
