import Foundation
import Hummingbird
import StewardCore

extension Request {
    /// `customer_id` or `partner_id` (exactly one; `fallback` when neither) and `stale_days`, every problem at once.
    func reviewQuery(fallback: ReviewScope? = nil) throws -> (scope: ReviewScope, staleDays: Int) {
        let query = uri.queryParameters
        func value(_ key: String) -> String? { query[Substring(key)].flatMap { $0.isEmpty ? nil : String($0) } }
        var validator = Validator()
        var scope: ReviewScope?
        switch (value("customer_id"), value("partner_id")) {
        case (let customer?, nil): scope = .customer(OrgID(customer))
        case (nil, let partner?): scope = .partner(OrgID(partner))
        case (nil, nil):
            scope = fallback
            if scope == nil { validator.add("customer_id", "or partner_id is required") }
        case (_?, _?): validator.add("partner_id", "cannot be given with customer_id: review one at a time")
        }
        var staleDays = AccessReview.defaultStaleDays
        switch AccessReview.staleDays(value("stale_days")) {
        case .success(let days): staleDays = days
        case .failure(let error): validator.add(error.field, error.message)
        }
        try validator.check()
        return (scope!, staleDays)
    }
}

/// One reviewed access as the API and the evidence CSV show it.
struct ReviewedAccessJSON: Encodable, Sendable {
    let value: ReviewedAccess

    private enum Keys: String, CodingKey { case email, name, home_org_id, home_org_name, tenant_name, stale, last_seen_at }

    func encode(to encoder: any Encoder) throws {
        try MembershipJSON(value.entry.membership).encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(value.entry.user.email.value, forKey: .email)
        try container.encode(value.entry.user.name, forKey: .name)
        try container.encode(value.entry.homeOrg.id, forKey: .home_org_id)
        try container.encode(value.entry.homeOrg.name, forKey: .home_org_name)
        try container.encode(value.tenantName, forKey: .tenant_name)
        try container.encode(value.stale, forKey: .stale)
        try container.encode(value.lastSeen, forKey: .last_seen_at)
    }

    static let csvColumns = [
        "membership_id", "user_id", "name", "email", "home_org", "tenant_id", "tenant", "source", "platform_admin", "products",
        "expires_at", "last_access_at", "created_at", "status", "stale",
    ]

    static func csvLine(_ access: ReviewedAccess) -> String {
        let membership = access.entry.membership
        return CSVText.line([
            membership.id.rawValue, membership.userID.rawValue, access.entry.user.name, access.entry.user.email.value, access.entry.homeOrg.name,
            membership.tenantID.rawValue, access.tenantName, membership.source.rawValue, membership.platformAdmin ? "true" : "false",
            membership.products.map { "\($0.product):\($0.role)" }.joined(separator: " "), membership.expiresAt.map(Timestamp.format),
            membership.lastAccessAt.map(Timestamp.format), Timestamp.format(membership.createdAt), membership.status.rawValue,
            access.stale ? "true" : "false",
        ])
    }
}
