import Foundation

/// What a caller asks for when creating an org; validated by `OrgManagement.create`.
public struct NewOrg: Sendable {
    public var kind: OrgKind
    public var name: String
    public var program: PartnerProgram?
    public var parentID: OrgID?
    public var region: String?
    public var address: Address?
    /// A partner's; `DataPrivilege.partnerDefault` when not given.
    public var dataPrivilege: DataPrivilege?

    public init(
        kind: OrgKind, name: String, program: PartnerProgram? = nil, parentID: OrgID? = nil, region: String? = nil, address: Address? = nil,
        dataPrivilege: DataPrivilege? = nil
    ) {
        self.dataPrivilege = dataPrivilege
        self.kind = kind
        self.name = name
        self.program = program
        self.parentID = parentID
        self.region = region
        self.address = address
    }
}

/// A partial edit of an org: nil fields stay as they are; `address: .some(nil)` clears it.
public struct OrgChanges: Sendable {
    public var name: String?
    public var address: Address??
    /// Operators only, and only of a partner.
    public var dataPrivilege: DataPrivilege?

    public init(name: String? = nil, address: Address?? = nil, dataPrivilege: DataPrivilege? = nil) {
        self.name = name
        self.address = address
        self.dataPrivilege = dataPrivilege
    }
}
