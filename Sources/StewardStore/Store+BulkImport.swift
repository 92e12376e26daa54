import Foundation
import SQLKit
import StewardCore

/// Rows written as they are, for filling a database with a generated world (benchmarks, load tests).
public struct BulkRows: Sendable {
    public var orgs: [Org] = []
    public var users: [User] = []
    public var relationships: [Relationship] = []
    public var licenses: [License] = []
    public var memberships: [Membership] = []

    public init() {}

    public var count: Int { orgs.count + users.count + relationships.count + licenses.count + memberships.count }
}

extension Store {
    /// Writes the rows in one transaction with a single `bulk.imported` audit event giving the counts. It skips
    /// the per-row rules, events and change-feed entries of the normal paths, so it is for databases no server
    /// is running on: a server started afterwards loads everything from the tables.
    public func bulkImport(_ rows: BulkRows, by actor: AuditActor) async throws -> Written<Void> {
        try await write(actor) { tx in
            for org in rows.orgs { try await Self.insert(org, in: tx.db) }
            for user in rows.users { try await Self.insert(user, passwordHash: nil, in: tx.db) }
            for relationship in rows.relationships { try await Self.insert(relationship, in: tx.db) }
            for license in rows.licenses { try await Self.insert(license, in: tx.db) }
            for membership in rows.memberships { try await Self.insert(membership, in: tx.db) }
            let counts: [String: Int] = [
                "orgs": rows.orgs.count, "users": rows.users.count, "relationships": rows.relationships.count,
                "licenses": rows.licenses.count, "memberships": rows.memberships.count,
            ]
            try await tx.audit("bulk.imported", target: "database", id: "bulk", tenant: nil, after: counts)
        }
    }
}
