import Foundation

public enum LicenseRequestTag {}
public typealias LicenseRequestID = Identifier<LicenseRequestTag>

/// What a partner asks the vendor for about a POC licence.
public enum LicenseRequestType: String, Codable, Sendable, CaseIterable {
    case extend, purchase
}

/// Where a request stands: open until an operator resolves it once.
public enum LicenseRequestStatus: String, Codable, Sendable, CaseIterable {
    case open, extended, converted, declined
}

/// An operator's answer to a request.
public enum LicenseResolution: String, Codable, Sendable, CaseIterable {
    case extend, convert, decline
}

/// A partner's request to extend a POC licence or to buy the product (SPEC §6, API.md "Catalog and licences").
public struct LicenseRequest: Sendable, Equatable {
    public var id: LicenseRequestID
    public var licenseID: LicenseID
    public var partnerID: OrgID
    public var customerID: OrgID
    public var type: LicenseRequestType
    public var note: String?
    public var status: LicenseRequestStatus
    public var requestedBy: UserID
    public var requestedAt: Date
    public var resolvedBy: UserID?
    public var resolvedAt: Date?
    public var version: Int

    public init(
        id: LicenseRequestID, licenseID: LicenseID, partnerID: OrgID, customerID: OrgID, type: LicenseRequestType, note: String?,
        status: LicenseRequestStatus = .open, requestedBy: UserID, requestedAt: Date, resolvedBy: UserID? = nil, resolvedAt: Date? = nil, version: Int = 1
    ) {
        self.id = id
        self.licenseID = licenseID
        self.partnerID = partnerID
        self.customerID = customerID
        self.type = type
        self.note = note
        self.status = status
        self.requestedBy = requestedBy
        self.requestedAt = requestedAt
        self.resolvedBy = resolvedBy
        self.resolvedAt = resolvedAt
        self.version = version
    }
}

/// The rules of licence requests, pure.
public enum LicenseRequestRules {
    /// How far `extend` moves a licence's end when no date is given.
    public static let defaultExtension: TimeInterval = 30 * 86400
    public static let maxNoteLength = 1000

    /// Only a POC licence is extended or bought, and only one request is open for it at a time.
    public static func mayRequest(_ license: License, open: [LicenseRequest]) -> Result<Void, Refused> {
        guard license.kind == .poc else { return .failure(.conflict("this licence is paid: there is nothing to extend or purchase")) }
        guard open.isEmpty else { return .failure(.conflict("a request for this licence is already open; the vendor answers it first")) }
        return .success(())
    }

    /// The licence after an operator's answer, and the request's new status. `extend` without a date adds
    /// `defaultExtension` to the current end (to now, if that has passed, so the customer gets the days);
    /// `convert` makes it paid, without an end unless one is given; `decline` leaves it alone.
    public static func resolve(
        _ license: License, _ action: LicenseResolution, expiresAt: Date?, at now: Date
    ) -> Result<(license: License, status: LicenseRequestStatus), FieldError> {
        var after = license
        // Only a POC is ever requested; one converted meanwhile has nothing left to answer but a decline.
        if license.kind != .poc, action != .decline { return .failure(FieldError("action", "the licence is already paid: decline the request")) }
        switch action {
        case .decline:
            if expiresAt != nil { return .failure(FieldError("expires_at", "is not taken when declining")) }
            return .success((license, .declined))
        case .extend:
            let end = expiresAt ?? max(license.expiresAt ?? now, now).addingTimeInterval(defaultExtension)
            if let problem = problem(end, now: now) { return .failure(problem) }
            if let current = license.expiresAt, end <= current { return .failure(FieldError("expires_at", "must be after the licence's current end")) }
            after.expiresAt = end
            return .success((after, .extended))
        case .convert:
            if let expiresAt, let problem = problem(expiresAt, now: now) { return .failure(problem) }
            after.kind = .paid
            after.expiresAt = expiresAt
            return .success((after, .converted))
        }
    }

    private static func problem(_ end: Date, now: Date) -> FieldError? {
        if end <= now { return FieldError("expires_at", "must be in the future") }
        if end > Timestamp.latest { return FieldError("expires_at", "must be at most 9999-12-31T23:59:59Z") }
        return nil
    }
}
