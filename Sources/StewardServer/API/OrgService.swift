import StewardCore
import StewardStore

/// Validation of new orgs shared by the API and the console.
struct OrgService {
    let store: Store
    let regions: [String]

    func validateNew(
        kind: OrgKind, name: String, program: PartnerProgram?, parentID: OrgID?, region: String?, address: Address?
    ) async throws -> NewOrg {
        var validator = Validator()
        let cleanName = validator.name("name", name)
        let cleanAddress = validator.address("address", address)
        var parentKind: OrgKind??
        if let parentID {
            parentKind = .some(try await store.org(parentID)?.kind)
            OrgRules.validateDepth(parentDepth: try await store.depth(of: parentID, limit: OrgRules.maxDepth), into: &validator)
        }
        var effectiveRegion = region
        if kind == .customer {
            if let region, !regions.contains(region) {
                validator.add("region", "must be one of \(regions.joined(separator: ", "))")
            }
            effectiveRegion = region ?? regions.first
        }
        OrgRules.validateNew(kind: kind, program: program, parentKind: parentKind, region: region, into: &validator)
        try validator.check()
        return NewOrg(kind: kind, name: cleanName!, program: program, parentID: parentID, region: effectiveRegion, address: cleanAddress)
    }
}
