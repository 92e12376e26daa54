import StewardCore
import StewardStore

/// Creating users, shared by the API and the console.
struct UserService: Sendable {
    let store: Store
    let hasher: PasswordHasher
    let invitations: InvitationMailer

    /// Listing and adding users of an org: 404 when the org is out of reach, 403 when only visible. Asked before
    /// the body is read, so that refusals come first; `UserManagement.create` asks again where it writes.
    func requireManage(_ orgID: OrgID, actor: Actor) async throws {
        try await UserManagement.requireManage(orgID, by: actor, in: store)
    }

    func create(
        in orgID: OrgID, email: String, name: String, role: HomeRole, timeZone: String?, password: String?, by identity: Identity
    ) async throws -> User {
        var validator = Validator()
        let cleanEmail = validator.email("email", email)
        let cleanName = validator.name("name", name)
        let cleanZone = validator.timeZone("time_zone", timeZone)
        let cleanPassword = validator.password("password", password, policy: CommonPasswords.policy, email: cleanEmail)
        try validator.check()
        var hash: String?
        if let cleanPassword { hash = try await hasher.hash(cleanPassword) }
        let new = NewUser(orgID: orgID, email: cleanEmail!, name: cleanName!, role: role, timeZone: cleanZone ?? "UTC", passwordHash: hash)
        let actor = identity.actor
        // Without a password the user is invited: the set-password link goes out with the user's creation.
        let token = hash == nil ? SecretToken.make() : nil
        let mail = token.map(invitations.composer)
        return try await store.transaction(by: identity.auditActor) { records in
            let user = try await UserManagement.create(new, by: actor, in: records)
            if let token, let mail { try await InvitationManagement.invite(user, tokenHash: SecretToken.hash(token), mail: mail, in: records) }
            return user
        }.value
    }

    /// Sends a new set-password link; the old one stops working.
    func resendInvitation(_ id: UserID, by identity: Identity) async throws -> User {
        let token = SecretToken.make()
        let mail = invitations.composer(token: token)
        return try await store.transaction(by: identity.auditActor) { records in
            try await InvitationManagement.resend(id, by: identity.actor, tokenHash: SecretToken.hash(token), mail: mail, in: records)
        }.value
    }
}
