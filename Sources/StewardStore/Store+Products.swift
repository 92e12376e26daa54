import Foundation
import SQLKit
import StewardCore

extension Store {
    /// The catalog, by key.
    public func products() async throws -> [Product] {
        try await read { db in
            try await db.raw("SELECT key, name, roles FROM products ORDER BY key").all().map { row in
                Product(key: try row.string("key"), name: try row.string("name"),
                        roles: try Columns.decodeJSON([StoredRole].self, try row.string("roles")).map(\.role))
            }
        }
    }

    static func insert(_ product: Product, in tx: WriteTransaction) async throws {
        let existing = try await tx.db.raw("SELECT key FROM products WHERE key = \(bind: product.key)").first()
        if existing != nil { throw Refused.conflict("a product with this key already exists") }
        try await tx.db.raw("""
            INSERT INTO products (key, name, roles, created_at)
            VALUES (\(bind: product.key), \(bind: product.name), \(bind: try Columns.json(product.roles.map(StoredRole.init))), \(bind: Columns.millis(tx.now)))
            """).run()
        try await tx.changed(.catalog)
        try await tx.audit("product.created", target: "product", id: product.key, tenant: nil, after: product.audited)
    }
}
