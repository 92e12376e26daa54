import Foundation
import StewardCore

/// A membership as API.md shows it: every field always present, `null` when empty.
struct MembershipJSON: Encodable, Sendable {
    let value: Membership

    init(_ value: Membership) { self.value = value }

    private enum Keys: String, CodingKey {
        case id, user_id, tenant_id, source, relationship_id, platform_admin, expires_at, products, last_access_at, status, version
        case created_by, created_at, updated_at
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(value.id, forKey: .id)
        try container.encode(value.userID, forKey: .user_id)
        try container.encode(value.tenantID, forKey: .tenant_id)
        try container.encode(value.source, forKey: .source)
        try container.encode(value.relationshipID, forKey: .relationship_id)
        try container.encode(value.platformAdmin, forKey: .platform_admin)
        try container.encode(value.expiresAt, forKey: .expires_at)
        try container.encode(value.products, forKey: .products)
        try container.encode(value.lastAccessAt, forKey: .last_access_at)
        try container.encode(value.status, forKey: .status)
        try container.encode(value.version, forKey: .version)
        try container.encode(value.createdBy, forKey: .created_by)
        try container.encode(value.createdAt, forKey: .created_at)
        try container.encode(value.updatedAt, forKey: .updated_at)
    }
}
