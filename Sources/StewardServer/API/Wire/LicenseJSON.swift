import Foundation
import StewardCore

/// A licence with its status as of now; `expires_at` always present, `null` for a licence without an end.
struct LicenseJSON: Encodable, Sendable {
    var license: License
    var status: String
    /// Set on the answer to a write: the revision a check can pin with `at_least_revision`.
    var revision: Int?

    private enum Keys: String, CodingKey { case id, customer_id, product, kind, region, starts_at, expires_at, created_at, status, revision }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(license.id, forKey: .id)
        try container.encode(license.customerID, forKey: .customer_id)
        try container.encode(license.product, forKey: .product)
        try container.encode(license.kind, forKey: .kind)
        try container.encode(license.region, forKey: .region)
        try container.encode(license.startsAt, forKey: .starts_at)
        try container.encode(license.expiresAt, forKey: .expires_at)
        try container.encode(license.createdAt, forKey: .created_at)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(revision.map(String.init), forKey: .revision)
    }
}
