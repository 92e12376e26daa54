import Foundation
import StewardCore

/// A user as API.md shows it; never a password hash.
struct UserJSON: Encodable, Sendable {
    let value: User

    init(_ value: User) { self.value = value }

    private enum Keys: String, CodingKey { case id, org_id, email, name, role, time_zone, status, version, created_at, updated_at }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(value.id, forKey: .id)
        try container.encode(value.orgID, forKey: .org_id)
        try container.encode(value.email, forKey: .email)
        try container.encode(value.name, forKey: .name)
        try container.encode(value.role, forKey: .role)
        try container.encode(value.timeZone, forKey: .time_zone)
        try container.encode(value.status, forKey: .status)
        try container.encode(value.version, forKey: .version)
        try container.encode(value.createdAt, forKey: .created_at)
        try container.encode(value.updatedAt, forKey: .updated_at)
    }
}
