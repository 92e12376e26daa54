import Foundation
import StewardCore

/// An address as the `orgs.address` column and the audit trail keep it.
struct StoredAddress: Codable, Sendable {
    var line1: String
    var line2: String?
    var city: String
    var region: String?
    var postalCode: String
    var country: String

    enum CodingKeys: String, CodingKey {
        case line1, line2, city, region
        case postalCode = "postal_code"
        case country
    }

    init(_ address: Address) {
        (line1, line2, city, region, postalCode, country) = (address.line1, address.line2, address.city, address.region, address.postalCode, address.country)
    }

    var address: Address { Address(line1: line1, line2: line2, city: city, region: region, postalCode: postalCode, country: country) }
}

/// A product role as the `products.roles` column and the audit trail keep it: permissions sorted.
struct StoredRole: Codable, Sendable {
    var key: String
    var permissions: [Permission]

    init(_ role: ProductRole) {
        key = role.key
        permissions = role.permissions.sorted()
    }

    var role: ProductRole { ProductRole(key: key, permissions: Set(permissions)) }
}
