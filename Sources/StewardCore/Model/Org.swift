import Foundation

/// What an org is: the one vendor, a partner, or a customer.
public enum OrgKind: String, Codable, Sendable, CaseIterable {
    case vendor, partner, customer
}

/// A partner's programme; only managed-service programmes may hold relationships.
public enum PartnerProgram: String, Codable, Sendable, CaseIterable {
    case distributor, reseller, mssp, mdr, msp

    /// Whether partners of this programme may hold managed-customer relationships (SPEC §2).
    public var mayHoldRelationships: Bool {
        switch self {
        case .mssp, .mdr, .msp: true
        case .distributor, .reseller: false
        }
    }
}

/// A postal address; `country` is an ISO 3166-1 alpha-2 code.
public struct Address: Sendable, Equatable {
    public var line1: String
    public var line2: String?
    public var city: String
    public var region: String?
    public var postalCode: String
    public var country: String

    public init(line1: String, line2: String? = nil, city: String, region: String? = nil, postalCode: String, country: String) {
        self.line1 = line1
        self.line2 = line2
        self.city = city
        self.region = region
        self.postalCode = postalCode
        self.country = country
    }
}

/// An organisation: the vendor, a partner or a customer.
public struct Org: Sendable, Equatable {
    public var id: OrgID
    public var kind: OrgKind
    public var name: String
    public var program: PartnerProgram?
    public var parentID: OrgID?
    public var region: String?
    public var address: Address?
    /// A partner's: the vendor's ceiling on its users in its customers' data; nil for other kinds.
    public var dataPrivilege: DataPrivilege?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: OrgID, kind: OrgKind, name: String, program: PartnerProgram? = nil, parentID: OrgID? = nil,
        region: String? = nil, address: Address? = nil, dataPrivilege: DataPrivilege? = nil, version: Int = 1, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.kind = kind
        self.name = name
        self.program = program
        self.parentID = parentID
        self.region = region
        self.address = address
        self.dataPrivilege = dataPrivilege
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
