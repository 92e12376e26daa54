import Foundation
import Hummingbird
import StewardCore
import StewardStore

/// `POST /v1/check` and `/v1/check/batch`: decisions from the in-memory index.
struct CheckRoutes {
    let index: DecisionIndex
    let store: Store
    static let maxBatch = 1000

    struct CheckBody: FlatRequestBody {
        var userID: UserID
        var tenantID: OrgID
        var product: String?
        var permission: CheckPermission
        var atLeastRevision: String?
        enum CodingKeys: String, CodingKey, CaseIterable {
            case userID = "user_id", tenantID = "tenant_id", product, permission, atLeastRevision = "at_least_revision"
        }

        /// nil for anything the full decoder must judge (a missing field, an unknown permission): it reports the error.
        init?(flat fields: [FlatJSON.Field]) {
            var user: String?, tenant: String?, permission: CheckPermission?
            for field in fields {
                switch CodingKeys(rawValue: field.key) {
                case .userID: user = field.value
                case .tenantID: tenant = field.value
                case .product: product = field.value
                case .permission: permission = field.value.flatMap(CheckPermission.init(rawValue:))
                case .atLeastRevision: atLeastRevision = field.value
                case nil: return nil
                }
            }
            guard let user, let tenant, let permission else { return nil }
            userID = UserID(user)
            tenantID = OrgID(tenant)
            self.permission = permission
        }
    }

    struct BatchBody: RequestBody {
        var checks: [CheckBody]
        var atLeastRevision: String?
        enum CodingKeys: String, CodingKey, CaseIterable { case checks, atLeastRevision = "at_least_revision" }
    }

    struct Answer: Encodable, Sendable {
        var allowed: Bool
        var reason: DecisionReason
        var revision: String?
    }

    /// A check's answer, written directly: a boolean, a reason code and digits need no escaping, and under
    /// load the general encoder took a twentieth of the server's time. Same bytes as `JSONCoding.encoder`.
    struct AnswerResponse: ResponseGenerator {
        var answer: Answer

        var json: String {
            var text = "{\"allowed\":\(answer.allowed),\"reason\":\"\(answer.reason.rawValue)\""
            if let revision = answer.revision { text += ",\"revision\":\"\(revision)\"" }
            return text + "}"
        }

        func response(from request: Request, context: some RequestContext) throws -> Response {
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: json)))
        }
    }

    struct BatchAnswer: Encodable, Sendable {
        var results: [Answer]
        var revision: String
    }

    func register(on routes: APIRoutes) {
        let router = routes.callers(.decide)
        router.post("/v1/check", use: check)
        router.post("/v1/check/batch", use: batch)
    }

    @Sendable func check(_ request: Request, context: AppContext) async throws -> AnswerResponse {
        let identity = try context.requireIdentity()
        let body = try await request.decodeBody(CheckBody.self, context: context)
        try authorize(identity, about: body.userID)
        try Self.validate(body)
        try await awaitRevision(body.atLeastRevision)
        // Read before deciding: the index only moves forward, so the answer reflects at least this revision.
        let revision = index.revision
        let decision = try index.decide(user: body.userID, tenant: body.tenantID, product: body.product, permission: body.permission, at: store.now)
        return AnswerResponse(answer: Answer(allowed: decision.allowed, reason: decision.reason, revision: String(revision)))
    }

    @Sendable func batch(_ request: Request, context: AppContext) async throws -> JSONResponse<BatchAnswer> {
        let identity = try context.requireIdentity()
        let body = try await request.decodeBody(BatchBody.self, context: context)
        guard (1...Self.maxBatch).contains(body.checks.count) else {
            throw ValidationFailure([FieldError("checks", "must hold 1 to \(Self.maxBatch) checks")])
        }
        for check in body.checks { try authorize(identity, about: check.userID) }
        var failures: [ItemError] = []
        for (index, check) in body.checks.enumerated() {
            do { try Self.validate(check) } catch let failure as ValidationFailure {
                failures.append(ItemError(index: index, detail: failure.errors.map { "\($0.field) \($0.message)" }.joined(separator: "; ")))
            }
        }
        if !failures.isEmpty { throw Refused(.invalid, "some checks are invalid", items: failures) }
        try await awaitRevision(([body.atLeastRevision] + body.checks.map(\.atLeastRevision)).compactMap { $0 }.max { (Int($0) ?? 0) < (Int($1) ?? 0) })
        let now = store.now
        let revision = index.revision
        let results = try body.checks.map { check in
            let decision = try index.decide(user: check.userID, tenant: check.tenantID, product: check.product, permission: check.permission, at: now)
            return Answer(allowed: decision.allowed, reason: decision.reason, revision: nil)
        }
        return JSONResponse(BatchAnswer(results: results, revision: String(revision)))
    }

    /// `check` tokens and operators ask about anyone; a user asks about themselves (anyone else: 403).
    private func authorize(_ identity: Identity, about user: UserID) throws {
        try CredentialPolicy.mayAskAbout(user, caller: identity.caller).get()
    }

    static func validate(_ check: CheckBody) throws {
        if check.permission != .platformAdmin, check.product == nil {
            throw ValidationFailure([FieldError("product", "is required unless the permission is platform_admin")])
        }
        if check.permission == .platformAdmin, check.product != nil {
            throw ValidationFailure([FieldError("product", "must be absent for platform_admin")])
        }
    }

    /// Never answers from a state older than a write the caller has seen ("new enemy").
    private func awaitRevision(_ text: String?) async throws {
        guard let text else { return }
        guard let revision = Int(text), revision >= 0 else {
            throw ValidationFailure([FieldError("at_least_revision", "must be a revision this server returned")])
        }
        guard try await index.ensure(atLeast: revision) else {
            throw Refused.revisionNotYet(revision)
        }
    }
}
