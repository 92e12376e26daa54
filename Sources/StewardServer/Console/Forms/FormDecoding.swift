import Foundation
import Hummingbird
import StewardCore

extension Request {
    /// Decodes a submitted form (`application/x-www-form-urlencoded`) into its typed struct. Repeated fields are
    /// `name[]`, per-product fields `name[product]`; a form that does not read as its struct is a 400 saying so.
    func decodeForm<Form: Decodable>(_ type: Form.Type, context: AppContext) async throws -> Form {
        let text = String(buffer: try await body.collect(upTo: context.maxBodyBytes))
        do {
            return try URLEncodedFormDecoder().decode(Form.self, from: text)
        } catch {
            throw ValidationFailure([FieldError("form", "could not be read; reload the page and try again")])
        }
    }
}

/// The field every signed-in form carries; the session middleware checks it before any handler runs.
struct CSRFField: Decodable {
    var csrf: String?
    init() {}
}

/// What every access form chooses: the admin flag, a duration and a role per product.
struct AccessChoices: Decodable, Sendable {
    var platformAdmin: Bool?
    var duration: String?
    var customHours: String?
    var roles: [String: String]?

    enum CodingKeys: String, CodingKey {
        case platformAdmin = "platform_admin", duration, customHours = "custom_hours", roles
    }

    var isPlatformAdmin: Bool { platformAdmin ?? false }

    /// The chosen role per product, products left at "No access" left out.
    var chosenRoles: [String: String] { (roles ?? [:]).filter { !$0.value.isEmpty } }

    /// The custom hours as typed, nil when blank.
    var hours: String? { customHours.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } }

    func expiry(now: Date) throws -> Date? {
        try ConsoleDuration.expiry(duration: duration, customHours: hours, now: now)
    }
}

extension Optional where Wrapped == String {
    /// The value trimmed, or nil when missing or blank.
    var nonBlank: String? {
        guard let value = self?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    /// A date input's `YYYY-MM-DD` as 00:00 UTC that day, nil when blank; anything else refuses `field`.
    func day(field: String) throws -> Date? {
        guard let day = nonBlank else { return nil }
        guard day.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil, let date = Timestamp.parse(day + "T00:00:00Z") else {
            throw ValidationFailure([FieldError(field, "must be a date")])
        }
        return date
    }
}
