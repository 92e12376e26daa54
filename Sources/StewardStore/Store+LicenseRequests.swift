import Foundation
import SQLKit
import StewardCore

extension LicenseRequest {
    static let columns = """
        id, license_id, partner_id, customer_id, type, note, status, requested_by, requested_at, resolved_by, resolved_at, version
        """

    init(row: any SQLRow) throws {
        self.init(
            id: LicenseRequestID(try row.string("id")), licenseID: LicenseID(try row.string("license_id")),
            partnerID: OrgID(try row.string("partner_id")), customerID: OrgID(try row.string("customer_id")),
            type: try row.value("type", as: LicenseRequestType.self), note: try row.optionalString("note"),
            status: try row.value("status", as: LicenseRequestStatus.self), requestedBy: UserID(try row.string("requested_by")),
            requestedAt: try row.date("requested_at"), resolvedBy: try row.optionalString("resolved_by").map(UserID.init),
            resolvedAt: try row.optionalDate("resolved_at"), version: try row.int("version")
        )
    }
}

extension Store {
    static func license(_ id: LicenseID, in db: any SQLDatabase) async throws -> License? {
        try await db.raw("SELECT \(unsafeRaw: License.columns) FROM licenses WHERE id = \(bind: id.rawValue)").first().map(License.init(row:))
    }

    static func licenseRequest(_ id: LicenseRequestID, in db: any SQLDatabase) async throws -> LicenseRequest? {
        try await db.raw("SELECT \(unsafeRaw: LicenseRequest.columns) FROM license_requests WHERE id = \(bind: id.rawValue)")
            .first().map(LicenseRequest.init(row:))
    }

    static func licenseRequests(
        partner: OrgID?, license: LicenseID? = nil, status: LicenseRequestStatus?, before: LicenseRequestID?, limit: Int, in db: any SQLDatabase
    ) async throws -> [LicenseRequest] {
        var sql: SQLQueryString = "SELECT \(unsafeRaw: LicenseRequest.columns) FROM license_requests WHERE 1 = 1"
        if let partner { sql = sql + " AND partner_id = \(bind: partner.rawValue)" }
        if let license { sql = sql + " AND license_id = \(bind: license.rawValue)" }
        if let status { sql = sql + " AND status = \(bind: status.rawValue)" }
        if let before { sql = sql + " AND id < \(bind: before.rawValue)" }
        sql = sql + " ORDER BY id DESC LIMIT \(bind: limit)"
        return try await db.raw(sql).all().map(LicenseRequest.init(row:))
    }

    /// One licence by id.
    public func license(_ id: LicenseID) async throws -> License? {
        try await read { db in try await Self.license(id, in: db) }
    }

    /// The requests about one licence, newest first.
    public func licenseRequests(license: LicenseID) async throws -> [LicenseRequest] {
        try await read { db in try await Self.licenseRequests(partner: nil, license: license, status: nil, before: nil, limit: 100, in: db) }
    }
}

extension Store: LicenseRequestReading, LicenseReaching {
    public func licenseRequest(_ id: LicenseRequestID) async throws -> LicenseRequest? {
        try await read { db in try await Self.licenseRequest(id, in: db) }
    }

    public func licenseRequests(partner: OrgID?, status: LicenseRequestStatus?, before: LicenseRequestID?, limit: Int) async throws -> [LicenseRequest] {
        try await read { db in try await Self.licenseRequests(partner: partner, status: status, before: before, limit: limit, in: db) }
    }
}

extension StoreTransaction: LicenseRequestRecords {
    public func license(_ id: LicenseID) async throws -> License? { try await Store.license(id, in: tx.db) }

    public func openLicenseRequests(license: LicenseID) async throws -> [LicenseRequest] {
        try await Store.licenseRequests(partner: nil, license: license, status: .open, before: nil, limit: 10, in: tx.db)
    }

    public func licenseRequest(_ id: LicenseRequestID) async throws -> LicenseRequest? { try await Store.licenseRequest(id, in: tx.db) }

    public func newLicenseRequestID() -> LicenseRequestID { LicenseRequestID(IDGenerator.make("lrq", at: tx.now)) }

    public func insert(_ request: LicenseRequest) async throws {
        try await tx.db.raw("""
            INSERT INTO license_requests (\(unsafeRaw: LicenseRequest.columns))
            VALUES (\(bind: request.id.rawValue), \(bind: request.licenseID.rawValue), \(bind: request.partnerID.rawValue),
                \(bind: request.customerID.rawValue), \(bind: request.type.rawValue), \(bind: request.note), \(bind: request.status.rawValue),
                \(bind: request.requestedBy.rawValue), \(bind: Columns.millis(request.requestedAt)), \(bind: request.resolvedBy?.rawValue),
                \(bind: request.resolvedAt.map(Columns.millis)), \(bind: request.version))
            """).run()
        try await tx.audit(
            "license.requested", target: "license_request", id: request.id.rawValue, tenant: request.customerID, related: request.partnerID,
            after: request.audited
        )
    }

    public func replace(_ before: LicenseRequest, with after: LicenseRequest) async throws {
        let updated = try await tx.db.raw("""
            UPDATE license_requests SET status = \(bind: after.status.rawValue), resolved_by = \(bind: after.resolvedBy?.rawValue),
                resolved_at = \(bind: after.resolvedAt.map(Columns.millis)), version = \(bind: after.version)
            WHERE id = \(bind: before.id.rawValue) AND version = \(bind: before.version)
            RETURNING id
            """).all()
        // Two operators answering at once: the second finds the version moved and changes nothing.
        guard !updated.isEmpty else { throw Refused.conflict("this request was answered meanwhile; reload it") }
        try await tx.audit(
            "license.resolved", target: "license_request", id: before.id.rawValue, tenant: before.customerID, related: before.partnerID,
            before: before.audited, after: after.audited
        )
    }

    public func replace(_ before: License, with after: License) async throws {
        try await tx.db.raw("""
            UPDATE licenses SET kind = \(bind: after.kind.rawValue), expires_at = \(bind: after.expiresAt.map(Columns.millis)), expiry_warned_at = NULL
            WHERE id = \(bind: before.id.rawValue)
            """).run()
        try await tx.changed(.tenant(before.customerID.rawValue))
        try await tx.audit("license.updated", target: "license", id: before.id.rawValue, tenant: before.customerID, before: before.audited, after: after.audited)
    }
}

extension StoreTransaction: LicenseWarningRecords {
    public func managingPartners(of customer: OrgID) async throws -> [OrgID] {
        let now = tx.now
        // Only partners that may ask for an extension: active, with an effective manage.
        return try await Store.relationships(RelationshipFilter(customerID: customer), in: tx.db)
            .filter { $0.status(at: now) == .active && $0.effectivePrivilege == .manage }.map(\.partnerID)
    }

    public func markExpiryWarned(_ license: License) async throws -> Bool {
        let marked = try await tx.db.raw("""
            UPDATE licenses SET expiry_warned_at = \(bind: Columns.millis(tx.now)) WHERE id = \(bind: license.id.rawValue) AND expiry_warned_at IS NULL
            RETURNING id
            """).all()
        guard !marked.isEmpty else { return false }
        try await tx.audit("license.expiry_warned", target: "license", id: license.id.rawValue, tenant: license.customerID, after: license.audited)
        return true
    }
}

extension Store {
    /// Queues the seven-day warning of every POC licence due one; returns how many were warned of.
    public func warnExpiringPOCs() async throws -> Int {
        let now = Columns.millis(self.now), horizon = Columns.millis(self.now.addingTimeInterval(LicenseExpiryWarning.notice))
        let due = try await read { db in
            try await db.raw("""
                SELECT id FROM licenses WHERE kind = 'poc' AND expiry_warned_at IS NULL AND expires_at > \(bind: now) AND expires_at <= \(bind: horizon)
                ORDER BY id LIMIT 500
                """).all().map { LicenseID(try $0.string("id")) }
        }
        var count = 0
        var failed: (any Error)?
        for id in due {
            // One licence that cannot be warned of must not hold back the others.
            do {
                if try await transaction(by: .system, { tx in try await LicenseExpiryWarning.warn(id, in: tx) }).value { count += 1 }
            } catch {
                failed = error
            }
        }
        if let failed, count == 0 { throw failed }
        return count
    }
}
