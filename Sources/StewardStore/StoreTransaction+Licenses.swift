import Foundation
import SQLKit
import StewardCore

extension StoreTransaction: LicenseRecords {
    public func hasActiveRelationship(partner: OrgID, customer: OrgID) async throws -> Bool {
        try await Store.hasActiveRelationship(partner: partner, customer: customer, now: tx.now, in: tx.db)
    }

    public func licenses(of customer: OrgID) async throws -> [License] { try await Store.licenses(of: customer, in: tx.db) }

    public func products() async throws -> [Product] { try await Store.products(in: tx.db) }

    public func newLicenseID() -> LicenseID { LicenseID(IDGenerator.make("lic", at: tx.now)) }

    public func insert(_ license: License) async throws {
        try await Store.insert(license, in: tx.db)
        try await tx.changed(.tenant(license.customerID.rawValue))
        try await tx.audit("license.created", target: "license", id: license.id.rawValue, tenant: license.customerID, after: license.audited)
    }
}

/// Committed state, for reading a customer's licences.
extension Store: CustomerReading {
    public func hasActiveRelationship(partner: OrgID, customer: OrgID) async throws -> Bool {
        let now = self.now
        return try await read { db in try await Self.hasActiveRelationship(partner: partner, customer: customer, now: now, in: db) }
    }
}

extension Store {
    static func hasActiveRelationship(partner: OrgID, customer: OrgID, now: Date, in db: any SQLDatabase) async throws -> Bool {
        try await openRelationship(partner: partner, customer: customer, in: db)?.status(at: now) == .active
    }
}
