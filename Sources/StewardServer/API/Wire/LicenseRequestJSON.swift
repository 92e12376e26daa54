import Foundation
import StewardCore

/// A licence request as API.md shows it: every field always present, `null` when empty.
struct LicenseRequestJSON: Encodable, Sendable {
    var request: LicenseRequest
    /// On a resolution: the licence as it now stands, and the revision a check can pin.
    var license: LicenseJSON?
    var revision: Int?

    private enum Keys: String, CodingKey {
        case id, license_id, partner_id, customer_id, type, note, status, requested_by, requested_at, resolved_by, resolved_at, license, revision
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(request.id, forKey: .id)
        try container.encode(request.licenseID, forKey: .license_id)
        try container.encode(request.partnerID, forKey: .partner_id)
        try container.encode(request.customerID, forKey: .customer_id)
        try container.encode(request.type, forKey: .type)
        try container.encode(request.note, forKey: .note)
        try container.encode(request.status, forKey: .status)
        try container.encode(request.requestedBy, forKey: .requested_by)
        try container.encode(request.requestedAt, forKey: .requested_at)
        try container.encode(request.resolvedBy, forKey: .resolved_by)
        try container.encode(request.resolvedAt, forKey: .resolved_at)
        try container.encodeIfPresent(license, forKey: .license)
        try container.encodeIfPresent(revision.map(String.init), forKey: .revision)
    }
}
