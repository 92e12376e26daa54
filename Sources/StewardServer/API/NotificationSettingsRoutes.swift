import Hummingbird
import StewardCore
import StewardStore

/// `GET/PUT /v1/orgs/{id}/notification-settings`, through `NotificationSettingsManagement`.
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

    @Sendable func get(_ request: Request, context: AppContext) async throws -> JSONResponse<NotificationSettingsJSON> {
        let identity = try context.requireIdentity()
        return JSONResponse(NotificationSettingsJSON(try await NotificationSettingsManagement.read(of: try context.pathID("id"), by: identity.actor, in: store)))
    }

    @Sendable func put(_ request: Request, context: AppContext) async throws -> JSONResponse<NotificationSettingsJSON> {
        let identity = try context.requireIdentity()
        let customer: OrgID = try context.pathID("id")
        try await NotificationSettingsManagement.requireWritable(customer, by: identity.actor, in: store)
        let body = try await request.decodeBody(PutBody.self, context: context)
        let written = try await store.transaction(by: identity.auditActor) { records in
            try await NotificationSettingsManagement.replace(
                of: customer, onAccessGranted: body.onAccessGranted, onAccessRemoved: body.onAccessRemoved, recipients: body.recipients,
                by: identity.actor, in: records
            )
        }
        return JSONResponse(NotificationSettingsJSON(written.value))
    }
}
