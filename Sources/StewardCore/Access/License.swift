import Foundation

public enum LicenseTag {}
public typealias LicenseID = Identifier<LicenseTag>

/// Whether a licence was bought or is a proof of concept.
public enum LicenseKind: String, Codable, Sendable, CaseIterable {
    case paid, poc
}

/// A customer's right to a product (SPEC §2).
public struct License: Sendable, Equatable {
    public var id: LicenseID
    public var customerID: OrgID
    public var product: String
    public var kind: LicenseKind
    public var region: String
    public var startsAt: Date
    public var expiresAt: Date?
    public var createdAt: Date

    public init(id: LicenseID, customerID: OrgID, product: String, kind: LicenseKind, region: String, startsAt: Date, expiresAt: Date?, createdAt: Date) {
        self.id = id
        self.customerID = customerID
        self.product = product
        self.kind = kind
        self.region = region
        self.startsAt = startsAt
        self.expiresAt = expiresAt
        self.createdAt = createdAt
    }

    /// Valid at `now`: started and not yet expired.
    public func isValid(at now: Date) -> Bool {
        terms.isValid(at: now)
    }

    public var terms: LicenseTerms { LicenseTerms(product: product, startsAt: startsAt, expiresAt: expiresAt) }

    /// POC licences always expire; 30 days unless told otherwise.
    public static let defaultPOCDuration: TimeInterval = 30 * 86400
}

/// What a decision reads of a licence.
public struct LicenseTerms: Sendable, Equatable {
    public var product: String
    public var startsAt: Date
    public var expiresAt: Date?

    public init(product: String, startsAt: Date, expiresAt: Date?) {
        self.product = product
        self.startsAt = startsAt
        self.expiresAt = expiresAt
    }

    /// Started and not yet expired.
    @inlinable public func isValid(at now: Date) -> Bool {
        startsAt <= now && (expiresAt.map { now < $0 } ?? true)
    }
}

/// The limits on a new licence's expiry (SPEC §2, API.md "Catalog and licences").
public enum LicenseRules {
    /// The expiry a new licence gets, or the field error that refuses it. A POC licence always expires
    /// (`License.defaultPOCDuration` unless given); a partner's runs at most `pocMaxDays` from its start.
    public static func expiry(kind: LicenseKind, requested: Date?, startsAt: Date, byPartner: Bool, pocMaxDays: Int) -> Result<Date?, FieldError> {
        var expiresAt = requested
        if kind == .poc, expiresAt == nil { expiresAt = startsAt.addingTimeInterval(License.defaultPOCDuration) }
        guard let expiresAt else { return .success(nil) }
        if expiresAt <= startsAt { return .failure(FieldError("expires_at", "must be in the future")) }
        if expiresAt > Timestamp.latest { return .failure(FieldError("expires_at", "must be at most 9999-12-31T23:59:59Z")) }
        if kind == .poc, byPartner, expiresAt > startsAt.addingTimeInterval(Double(pocMaxDays) * 86400) {
            return .failure(FieldError("expires_at", "a POC licence runs at most \(pocMaxDays) days from its start"))
        }
        return .success(expiresAt)
    }
}
