import Foundation
import Hummingbird
import StewardCore
import StewardStore

/// `/v1/orgs`: create (operators), list, read, edit, tree.
struct OrgRoutes {
    let store: Store
    let regions: [String]

    struct CreateBody: RequestBody {
        var kind: OrgKind
        var name: String
        var program: PartnerProgram?
        var parentID: OrgID?
        var region: String?
        var address: AddressJSON?
        var dataPrivilege: DataPrivilege?
        enum CodingKeys: String, CodingKey, CaseIterable {
            case kind, name, program, parentID = "parent_id", region, address, dataPrivilege = "data_privilege"
        }
    }

    struct PatchBody: RequestBody {
        var name: String?
        var address: AddressJSON??
        var dataPrivilege: DataPrivilege?
        enum CodingKeys: String, CodingKey, CaseIterable { case name, address, dataPrivilege = "data_privilege" }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            dataPrivilege = try container.decodeIfPresent(DataPrivilege.self, forKey: .dataPrivilege)
            // Present-but-null clears the address; absent leaves it alone.
            if container.contains(.address) {
                address = .some(try container.decodeIfPresent(AddressJSON.self, forKey: .address))
            }
        }
    }

    func register(on routes: APIRoutes) {
        let router = routes.callers(.manage)
        router.post("/v1/orgs", use: create)
        router.get("/v1/orgs", use: list)
        router.get("/v1/orgs/{id}", use: get)
        router.patch("/v1/orgs/{id}", use: patch)
        router.get("/v1/orgs/{id}/tree", use: tree)
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> JSONResponse<OrgJSON> {
        let identity = try context.requireIdentity()
        try OrgManagement.requireCreator(identity.actor)
        let body = try await request.decodeBody(CreateBody.self, context: context)
        let new = NewOrg(kind: body.kind, name: body.name, program: body.program, parentID: body.parentID, region: body.region, address: body.address?.address,
                         dataPrivilege: body.dataPrivilege)
        let org = try await store.transaction(by: identity.auditActor) { [regions] records in
            try await OrgManagement.create(new, by: identity.actor, regions: regions, in: records)
        }.value
        return JSONResponse(OrgJSON(org), status: .created, headers: Self.etag(org.version))
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> JSONResponse<ListBody<OrgView>> {
        let identity = try context.requireIdentity()
        let query = request.uri.queryParameters
        var validator = Validator()
        var filter = OrgFilter()
        if let kind = query["kind"] {
            filter.kind = OrgKind(rawValue: String(kind))
            if filter.kind == nil { validator.add("kind", "must be vendor, partner or customer") }
        }
        if let parent = query["parent_id"] { filter.parentID = OrgID(String(parent)) }
        if let text = query["q"] {
            filter.query = String(text)
            if text.count > 200 { validator.add("q", "must be at most 200 characters") }
        }
        try validator.check()
        let actor = identity.actor
        let page = try await store.orgs(in: OrgPolicy.listScope(actor), filter: filter, page: try request.pageRequest())
        // The scope holds only the caller's org and, for partners, orgs below it: the policy with that
        // ancestry decides, without a query per org.
        let views = page.items.compactMap { org in
            let ancestors = org.id == actor.orgID ? [] : [actor.orgID]
            return OrgView(org, visibility: OrgPolicy.visibility(of: org.id, ancestors: ancestors, to: actor))
        }
        return JSONResponse(ListBody(items: views, nextCursor: Cursor.encode(page.nextCursor)))
    }

    @Sendable func get(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (org, visibility) = try await visibleOrg(try context.pathID("id"), identity: identity)
        let headers: HTTPFields = visibility == .full ? Self.etag(org.version) : [:]
        return try JSONResponse(OrgView(org, visibility: visibility)!, headers: headers).response(from: request, context: context)
    }

    /// With `revision`: a change of a partner's data privilege changes access, and a check may wait for it.
    @Sendable func patch(_ request: Request, context: AppContext) async throws -> JSONResponse<Revised<OrgJSON>> {
        let identity = try context.requireIdentity()
        let id: OrgID = try context.pathID("id")
        _ = try await OrgManagement.requireEditable(id, by: identity.actor, in: store)
        let body = try await request.decodeBody(PatchBody.self, context: context)
        let changes = OrgChanges(name: body.name, address: body.address.map { $0?.address }, dataPrivilege: body.dataPrivilege)
        let expectedVersion = try request.ifMatchVersion()
        let written = try await store.transaction(by: identity.auditActor) { records in
            try await OrgManagement.update(id, changes, expectedVersion: expectedVersion, by: identity.actor, in: records)
        }
        return JSONResponse(Revised(value: OrgJSON(written.value), revision: written.revision), headers: Self.etag(written.value.version))
    }

    @Sendable func tree(_ request: Request, context: AppContext) async throws -> JSONResponse<OrgTreeNode> {
        let identity = try context.requireIdentity()
        let (root, visibility) = try await visibleOrg(try context.pathID("id"), identity: identity)
        let descendants = try await store.allOrgs(in: .subtree(of: root.id))
        let children = Dictionary(grouping: descendants.filter { $0.id != root.id }, by: { $0.parentID })
        // Below an org one may see fully, everything is seen in full; below an outline, only outlines.
        // A tree written before the depth limit is cut at that depth: the answer stays bounded.
        func node(_ org: Org, _ visibility: OrgVisibility, depth: Int) -> OrgTreeNode {
            let view = OrgView(org, visibility: visibility)!
            let below = depth < OrgRules.maxDepth ? children[org.id] ?? [] : []
            return OrgTreeNode(org: view, children: below.map { node($0, OrgPolicy.visibilityBelow(to: identity.actor), depth: depth + 1) })
        }
        return JSONResponse(node(root, visibility, depth: 1))
    }

    private func visibleOrg(_ id: OrgID, identity: Identity) async throws -> (Org, OrgVisibility) {
        guard let org = try await store.org(id) else { throw Refused.notFound }
        let visibility = OrgPolicy.visibility(of: id, ancestors: try await store.ancestors(of: id), to: identity.actor)
        guard visibility != .none else { throw Refused.notFound }
        return (org, visibility)
    }

    static func etag(_ version: Int) -> HTTPFields {
        [.eTag: "\"\(version)\""]
    }
}
