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
    }

    func register(on router: Router<AppContext>) {
        router.post("/v1/orgs/{id}/users", use: create)
        router.get("/v1/orgs/{id}/users", use: list)
        router.get("/v1/users/{id}", use: get)
        router.patch("/v1/users/{id}", use: patch)
        router.delete("/v1/users/{id}", use: deactivate)
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> JSONResponse<User> {
        let identity = try context.requireIdentity()
        let orgID: OrgID = try context.pathID("id")
        try await users.requireManage(orgID, actor: identity.actor)
        let body = try await request.decodeBody(CreateBody.self, context: context)
        let user = try await users.create(
            in: orgID, email: body.email, name: body.name, role: body.role, timeZone: body.timeZone, password: body.password,
            by: identity
        )
        return JSONResponse(user, status: .created, headers: OrgRoutes.etag(user.version))
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> JSONResponse<ListBody<User>> {
        let identity = try context.requireIdentity()
        let orgID: OrgID = try context.pathID("id")
        try await users.requireManage(orgID, actor: identity.actor)
        let page = try await store.users(of: orgID, page: try request.pageRequest())
        return JSONResponse(ListBody(items: page.items, nextCursor: Cursor.encode(page.nextCursor)))
    }

    @Sendable func get(_ request: Request, context: AppContext) async throws -> JSONResponse<User> {
        let identity = try context.requireIdentity()
        let user = try await readable(try context.pathID("id"), identity: identity)
        return JSONResponse(user, headers: OrgRoutes.etag(user.version))
    }

    @Sendable func patch(_ request: Request, context: AppContext) async throws -> JSONResponse<Revised<User>> {
        let identity = try context.requireIdentity()
        let user = try await readable(try context.pathID("id"), identity: identity)
        let body = try await request.decodeBody(PatchBody.self, context: context)
        var fields = Set<UserField>()
        if body.email != nil { fields.insert(.email) }
        if body.name != nil { fields.insert(.name) }
        if body.role != nil { fields.insert(.role) }
        if body.timeZone != nil { fields.insert(.timeZone) }
        if body.password != nil { fields.insert(.password) }
        try UserPolicy.mayEdit(user: user.id, homeOrg: user.orgID, fields: fields, actor: identity.actor).require()
        // A leaked API token must not become the account: passwords change only from a signed-in session.
        if body.password != nil, identity.session == nil {
            throw APIError(status: .forbidden, detail: "sign in to change a password; API tokens cannot")
        }
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
        let written = try await store.updateUser(
            user.id, changes, expectedVersion: try request.ifMatchVersion(), by: identity.auditActor, keepingSession: keep
        )
        return JSONResponse(Revised(value: written.value, revision: written.revision), headers: OrgRoutes.etag(written.value.version))
    }

    @Sendable func deactivate(_ request: Request, context: AppContext) async throws -> JSONResponse<Revised<User>> {
        let identity = try context.requireIdentity()
        try await request.requireNoBody(context: context)
        let user = try await readable(try context.pathID("id"), identity: identity)
        try UserPolicy.mayDeactivate(user: user.id, homeOrg: user.orgID, actor: identity.actor).require()
        let written = try await store.deactivateUser(user.id, by: identity.auditActor)
        return JSONResponse(Revised(value: written.value, revision: written.revision))
    }

    private func readable(_ id: UserID, identity: Identity) async throws -> User {
        guard let user = try await store.user(id) else { throw APIError.notFound }
        try UserPolicy.mayRead(user: id, homeOrg: user.orgID, actor: identity.actor).require()
        return user
    }
}
