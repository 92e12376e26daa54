import Hummingbird
import StewardCore
import StewardStore

/// `GET/PUT /v1/orgs/{id}/notification-settings`: the customer's admins choose; operators may read.
struct NotificationSettingsRoutes {
    let store: Store

    struct PutBody: RequestBody {
        var onAccessGranted: Bool
        var onAccessRemoved: Bool
        var recipients: [String]
        enum CodingKeys: String, CodingKey, CaseIterable {
            case onAccessGranted = "on_access_granted", onAccessRemoved = "on_access_removed", recipients
        }
    }

    func register(on routes: APIRoutes) {
        let router = routes.callers(.manage)
        router.get("/v1/orgs/{id}/notification-settings", use: get)
        router.put("/v1/orgs/{id}/notification-settings", use: put)
    }

    @Sendable func get(_ request: Request, context: AppContext) async throws -> JSONResponse<NotificationSettings> {
        let identity = try context.requireIdentity()
        let customer = try await customerOrg(try context.pathID("id"), actor: identity.actor, write: false)
        return JSONResponse(try await store.notificationSettings(customer))
    }

    @Sendable func put(_ request: Request, context: AppContext) async throws -> JSONResponse<NotificationSettings> {
        let identity = try context.requireIdentity()
        let customer = try await customerOrg(try context.pathID("id"), actor: identity.actor, write: true)
        let body = try await request.decodeBody(PutBody.self, context: context)
        let settings = try Self.validate(onAccessGranted: body.onAccessGranted, onAccessRemoved: body.onAccessRemoved, recipients: body.recipients)
        return JSONResponse(try await store.setNotificationSettings(customer, settings, by: identity.auditActor).value)
    }

    static func validate(onAccessGranted: Bool, onAccessRemoved: Bool, recipients: [String]) throws -> NotificationSettings {
        var validator = Validator()
        if recipients.count > 50 { validator.add("recipients", "must list at most 50 addresses") }
        var emails: [EmailAddress] = []
        for (index, text) in recipients.enumerated() {
            if let email = validator.email("recipients[\(index)]", text), !emails.contains(email) { emails.append(email) }
        }
        try validator.check()
        return NotificationSettings(onAccessGranted: onAccessGranted, onAccessRemoved: onAccessRemoved, recipients: emails)
    }

    /// The customer's admins (and, to read, operators); anyone else gets 404, a non-customer 404 too.
    private func customerOrg(_ id: OrgID, actor: Actor, write: Bool) async throws -> OrgID {
        try CustomerPolicy.mayAccessNotifications(of: try await store.org(id), actor: actor, write: write).require()
        return id
    }
}
