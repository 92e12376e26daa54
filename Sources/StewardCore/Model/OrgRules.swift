/// The structural rules for a new org (SPEC §2), independent of who creates it.
public enum OrgRules {
    /// The deepest a sales tree goes (distributor → reseller → customer is 3): deep enough for any channel,
    /// shallow enough that every page and document showing the tree stays small.
    public static let maxDepth = 8

    /// Refuses a parent whose own depth (1 for an org with no parent) leaves no room below it.
    public static func validateDepth(parentDepth: Int, into validator: inout Validator) {
        if parentDepth >= maxDepth { validator.add("parent_id", "the tree may be at most \(maxDepth) levels deep") }
    }

    /// Checks kind, programme, parent and region of a new org; `parentKind` is nil when there is no parent.
    public static func validateNew(
        kind: OrgKind, program: PartnerProgram?, parentKind: OrgKind??, region: String?, into validator: inout Validator
    ) {
        switch kind {
        case .vendor:
            validator.add("kind", "must be partner or customer")
        case .partner:
            if program == nil { validator.add("program", "is required for a partner") }
            if region != nil { validator.add("region", "applies to customers only") }
        case .customer:
            if program != nil { validator.add("program", "applies to partners only") }
        }
        // parentKind: nil = no parent given, .some(nil) = parent not found.
        if let parentKind {
            switch parentKind {
            case nil: validator.add("parent_id", "is not a known org")
            case .customer?: validator.add("parent_id", "a customer cannot have orgs below it")
            case .vendor?, .partner?: break
            }
        }
    }
}
