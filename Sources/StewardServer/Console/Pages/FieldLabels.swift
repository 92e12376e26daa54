import Foundation

/// A form field as a person reads it: never `user_id`, `recipients[1]` or a zero-based index.
enum FieldLabels {
    static let labels: [String: String] = [
        "user_id": "User", "customer_id": "Customers", "email": "Email", "name": "Name", "role": "Role", "time_zone": "Time zone",
        "password": "Password", "duration": "Duration", "custom_hours": "Custom hours", "partner_id": "Partner", "kind": "Kind",
        "program": "Programme", "region": "Data region", "parent_id": "Parent organisation", "recipients": "Recipients",
        "version": "This access", "form": "The form", "privilege": "Privilege", "decision": "Answer", "platform_admin": "Platform administrator",
        "code": "Code", "address": "Address", "expires_at": "Expiry", "tenant_id": "Customer",
        "product": "Product", "product_admin_user_id": "Product administrator", "first_user_id": "First user", "products": "Products",
        "address.line1": "Street address", "address.line2": "Address line 2", "address.city": "City", "address.region": "State or province",
        "address.postal_code": "Postal code", "address.country": "Country", "data_privilege": "Customer-data privilege", "confirm": "Password again",
        "membership_id": "Access to remove", "stale_days": "Days unused", "action": "Action", "since": "From", "until": "To",
        "actor_user_id": "Actor", "cursor": "Page",
    ]

    /// "recipients[2]" → "Recipient 3", "roles[siem]" or "role_siem" → "Role on siem", "time_zone" → "Time zone".
    static func label(_ field: String) -> String {
        if let match = field.wholeMatch(of: /recipients\[(\d+)\]/), let index = Int(match.1) { return "Recipient \(index + 1)" }
        if let match = field.wholeMatch(of: /roles\[([^\]]+)\]/) { return "Role on \(match.1)" }
        if field.hasPrefix("role_") { return "Role on \(field.dropFirst(5))" }
        // A proposal's product list, as an edit refusal names it: "products[0].role".
        if field.hasPrefix("products[") { return field.hasSuffix(".role") ? "Role" : "Product" }
        if field.hasPrefix("outbound_ips") { return "Outbound address" }
        if field.hasPrefix("inbound_ips") { return "Inbound address" }
        if field.hasPrefix("prices") { return field.hasSuffix(".currency") ? "Currency" : field.hasSuffix(".amount") ? "Amount" : "Price" }
        if let label = labels[field] { return label }
        // A field named after a person or a customer (a bulk item) is shown as it is.
        guard field.allSatisfy({ $0.isLowercase || $0 == "_" || $0 == "." || $0.isNumber }) else { return field }
        let words = field.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: ".", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// Where a field's message is shown on the form: the input it belongs to.
    static func key(_ field: String) -> String {
        if field.hasPrefix("recipients[") { return "recipients" }
        if field.hasPrefix("roles[") || field.hasPrefix("role_") || field.hasPrefix("products[") { return "roles" }
        if field.hasPrefix("outbound_ips") { return "outbound_ips" }
        if field.hasPrefix("inbound_ips") { return "inbound_ips" }
        if field.hasPrefix("prices") { return "price" }
        // A template reads a dotted name as a path: `address.city` is looked up as `address_city`.
        return field.replacingOccurrences(of: ".", with: "_")
    }
}
