import Foundation
import SQLKit
import StewardCore

/// What the first start created.
public struct Bootstrapped: Sendable {
    public var vendor: Org
    public var operator_: User
}

extension Store {
    /// On an empty database: creates the vendor org, the first operator and the default catalog, in one
    /// transaction. Returns nil when a vendor org already exists.
    public func bootstrap(vendorName: String, operatorEmail: EmailAddress, operatorName: String, passwordHash: String) async throws -> Bootstrapped? {
        try await write(.system) { tx -> Bootstrapped? in
            let existing = try await tx.db.raw("SELECT id FROM orgs WHERE kind = 'vendor'").first()
            if existing != nil { return nil }
            let vendor = Org(
                id: OrgID(IDGenerator.make("org", at: tx.now)), kind: .vendor, name: vendorName, createdAt: tx.now, updatedAt: tx.now
            )
            try await Self.insert(vendor, in: tx.db)
            try await tx.audit("org.created", target: "org", id: vendor.id.rawValue, tenant: vendor.id, after: vendor.audited)
            let user = try await Self.createUser(
                NewUser(orgID: vendor.id, email: operatorEmail, name: operatorName, role: .admin, passwordHash: passwordHash), in: tx
            )
            for product in Product.defaultCatalog {
                try await Self.insert(product, in: tx)
            }
            return Bootstrapped(vendor: vendor, operator_: user)
        }.value
    }
}
