import Foundation

/// What the org rules read: committed state, or a transaction's.
public protocol OrgReading: UserReading {
    var now: Date { get }
    /// How deep an org sits in the tree (1 without a parent), counting no further than `limit`.
    func depth(of id: OrgID, limit: Int) async throws -> Int
    /// Every relationship of the pair, whatever its status.
    func relationships(partner: OrgID, customer: OrgID) async throws -> [Relationship]
}

/// Everything creating and editing orgs reads and writes, inside one transaction.
public protocol OrgRecords: OrgReading {
    func newOrgID() -> OrgID
    /// Stores the org and records `org.created`.
    func insert(_ org: Org) async throws
    /// Stores `after` over `before` and records `org.updated`.
    func replace(_ before: Org, with after: Org) async throws
}

/// Creating and editing orgs (SPEC §1–2): operators create, an org's admins and those above it edit.
public enum OrgManagement {
    /// Whether `actor` may create orgs: asked before the request body is read.
    public static func requireCreator(_ actor: Actor) throws { try OrgPolicy.mayCreateOrg(actor).require() }

    /// Creates an org from what the caller typed, validated as API.md says (name, address, parent kind and
    /// depth, region from the deployment's `regions`, the first by default).
    public static func create(_ new: NewOrg, by actor: Actor, regions: [String], in records: some OrgRecords) async throws -> Org {
        try requireCreator(actor)
        var validator = Validator()
        let name = validator.name("name", new.name)
        let address = validator.address("address", new.address)
        var parentKind: OrgKind??
        if let parentID = new.parentID {
            parentKind = .some(try await records.org(parentID)?.kind)
            OrgRules.validateDepth(parentDepth: try await records.depth(of: parentID, limit: OrgRules.maxDepth), into: &validator)
        }
        var region = new.region
        if new.kind == .customer {
            if let given = new.region, !regions.contains(given) { validator.add("region", "must be one of \(regions.joined(separator: ", "))") }
            region = new.region ?? regions.first
        }
        OrgRules.validateNew(kind: new.kind, program: new.program, parentKind: parentKind, region: new.region, into: &validator)
        if new.kind != .partner, new.dataPrivilege != nil { validator.add("data_privilege", "only a partner has a data privilege") }
        try validator.check()
        if let parentID = new.parentID, try await records.org(parentID) == nil { throw Refused.notFound }
        let org = Org(
            id: records.newOrgID(), kind: new.kind, name: name!, program: new.program, parentID: new.parentID, region: region,
            address: address, dataPrivilege: new.kind == .partner ? new.dataPrivilege ?? .partnerDefault : nil,
            createdAt: records.now, updatedAt: records.now
        )
        try await records.insert(org)
        return org
    }

    /// Whether `actor` may edit `id`: 404 when it is out of reach, 403 when only visible.
    public static func requireEditable(_ id: OrgID, by actor: Actor, in records: some OrgReading) async throws -> Org {
        guard let org = try await records.org(id) else { throw Refused.notFound }
        let managing = try await managingRelationship(of: id, by: actor, in: records)
        let privilege = managing.map { $0.effectivePrivilege ?? .noAccess }
        try OrgPolicy.mayEdit(org: id, ancestors: try await records.ancestors(of: id), actor: actor, managedPrivilege: privilege).require()
        return org
    }

    /// The actor's partner's active relationship with the customer `id`, if the actor is that partner's admin.
    static func managingRelationship(of id: OrgID, by actor: Actor, in records: some OrgReading) async throws -> Relationship? {
        guard actor.orgKind == .partner, actor.role == .admin, actor.orgID != id else { return nil }
        let now = records.now
        return try await records.relationships(partner: actor.orgID, customer: id)
            .first { OrgPolicy.managesCustomer($0, org: id, actor: actor, at: now) }
    }

    /// Renames or readdresses an org, or (operators) sets a partner's data privilege, which every check on its
    /// relationships reads at once; `expectedVersion` is the client's `If-Match`. An edit that changes nothing writes nothing.
    public static func update(_ id: OrgID, _ changes: OrgChanges, expectedVersion: Int?, by actor: Actor, in records: some OrgRecords) async throws -> Org {
        let before = try await requireEditable(id, by: actor, in: records)
        if changes.address != nil, !OrgPolicy.editsFully(org: id, actor: actor) {
            // Only a managing partner gets this far without being the org's: it renames, nothing more.
            throw Refused.forbidden("a partner renames a customer it manages; the address is the customer's to change")
        }
        if changes.dataPrivilege != nil {
            try OrgPolicy.maySetDataPrivilege(actor).get()
        }
        var validator = Validator()
        var after = before
        if let name = changes.name, let clean = validator.name("name", name) { after.name = clean }
        if let address = changes.address { after.address = address.flatMap { validator.address("address", $0) } }
        if let privilege = changes.dataPrivilege {
            if before.kind == .partner { after.dataPrivilege = privilege } else { validator.add("data_privilege", "only a partner has a data privilege") }
        }
        try validator.check()
        if let expectedVersion, expectedVersion != before.version { throw Refused.stale(current: before.version) }
        guard after != before else { return before }
        after.version += 1
        after.updatedAt = records.now
        try await records.replace(before, with: after)
        return after
    }
}
