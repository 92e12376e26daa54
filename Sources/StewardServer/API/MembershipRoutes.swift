import Foundation
import Hummingbird
import StewardCore
import StewardStore

/// `/v1/memberships`, team additions and the customer's external-access list.
struct MembershipRoutes {
    let store: Store
    let mail: AccessMailComposer

    struct Created: Encodable, Sendable {
        var items: [MembershipJSON]
        var revision: String
    }

    struct Preview: Encodable, Sendable {
        var original: MembershipJSON
        var updated: MembershipJSON
        var additions: [ProductGrant]
        var removals: [ProductGrant]
        var changes: [FieldChange]
    }

    struct RevisionBody: Encodable, Sendable { var revision: String }

    /// An external membership with who holds it.
    struct ExternalAccess: Encodable, Sendable {
        var membership: Membership
        var email: String
        var name: String
        var homeOrgID: OrgID
        var homeOrgName: String
        private enum Keys: String, CodingKey { case email, name, home_org_id, home_org_name }
        func encode(to encoder: any Encoder) throws {
            try MembershipJSON(membership).encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(email, forKey: .email)
            try container.encode(name, forKey: .name)
            try container.encode(homeOrgID, forKey: .home_org_id)
            try container.encode(homeOrgName, forKey: .home_org_name)
        }
    }

    func register(on routes: APIRoutes) {
        let router = routes.callers(.manage)
        router.post("/v1/memberships", use: create)
        router.get("/v1/memberships", use: list)
        router.get("/v1/memberships/{id}", use: get)
        router.post("/v1/memberships/{id}/preview", use: preview)
        router.patch("/v1/memberships/{id}", use: patch)
        router.delete("/v1/memberships/{id}", use: delete)
        router.post("/v1/orgs/{id}/team", use: addToTeam)
        router.get("/v1/orgs/{id}/external-access", use: externalAccess)
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> JSONResponse<Created> {
        let identity = try context.requireIdentity()
        let data = Data(buffer: try await request.collectJSON(context: context))
        let body: MembershipsBody
        do {
            body = try BodyDecoder.decode(MembershipsBody.self, from: data)
        } catch let failure as ValidationFailure {
            throw Self.asItems(failure)
        }
        guard (1...500).contains(body.items.count) else { throw ValidationFailure([FieldError("items", "must hold 1 to 500 items")]) }
        var items: [AssignmentItem] = []
        var failures: [ItemError] = []
        for (index, item) in body.items.enumerated() {
            do {
                let expiresAt = try ExpiryInput.resolve(expiresAt: item.expiresAt, durationHours: item.durationHours, now: store.now)
                items.append(AssignmentItem(userID: item.userID, tenantID: item.tenantID, draft: MembershipDraft(
                    platformAdmin: item.platformAdmin, expiresAt: expiresAt, products: item.products.map { ProductGrant(product: $0.product, role: $0.role) })))
            } catch let failure as ValidationFailure {
                failures.append(ItemError(index: index, detail: failure.errors.map { "\($0.field) \($0.message)" }.joined(separator: "; ")))
            }
        }
        if !failures.isEmpty { throw Refused(.invalid, "some items are invalid; nothing was written", items: failures) }
        let written = try await store.transaction(by: identity.auditActor) { [items, mail] records in
            try await MembershipManagement.assign(items, by: identity.actor, mail: mail, in: records)
        }
        return JSONResponse(Created(items: written.value.map(MembershipJSON.init), revision: String(written.revision)), status: .created)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> JSONResponse<ListBody<MembershipJSON>> {
        let identity = try context.requireIdentity()
        let query = request.uri.queryParameters
        var filter = MembershipFilter()
        filter.userID = query["user_id"].map { UserID(String($0)) }
        filter.tenantID = query["tenant_id"].map { OrgID(String($0)) }
        filter.partnerID = query["partner_id"].map { OrgID(String($0)) }
        var validator = Validator()
        if let source = query["source"] {
            filter.source = MembershipSource(rawValue: String(source))
            if filter.source == nil { validator.add("source", "must be home, partner or team") }
        }
        if let status = query["status"] {
            filter.status = MembershipStatus(rawValue: String(status))
            if filter.status == nil { validator.add("status", "must be active, expired or ended") }
        }
        try validator.check()
        let page = try request.pageRequest()
        let actor = identity.actor
        // Visibility is decided per membership by the same rules the edits use. The one fact that needs the
        // database, whether the caller is a delegated administrator of the tenant, is read once per tenant.
        var visible: [Membership] = []
        var delegatedAdmin: [OrgID: Bool] = [:]
        for entry in try await store.memberships(filter) where page.after.map({ entry.membership.id.rawValue > $0 }) ?? true {
            let membership = entry.membership, subjectOrg = entry.user.orgID
            var isDelegatedAdmin = false
            if MembershipRules.needsDelegation(membership, subjectOrg: subjectOrg, actor: actor) {
                if delegatedAdmin[membership.tenantID] == nil {
                    let facts = try await store.managementFacts(actor: actor, tenant: membership.tenantID, subject: entry.user.id)
                    delegatedAdmin[membership.tenantID] = facts?.isDelegatedAdmin ?? false
                }
                isDelegatedAdmin = delegatedAdmin[membership.tenantID] ?? false
            }
            if MembershipRules.maySee(membership, subjectOrg: subjectOrg, actor: actor, isDelegatedAdmin: isDelegatedAdmin) { visible.append(membership) }
            if visible.count > page.limit { break }
        }
        let result = visible.page(limit: page.limit) { $0.id.rawValue }
        return JSONResponse(ListBody(items: result.items.map(MembershipJSON.init), nextCursor: Cursor.encode(result.nextCursor)))
    }

    @Sendable func get(_ request: Request, context: AppContext) async throws -> JSONResponse<MembershipJSON> {
        let identity = try context.requireIdentity()
        let membership = try await visible(try context.pathID("id"), identity: identity)
        return JSONResponse(MembershipJSON(membership), headers: OrgRoutes.etag(membership.version))
    }

    @Sendable func preview(_ request: Request, context: AppContext) async throws -> JSONResponse<Preview> {
        let identity = try context.requireIdentity()
        let membership = try await visible(try context.pathID("id"), identity: identity)
        let body = try await request.decodeBody(MembershipEditBody.self, context: context)
        let draft = try body.applied(to: membership, now: store.now)
        let (original, updated, diff) = try await MembershipManagement.preview(membership.id, to: draft, by: identity.actor, in: store)
        return JSONResponse(Preview(original: MembershipJSON(original), updated: MembershipJSON(updated), additions: diff.additions, removals: diff.removals, changes: diff.changes))
    }

    @Sendable func patch(_ request: Request, context: AppContext) async throws -> JSONResponse<Revised<MembershipJSON>> {
        let identity = try context.requireIdentity()
        let membership = try await visible(try context.pathID("id"), identity: identity)
        let body = try await request.decodeBody(MembershipEditBody.self, context: context)
        let draft = try body.applied(to: membership, now: store.now)
        let expectedVersion = try request.ifMatchVersion()
        let written = try await store.transaction(by: identity.auditActor) { records in
            try await MembershipManagement.update(membership.id, to: draft, expectedVersion: expectedVersion, by: identity.actor, in: records)
        }
        return JSONResponse(Revised(value: MembershipJSON(written.value), revision: written.revision), headers: OrgRoutes.etag(written.value.version))
    }

    @Sendable func delete(_ request: Request, context: AppContext) async throws -> JSONResponse<RevisionBody> {
        let identity = try context.requireIdentity()
        try await request.requireNoBody(context: context)
        let id: MembershipID = try context.pathID("id")
        let written = try await store.transaction(by: identity.auditActor) { [mail] records in
            try await MembershipManagement.delete(id, by: identity.actor, mail: mail, in: records)
        }
        return JSONResponse(RevisionBody(revision: String(written.revision)))
    }

    @Sendable func addToTeam(_ request: Request, context: AppContext) async throws -> JSONResponse<Revised<MembershipJSON>> {
        let identity = try context.requireIdentity()
        let tenant: OrgID = try context.pathID("id")
        try await TeamManagement.requireTeamAdmin(of: tenant, by: identity.actor, in: store)
        let body = try await request.decodeBody(TeamBody.self, context: context)
        var validator = Validator()
        let email = validator.email("email", body.email)
        try validator.check()
        let expiresAt = try ExpiryInput.resolve(expiresAt: body.expiresAt, durationHours: body.durationHours, now: store.now)
        let draft = MembershipDraft(platformAdmin: body.platformAdmin, expiresAt: expiresAt, products: body.products.map { ProductGrant(product: $0.product, role: $0.role) })
        let written = try await store.transaction(by: identity.auditActor) { [mail] records in
            try await TeamManagement.add(email: email!, draft, to: tenant, by: identity.actor, mail: mail, in: records)
        }
        return JSONResponse(Revised(value: MembershipJSON(written.value), revision: written.revision), status: .created)
    }

    @Sendable func externalAccess(_ request: Request, context: AppContext) async throws -> JSONResponse<ListBody<ExternalAccess>> {
        let identity = try context.requireIdentity()
        let tenant: OrgID = try context.pathID("id")
        let entries = try await TeamManagement.externalAccess(of: tenant, by: identity.actor, in: store)
        return JSONResponse(ListBody(items: entries.map {
            ExternalAccess(membership: $0.membership, email: $0.user.email.value, name: $0.user.name, homeOrgID: $0.homeOrg.id, homeOrgName: $0.homeOrg.name)
        }, nextCursor: nil))
    }

    /// A membership the caller may see, as it reads now; 404 otherwise.
    private func visible(_ id: MembershipID, identity: Identity) async throws -> Membership {
        guard var membership = try await store.visibleMembership(id, to: identity.actor)?.membership else { throw Refused.notFound }
        membership.status = membership.status(at: store.now)
        return membership
    }

    /// Decoding errors inside `items.N` become item errors.
    static func asItems(_ failure: ValidationFailure) -> any Error {
        let items = failure.errors.compactMap { error -> ItemError? in
            // `items[3].products[0].rol` → item 3, `products[0].rol`.
            guard error.field.hasPrefix("items["), let close = error.field.firstIndex(of: "]"),
                  let index = Int(error.field[error.field.index(error.field.startIndex, offsetBy: 6)..<close])
            else { return nil }
            let rest = error.field[error.field.index(after: close)...].drop(while: { $0 == "." })
            return ItemError(index: index, detail: "\(rest.isEmpty ? "item" : String(rest)) \(error.message)")
        }
        return items.count == failure.errors.count && !items.isEmpty
            ? Refused(.invalid, "some items are invalid; nothing was written", items: items) : failure
    }
}
