import Foundation
import StewardCore

/// A time as the person reading the page sees it: in their own time zone, readable, with the exact
/// instant in the `title` (the `time` partial).
struct ShownTime: TemplateValues {
    var text: String
    var iso: String?
}

/// How console pages put times, products and access into words for the person reading them.
struct ConsoleWords: Sendable {
    let timeZone: TimeZone
    /// Product names by key.
    let productNames: [String: String]

    init(_ identity: Identity?, products: [Product] = []) {
        timeZone = identity.flatMap { TimeZone(identifier: $0.user.timeZone) } ?? TimeZone(identifier: "UTC")!
        productNames = Dictionary(products.map { ($0.key, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    /// "3 Dec 2026, 18:00 CET".
    func text(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "d MMM yyyy, HH:mm zzz"
        let text = formatter.string(from: date)
        // Foundation names UTC "GMT"; people who chose UTC expect to read UTC.
        return timeZone.identifier == "UTC" && text.hasSuffix(" GMT") ? String(text.dropLast(3)) + "UTC" : text
    }

    /// A time, or `empty` ("never", "permanent") when there is none.
    func shown(_ date: Date?, empty: String) -> ShownTime {
        guard let date else { return ShownTime(text: empty) }
        return ShownTime(text: text(date), iso: Timestamp.format(date))
    }

    /// "until 3 Dec 2026, 18:00 CET" or "permanent".
    func duration(_ expiresAt: Date?) -> ShownTime {
        guard let expiresAt else { return ShownTime(text: "permanent") }
        return ShownTime(text: "until \(text(expiresAt))", iso: Timestamp.format(expiresAt))
    }

    func productName(_ key: String) -> String { productNames[key] ?? key }

    /// "Endpoint Security: analyst, SIEM: viewer", or "no products".
    func products(_ grants: [ProductGrant]) -> String {
        grants.isEmpty ? "no products" : grants.map { "\(productName($0.product)): \($0.role)" }.joined(separator: ", ")
    }

    /// The confirmation after access was given: "Ada Analyst can now use Globex with Endpoint Security: analyst, until …".
    func granted(_ name: String, on tenant: String, _ draft: MembershipDraft) -> String {
        let products = draft.products.isEmpty ? "with no products yet" : "with " + self.products(draft.products)
        let admin = draft.platformAdmin ? " as a platform administrator" : ""
        let until = draft.expiresAt.map { ", until \(text($0))" } ?? ", without a time limit"
        return "\(name) can now use \(tenant)\(admin) \(products)\(until)."
    }

    /// One line of an edit's preview, in words: "Endpoint Protection: viewer → analyst", "Platform administrator: no → yes".
    func change(_ change: FieldChange) -> String {
        switch change.field {
        case "platform_admin":
            return "Platform administrator: \(value(change.from)) → \(value(change.to))"
        case "expires_at":
            return "Time limit: \(time(change.from)) → \(time(change.to))"
        case let field where field.hasPrefix("products."):
            let product = productName(String(field.dropFirst("products.".count)))
            return "\(product): \(role(change.from)) → \(role(change.to))"
        default:
            return "\(change.field): \(value(change.from)) → \(value(change.to))"
        }
    }

    private func value(_ value: JSONValue) -> String {
        switch value {
        case .null: "none"
        case .bool(let flag): flag ? "yes" : "no"
        case .string(let text): text
        case .number(let number): String(number)
        default: "…"
        }
    }

    private func role(_ value: JSONValue) -> String {
        if case .null = value { return "no access" }
        return self.value(value)
    }

    private func time(_ value: JSONValue) -> String {
        guard case .string(let iso) = value, let date = Timestamp.parse(iso) else { return "permanent" }
        return text(date)
    }

    /// The confirmation after a relationship changed.
    static func relationshipNotice(_ relationship: Relationship, partner: String, customer: String) -> String {
        switch relationship.status {
        case .active where relationship.privilege == .manage: "\(partner) now manages \(customer) with full (manage) privilege."
        case .active: "\(partner) now manages \(customer) with read-only (support) privilege."
        case .rejected: "You rejected the request of \(partner). They have been told."
        case .revoked: "\(partner) no longer manages \(customer); every assignment of its users there has ended."
        case .terminated: "\(partner) stopped managing \(customer); every assignment of its users there has ended."
        default: "\(partner) and \(customer): the relationship is now \(relationship.status.rawValue)."
        }
    }

    /// "Ada", "Ada and Bob", "Ada, Bob and Cy".
    static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
}
