import Foundation
import StewardCore

/// An org as API.md shows it: optional fields left out when empty.
struct OrgJSON: Encodable, Sendable {
    let value: Org

    init(_ value: Org) { self.value = value }

    private enum Keys: String, CodingKey { case id, kind, name, program, parent_id, region, address, data_privilege, version, created_at, updated_at }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(value.id, forKey: .id)
        try container.encode(value.kind, forKey: .kind)
        try container.encode(value.name, forKey: .name)
        try container.encodeIfPresent(value.program, forKey: .program)
        try container.encodeIfPresent(value.parentID, forKey: .parent_id)
        try container.encodeIfPresent(value.region, forKey: .region)
        try container.encodeIfPresent(value.address.map(AddressJSON.init), forKey: .address)
        try container.encodeIfPresent(value.dataPrivilege, forKey: .data_privilege)
        try container.encode(value.version, forKey: .version)
        try container.encode(value.createdAt, forKey: .created_at)
        try container.encode(value.updatedAt, forKey: .updated_at)
    }
}

/// A postal address in requests and answers.
struct AddressJSON: Codable, Sendable {
    var line1: String
    var line2: String?
    var city: String
    var region: String?
    var postalCode: String
    var country: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case line1, line2, city, region
        case postalCode = "postal_code"
        case country
    }

    init(_ address: Address) {
        (line1, line2, city, region, postalCode, country) = (address.line1, address.line2, address.city, address.region, address.postalCode, address.country)
    }

    var address: Address { Address(line1: line1, line2: line2, city: city, region: region, postalCode: postalCode, country: country) }
}
