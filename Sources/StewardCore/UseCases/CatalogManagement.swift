import Foundation

/// Where the product catalog is kept, inside one transaction.
public protocol CatalogRecords: Sendable {
    /// Stores the product and records `product.created`; `Refused.conflict` when the key exists.
    func insert(_ product: Product) async throws
    func products() async throws -> [Product]
    /// Stores `after` over `before`, records `product.updated` and feeds the catalog as changed.
    func replace(_ before: Product, with after: Product) async throws
}

/// A product as an operator asks for it; without roles it gets `ProductRole.defaults`.
public struct ProductOrder: Sendable {
    public var key: String
    public var name: String
    public var roles: [(key: String, permissions: [Permission])]?

    public init(key: String, name: String, roles: [(key: String, permissions: [Permission])]?) {
        self.key = key
        self.name = name
        self.roles = roles
    }
}

/// The vendor's product catalog (SPEC §2): operators add products.
public enum CatalogManagement {
    /// Whether `actor` may add products: asked before the request body is read.
    public static func requireEditor(_ actor: Actor) throws { try OrgPolicy.mayEditCatalog(actor).require() }

    public static func create(_ order: ProductOrder, by actor: Actor, in records: some CatalogRecords) async throws -> Product {
        try requireEditor(actor)
        var validator = Validator()
        let key = validator.key("key", order.key)
        let name = validator.name("name", order.name)
        var roles = ProductRole.defaults
        if let given = order.roles {
            if given.isEmpty || given.count > 20 { validator.add("roles", "must list 1–20 roles") }
            for (index, role) in given.enumerated() {
                _ = validator.key("roles[\(index)].key", role.key)
                if role.permissions.isEmpty { validator.add("roles[\(index)].permissions", "must grant at least one permission") }
            }
            if Set(given.map(\.key)).count != given.count { validator.add("roles", "role keys must be distinct") }
            roles = given.map { ProductRole(key: $0.key, permissions: Set($0.permissions)) }
        }
        try validator.check()
        let product = Product(key: key!, name: name!, roles: roles)
        try await records.insert(product)
        return product
    }

    /// Adds a role to a product; an existing role is never redefined here, since memberships already hold it.
    public static func addRole(_ key: String, permissions: [Permission], to productKey: String, by actor: Actor, in records: some CatalogRecords) async throws -> Product {
        try requireEditor(actor)
        guard let before = try await records.products().first(where: { $0.key == productKey }) else { throw Refused.notFound }
        var validator = Validator()
        let roleKey = validator.key("key", key)
        if permissions.isEmpty { validator.add("permissions", "must grant at least one permission") }
        if before.roles.count >= 20 { validator.add("key", "a product has at most 20 roles") }
        try validator.check()
        if before.roles.contains(where: { $0.key == roleKey }) { throw Refused.conflict("this product already has a role \(roleKey!)") }
        var after = before
        after.roles.append(ProductRole(key: roleKey!, permissions: Set(permissions)))
        try await records.replace(before, with: after)
        return after
    }
}
