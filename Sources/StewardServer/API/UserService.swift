import StewardCore
import StewardStore

/// Creating users, shared by the API and the console.
struct UserService: Sendable {
    let store: Store
    let hasher: PasswordHasher

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
        return try await store.transaction(by: identity.auditActor) { try await UserManagement.create(new, by: actor, in: $0) }.value
    }
}
