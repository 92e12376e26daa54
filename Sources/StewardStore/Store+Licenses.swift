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

/// A licence to create; the caller has checked who may.
public struct NewLicense: Sendable {
    public var customerID: OrgID
    public var product: String
    public var kind: LicenseKind
    public var region: String
    public var expiresAt: Date?

    public init(customerID: OrgID, product: String, kind: LicenseKind, region: String, expiresAt: Date?) {
        self.customerID = customerID
        self.product = product
        self.kind = kind
        self.region = region
        self.expiresAt = expiresAt
    }
}

extension Store {
    /// Creates a licence, starting now, and records `license.created`. With `productAdmin`, that user gets role
    /// `admin` on the product in their membership on the customer (created if missing), in the same transaction:
    /// if they may not, nothing is written.
    public func createLicense(_ new: NewLicense, by actor: AuditActor, productAdmin: (user: UserID, grantedBy: Actor)? = nil) async throws -> Written<License> {
        try await write(actor) { tx in
            guard try await Self.products(in: tx.db).contains(where: { $0.key == new.product }) else {
                throw ValidationFailure([FieldError("product", "is not a product of the catalog")])
            }
            let license = License(
                id: LicenseID(IDGenerator.make("lic", at: tx.now)), customerID: new.customerID, product: new.product, kind: new.kind,
                region: new.region, startsAt: tx.now, expiresAt: new.expiresAt, createdAt: tx.now
            )
            try await Self.insert(license, in: tx.db)
            try await tx.changed(.tenant(license.customerID.rawValue))
            try await tx.audit("license.created", target: "license", id: license.id.rawValue, tenant: license.customerID, after: license)
            if let productAdmin {
                try await Self.grantProductAdmin(productAdmin.user, product: license.product, customer: license.customerID, by: productAdmin.grantedBy, in: tx)
            }
            return license
        }
    }

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
            Product(key: try row.string("key"), name: try row.string("name"), roles: try Columns.decodeJSON([ProductRole].self, try row.string("roles")))
        }
    }

    /// Role permissions by product and role key.
    static func roleTable(in db: any SQLDatabase) async throws -> [String: [String: Set<Permission>]] {
        Dictionary(uniqueKeysWithValues: try await products(in: db).map { product in
            (product.key, Dictionary(uniqueKeysWithValues: product.roles.map { ($0.key, $0.permissions) }))
        })
    }

    static func grantProductAdmin(_ user: UserID, product: String, customer: OrgID, by actor: Actor, in tx: WriteTransaction) async throws {
        let facts: ManagementFacts
        do {
            facts = try await managementFacts(actor: actor, tenant: customer, subject: user, now: tx.now, in: tx.db)
        } catch let error where Refused.is(.hidden, error) {
            throw ValidationFailure([FieldError("product_admin_user_id", "is not an active user")])
        }
        let grant = ProductGrant(product: product, role: "admin")
        if let existing = try await membership(user: user, tenant: customer, in: tx.db) {
            var draft = MembershipDraft(existing)
            draft.products = draft.products.filter { $0.product != product } + [grant]
            try MembershipRules.mayEdit(existing, to: draft, facts: facts).get()
            var updated = existing
            updated.products = draft.products
            updated.version += 1
            updated.updatedAt = tx.now
            try await tx.db.raw("""
                UPDATE memberships SET products = \(bind: try Columns.json(updated.products)), version = \(bind: updated.version),
                    updated_at = \(bind: Columns.millis(tx.now)) WHERE id = \(bind: existing.id.rawValue)
                """).run()
            try await tx.changed(.membership(user: user.rawValue, tenant: customer.rawValue))
            try await tx.audit("membership.updated", target: "membership", id: existing.id.rawValue, tenant: customer, related: facts.subject.orgID, before: existing, after: updated)
        } else {
            let draft = MembershipDraft(platformAdmin: false, expiresAt: nil, products: [grant])
            let source = try MembershipRules.mayCreate(draft, facts: facts).get()
            let membership = Membership(
                id: MembershipID(IDGenerator.make("mem", at: tx.now)), userID: user, tenantID: customer, source: source,
                relationshipID: source == .partner ? facts.subjectRelationship?.id.rawValue : nil, platformAdmin: false, products: [grant],
                createdBy: actor.userID, createdAt: tx.now, updatedAt: tx.now
            )
            try await insert(membership, in: tx.db)
            try await tx.changed(.membership(user: user.rawValue, tenant: customer.rawValue))
            try await tx.audit("membership.created", target: "membership", id: membership.id.rawValue, tenant: customer, related: facts.subject.orgID, after: membership)
        }
    }
}
