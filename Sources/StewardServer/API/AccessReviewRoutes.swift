import Foundation
import Hummingbird
import StewardCore
import StewardStore

/// `GET /v1/access-review`: a scope's external memberships with the stale flag (`AccessReview`).
struct AccessReviewRoutes {
    let store: Store

    struct Body: Encodable, Sendable {
        var items: [ReviewedAccessJSON]
        var staleDays: Int
        enum CodingKeys: String, CodingKey { case items, staleDays = "stale_days" }
    }

    func register(on routes: APIRoutes) {
        routes.callers(.manage).get("/v1/access-review", use: review)
    }

    @Sendable func review(_ request: Request, context: AppContext) async throws -> JSONResponse<Body> {
        let actor = try context.requireIdentity().actor
        let (scope, staleDays) = try request.reviewQuery()
        let reviewed = try await AccessReview.list(scope, staleDays: staleDays, by: actor, in: store)
        return JSONResponse(Body(items: reviewed.map(ReviewedAccessJSON.init), staleDays: staleDays))
    }
}
