import Foundation
import SQLKit
import StewardCore

extension License {
    static let columns = "id, customer_id, product, kind, region, starts_at, expires_at, created_at"

    init(row: any SQLRow) throws {
        self.init(
            id: LicenseID(try row.string("id")), customerID: OrgID(try row.string("customer_id")), product: try row.string("product"),
            kind: try row.value("kind", as: LicenseKind.self), region: try row.string("region"),
            startsAt: try row.date("starts_at"), expiresAt: try row.optionalDate("expires_at"), createdAt: try row.date("created_at")
        )
    }
}

extension Store {
    static func insert(_ license: License, in db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO licenses (\(unsafeRaw: License.columns))
            VALUES (\(bind: license.id.rawValue), \(bind: license.customerID.rawValue), \(bind: license.product), \(bind: license.kind.rawValue),
                \(bind: license.region), \(bind: Columns.millis(license.startsAt)), \(bind: license.expiresAt.map(Columns.millis)),
                \(bind: Columns.millis(license.createdAt)))
            """).run()
    }

    static func licenses(of customer: OrgID, in db: any SQLDatabase) async throws -> [License] {
        try await db.raw("SELECT \(unsafeRaw: License.columns) FROM licenses WHERE customer_id = \(bind: customer.rawValue) ORDER BY id")
            .all().map(License.init(row:))
    }

    /// A customer's licences, oldest first.
    public func licenses(of customer: OrgID) async throws -> [License] {
        try await read { db in try await Self.licenses(of: customer, in: db) }
    }

    static func products(in db: any SQLDatabase) async throws -> [Product] {
        try await db.raw("SELECT key, name, roles FROM products ORDER BY key").all().map { row in
            Product(key: try row.string("key"), name: try row.string("name"), roles: try Columns.decodeJSON([StoredRole].self, try row.string("roles")).map(\.role))
        }
    }

    /// Role permissions by product and role key.
    static func roleTable(in db: any SQLDatabase) async throws -> [String: [String: Set<Permission>]] {
        Dictionary(uniqueKeysWithValues: try await products(in: db).map { product in
            (product.key, Dictionary(uniqueKeysWithValues: product.roles.map { ($0.key, $0.permissions) }))
        })
    }
}
