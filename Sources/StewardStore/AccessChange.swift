/// Something a write touched that access decisions depend on.
public struct AccessChange: Hashable, Sendable {
    public enum Kind: String, Sendable {
        /// A user's status.
        case user
        /// One user's memberships in one tenant; `key` is `user|tenant`.
        case membership
        /// A tenant's licences.
        case tenant
        /// A relationship's status or privilege.
        case relationship
        /// Product roles.
        case catalog
    }

    public var kind: Kind
    public var key: String

    public init(kind: Kind, key: String) {
        self.kind = kind
        self.key = key
    }

    public static func user(_ id: String) -> AccessChange { AccessChange(kind: .user, key: id) }
    public static func membership(user: String, tenant: String) -> AccessChange { AccessChange(kind: .membership, key: "\(user)|\(tenant)") }
    public static func tenant(_ id: String) -> AccessChange { AccessChange(kind: .tenant, key: id) }
    public static func relationship(_ id: String) -> AccessChange { AccessChange(kind: .relationship, key: id) }
    public static let catalog = AccessChange(kind: .catalog, key: "")
}
