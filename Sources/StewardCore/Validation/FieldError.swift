/// One problem with one input field, reported to the client as `{field, message}`.
public struct FieldError: Error, Sendable, Equatable, Codable {
    public var field: String
    public var message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }
}

/// Every problem found in one input; thrown as a whole so the client sees them all at once.
public struct ValidationFailure: Error, Sendable, Equatable {
    public var errors: [FieldError]

    public init(_ errors: [FieldError]) { self.errors = errors }
}

/// Collects field errors while an input is checked, then throws them together.
public struct Validator: Sendable {
    public private(set) var errors: [FieldError] = []

    public init() {}

    public mutating func add(_ field: String, _ message: String) {
        errors.append(FieldError(field, message))
    }

    /// Throws a `ValidationFailure` when anything was added.
    public func check() throws {
        if !errors.isEmpty { throw ValidationFailure(errors) }
    }

    /// Checks a display name: trimmed, 1...200 characters, nothing `TextSafety` calls unsafe in a name.
    @discardableResult
    public mutating func name(_ field: String, _ value: String?, required: Bool = true, maxLength: Int = 200) -> String? {
        guard let value else {
            if required { add(field, "is required") }
            return nil
        }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            add(field, "must not be empty")
            return nil
        }
        // Characters as displayed, and code points too: one displayed character can hide thousands of them.
        if trimmed.count > maxLength || trimmed.unicodeScalars.count > maxLength * 4 {
            add(field, "must be at most \(maxLength) characters")
            return nil
        }
        if let problem = TextSafety.nameProblem(trimmed) {
            add(field, problem)
            return nil
        }
        return trimmed
    }

    /// Checks an email address.
    public mutating func email(_ field: String, _ value: String?) -> EmailAddress? {
        guard let value else {
            add(field, "is required")
            return nil
        }
        guard let email = EmailAddress(value) else {
            add(field, "is not a valid email address")
            return nil
        }
        return email
    }

    /// Checks an IANA time zone name such as `Europe/Berlin`.
    public mutating func timeZone(_ field: String, _ value: String?) -> String? {
        guard let value else { return nil }
        // IANA names only: Foundation also takes `GMT+5` and the like, which no tz database defines.
        guard value.count <= 64, value == "UTC" || Self.timeZones.contains(value) else {
            add(field, "is not a known time zone")
            return nil
        }
        return value
    }

    private static let timeZones = Set(TimeZone.knownTimeZoneIdentifiers)

    /// Checks an address, prefixing nested field names with `field.`.
    public mutating func address(_ field: String, _ value: Address?) -> Address? {
        guard var address = value else { return nil }
        let before = errors.count
        address.line1 = name("\(field).line1", address.line1) ?? ""
        address.line2 = address.line2.flatMap { name("\(field).line2", $0, required: false) }
        address.city = name("\(field).city", address.city, maxLength: 100) ?? ""
        address.region = address.region.flatMap { name("\(field).region", $0, required: false, maxLength: 100) }
        address.postalCode = name("\(field).postal_code", address.postalCode, maxLength: 20) ?? ""
        let country = address.country.uppercased()
        if !CountryCodes.all.contains(country) || address.country.count != 2 {
            add("\(field).country", "must be an ISO 3166-1 alpha-2 country code")
        }
        address.country = country
        return errors.count == before ? address : nil
    }

    /// Checks a catalog key: lower-case letters, digits, `-` and `_`, starting with a letter.
    public mutating func key(_ field: String, _ value: String?) -> String? {
        guard let value else {
            add(field, "is required")
            return nil
        }
        let allowed = value.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
        guard (1...64).contains(value.count), allowed, value.unicodeScalars.first.map({ ("a"..."z").contains($0) }) == true else {
            add(field, "must be 1–64 characters of a–z, 0–9, '-' or '_', starting with a letter")
            return nil
        }
        return value
    }

    /// Checks a new password against `policy` for the holder of `email`.
    public mutating func password(_ field: String, _ value: String?, policy: PasswordPolicy, email: EmailAddress?) -> String? {
        guard let value else { return nil }
        if let problem = policy.problem(value, email: email) {
            add(field, problem)
            return nil
        }
        return value
    }
}

import Foundation
