import Foundation
import Hummingbird
import StewardCore
import StewardStore

/// `/v1/orgs/{id}/users` and `/v1/users/{id}`.
struct UserRoutes {
    let store: Store
    let users: UserService

    struct CreateBody: RequestBody {
        var email: String
        var name: String
        var role: HomeRole
        var timeZone: String?
        var password: String?
        enum CodingKeys: String, CodingKey, CaseIterable {
            case email, name, role, timeZone = "time_zone", password
        }
    }

    struct PatchBody: RequestBody {
        var email: String?
        var name: String?
        var role: HomeRole?
        var timeZone: String?
        var password: String?
        enum CodingKeys: String, CodingKey, CaseIterable {
            case email, name, role, timeZone = "time_zone", password
        }

        var fields: Set<UserField> {
            let given: [(UserField, Bool)] = [(.email, email != nil), (.name, name != nil), (.role, role != nil), (.timeZone, timeZone != nil), (.password, password != nil)]
            return Set(given.filter(\.1).map(\.0))
        }
    }

    func register(on routes: APIRoutes) {
        let router = routes.callers(.manage)
        router.post("/v1/orgs/{id}/users", use: create)
        router.get("/v1/orgs/{id}/users", use: list)
        router.get("/v1/users/{id}", use: get)
        router.patch("/v1/users/{id}", use: patch)
        router.delete("/v1/users/{id}", use: deactivate)
        router.post("/v1/users/{id}/invitation", use: resendInvitation)
    }

    struct InvitationSent: Encodable, Sendable {
        var userID: UserID
        var status = "sent"
        enum CodingKeys: String, CodingKey { case userID = "user_id", status }
    }

    /// 202: the new link is in the outbox; the old one stops working.
    @Sendable func resendInvitation(_ request: Request, context: AppContext) async throws -> JSONResponse<InvitationSent> {
        let identity = try context.requireIdentity()
        let id: UserID = try context.pathID("id")
        _ = try await InvitationManagement.requireInviter(id, by: identity.actor, in: store)
        try await request.requireNoBody(context: context)
        let user = try await users.resendInvitation(id, by: identity)
        return JSONResponse(InvitationSent(userID: user.id), status: .accepted)
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> JSONResponse<UserJSON> {
        let identity = try context.requireIdentity()
        let orgID: OrgID = try context.pathID("id")
        try await users.requireManage(orgID, actor: identity.actor)
        let body = try await request.decodeBody(CreateBody.self, context: context)
        let user = try await users.create(
            in: orgID, email: body.email, name: body.name, role: body.role, timeZone: body.timeZone, password: body.password,
            by: identity
        )
        return JSONResponse(UserJSON(user), status: .created, headers: OrgRoutes.etag(user.version))
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> JSONResponse<ListBody<UserJSON>> {
        let identity = try context.requireIdentity()
        let orgID: OrgID = try context.pathID("id")
        try await users.requireManage(orgID, actor: identity.actor)
        let page = try await store.users(of: orgID, page: try request.pageRequest())
        return JSONResponse(ListBody(items: page.items.map(UserJSON.init), nextCursor: Cursor.encode(page.nextCursor)))
    }

    @Sendable func get(_ request: Request, context: AppContext) async throws -> JSONResponse<UserJSON> {
        let identity = try context.requireIdentity()
        let user = try await readable(try context.pathID("id"), identity: identity)
        return JSONResponse(UserJSON(user), headers: OrgRoutes.etag(user.version))
    }

    @Sendable func patch(_ request: Request, context: AppContext) async throws -> JSONResponse<Revised<UserJSON>> {
        let identity = try context.requireIdentity()
        let user = try await readable(try context.pathID("id"), identity: identity)
        let body = try await request.decodeBody(PatchBody.self, context: context)
        // Refusals come before validation and hashing; `UserManagement.update` asks the same policies again where it writes.
        try UserPolicy.mayEdit(user: user.id, homeOrg: user.orgID, fields: body.fields, actor: identity.actor).require()
        if body.password != nil { try CredentialPolicy.mayChangePassword(identity.caller).get() }
        var validator = Validator()
        var changes = UserChanges()
        if let email = body.email { changes.email = validator.email("email", email) }
        if let name = body.name { changes.name = validator.name("name", name) }
        changes.role = body.role
        changes.timeZone = validator.timeZone("time_zone", body.timeZone)
        let password = validator.password("password", body.password, policy: CommonPasswords.policy, email: changes.email ?? user.email)
        try validator.check()
        if let password { changes.passwordHash = try await users.hasher.hash(password) }
        // Changing one's own password keeps the session that did it; every other one ends.
        let keep = identity.user.id == user.id ? identity.session?.tokenHash : nil
        let (caller, expected, edit) = (identity.caller, try request.ifMatchVersion(), changes)
        let written = try await store.transaction(by: identity.auditActor) {
            try await UserManagement.update(user.id, edit, expectedVersion: expected, by: caller, keepingSession: keep, in: $0)
        }
        return JSONResponse(Revised(value: UserJSON(written.value), revision: written.revision), headers: OrgRoutes.etag(written.value.version))
    }

    @Sendable func deactivate(_ request: Request, context: AppContext) async throws -> JSONResponse<Revised<UserJSON>> {
        let identity = try context.requireIdentity()
        try await request.requireNoBody(context: context)
        let user = try await readable(try context.pathID("id"), identity: identity)
        let actor = identity.actor
        let written = try await store.transaction(by: identity.auditActor) { try await UserManagement.deactivate(user.id, by: actor, in: $0) }
        return JSONResponse(Revised(value: UserJSON(written.value), revision: written.revision))
    }

    private func readable(_ id: UserID, identity: Identity) async throws -> User {
        try await UserManagement.readable(id, by: identity.actor, in: store)
    }
}
