import Foundation
import StewardCore

/// A customer's notification settings.
struct NotificationSettingsJSON: Encodable, Sendable {
    let value: NotificationSettings

    init(_ value: NotificationSettings) { self.value = value }

    private enum Keys: String, CodingKey { case on_access_granted, on_access_removed, recipients }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(value.onAccessGranted, forKey: .on_access_granted)
        try container.encode(value.onAccessRemoved, forKey: .on_access_removed)
        try container.encode(value.recipients, forKey: .recipients)
    }
}

/// An API token as listed: never its secret.
struct APITokenJSON: Encodable, Sendable {
    let value: APIToken

    init(_ value: APIToken) { self.value = value }

    private enum Keys: String, CodingKey { case id, user_id, name, scopes, created_at, expires_at, revoked_at }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(value.id, forKey: .id)
        try container.encode(value.userID, forKey: .user_id)
        try container.encode(value.name, forKey: .name)
        try container.encode(value.scopes, forKey: .scopes)
        try container.encode(value.createdAt, forKey: .created_at)
        try container.encode(value.expiresAt, forKey: .expires_at)
        try container.encode(value.revokedAt, forKey: .revoked_at)
    }
}

/// A product of the catalog with its roles, permissions sorted.
struct ProductJSON: Encodable, Sendable {
    let value: Product

    init(_ value: Product) { self.value = value }

    private enum Keys: String, CodingKey { case key, name, roles }
    private struct Role: Encodable { var key: String; var permissions: [Permission] }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(value.key, forKey: .key)
        try container.encode(value.name, forKey: .name)
        try container.encode(value.roles.map { Role(key: $0.key, permissions: $0.permissions.sorted()) }, forKey: .roles)
    }
}
