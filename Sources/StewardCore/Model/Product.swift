/// One permission a product role may grant.
public enum Permission: String, Codable, Sendable, CaseIterable, Comparable {
    case read, write, admin

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A named set of permissions on a product.
public struct ProductRole: Sendable, Equatable {
    public var key: String
    public var permissions: Set<Permission>

    public init(key: String, permissions: Set<Permission>) {
        self.key = key
        self.permissions = permissions
    }

    /// Role A is no stronger than B when A's permissions are a subset of B's (SPEC §1).
    public func isNoStronger(than other: ProductRole) -> Bool {
        permissions.isSubset(of: other.permissions)
    }

    /// The roles every product has unless it names its own.
    public static let defaults: [ProductRole] = [
        ProductRole(key: "viewer", permissions: [.read]),
        ProductRole(key: "analyst", permissions: [.read, .write]),
        ProductRole(key: "admin", permissions: [.read, .write, .admin]),
    ]
}

/// A product of the vendor's catalog.
public struct Product: Sendable, Equatable {
    public var key: String
    public var name: String
    public var roles: [ProductRole]

    public init(key: String, name: String, roles: [ProductRole] = ProductRole.defaults) {
        self.key = key
        self.name = name
        self.roles = roles
    }

    /// The role with this key, if the product has one.
    public func role(_ key: String) -> ProductRole? {
        roles.first { $0.key == key }
    }

    /// Each product's roles with what they permit, as the rules read the catalog.
    public static func roleTable(_ products: [Product]) -> [String: [String: Set<Permission>]] {
        Dictionary(products.map { ($0.key, Dictionary($0.roles.map { ($0.key, $0.permissions) }, uniquingKeysWith: { first, _ in first })) },
                   uniquingKeysWith: { first, _ in first })
    }

    /// The catalog a new installation starts with.
    public static let defaultCatalog: [Product] = [
        Product(key: "endpoint", name: "Endpoint Protection"),
        Product(key: "email", name: "Email Security"),
        Product(key: "siem", name: "SIEM"),
        Product(key: "cloud", name: "Cloud Security"),
    ]
}
