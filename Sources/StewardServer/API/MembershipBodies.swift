import Foundation
import StewardCore

/// `{product, role}` as clients send it.
struct GrantBody: Decodable, Sendable {
    var product: String
    var role: String
}

/// An expiry given as `expires_at` or as `duration_hours` (never both), resolved against now.
enum ExpiryInput {
    static func resolve(expiresAt: Date?, durationHours: Double?, now: Date, field: String = "expires_at") throws -> Date? {
        if expiresAt != nil, durationHours != nil {
            throw ValidationFailure([FieldError(field, "give expires_at or duration_hours, not both")])
        }
        if let hours = durationHours {
            guard hours > 0, hours <= 24 * 365 * 10, hours.isFinite else {
                throw ValidationFailure([FieldError("duration_hours", "must be a positive number of hours, at most ten years")])
            }
            return now.addingTimeInterval(hours * 3600)
        }
        return expiresAt
    }
}

extension KeyedDecodingContainer {
    /// `duration_hours`: absent, or a number. An explicit null is refused: it must never read as "permanent".
    func decodeHours(forKey key: Key) throws -> Double? {
        guard contains(key) else { return nil }
        if try decodeNil(forKey: key) {
            throw DecodingError.valueNotFound(Double.self, .init(codingPath: codingPath + [key], debugDescription: "must be a number"))
        }
        return try decode(Double.self, forKey: key)
    }
}

/// One item of `POST /v1/memberships`.
struct MembershipItemBody: Decodable, Sendable {
    var userID: UserID
    var tenantID: OrgID
    var platformAdmin: Bool
    var expiresAt: Date?
    var durationHours: Double?
    var products: [GrantBody]

    enum CodingKeys: String, CodingKey {
        case userID = "user_id", tenantID = "tenant_id", platformAdmin = "platform_admin", expiresAt = "expires_at",
             durationHours = "duration_hours", products
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        userID = try container.decode(UserID.self, forKey: .userID)
        tenantID = try container.decode(OrgID.self, forKey: .tenantID)
        platformAdmin = try container.decode(Bool.self, forKey: .platformAdmin)
        expiresAt = try container.decodeIfPresent(Date.self, forKey: .expiresAt)
        durationHours = try container.decodeHours(forKey: .durationHours)
        products = try container.decode([GrantBody].self, forKey: .products)
    }
}

/// `{items}` of `POST /v1/memberships`.
struct MembershipsBody: RequestBody {
    var items: [MembershipItemBody]
    enum CodingKeys: String, CodingKey, CaseIterable { case items }
}

/// An edit: absent fields stay, `expires_at: null` makes the membership permanent.
struct MembershipEditBody: RequestBody {
    var platformAdmin: Bool?
    var expiresAt: Date??
    var durationHours: Double?
    var products: [GrantBody]?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case platformAdmin = "platform_admin", expiresAt = "expires_at", durationHours = "duration_hours", products
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        platformAdmin = try container.decodeIfPresent(Bool.self, forKey: .platformAdmin)
        if container.contains(.expiresAt) { expiresAt = .some(try container.decodeIfPresent(Date.self, forKey: .expiresAt)) }
        durationHours = try container.decodeHours(forKey: .durationHours)
        products = try container.decodeIfPresent([GrantBody].self, forKey: .products)
    }

    /// The membership as it would be after this edit.
    func applied(to membership: Membership, now: Date) throws -> MembershipDraft {
        var draft = MembershipDraft(membership)
        if let platformAdmin { draft.platformAdmin = platformAdmin }
        if let expiresAt { draft.expiresAt = try ExpiryInput.resolve(expiresAt: expiresAt, durationHours: durationHours, now: now) }
        else if durationHours != nil { draft.expiresAt = try ExpiryInput.resolve(expiresAt: nil, durationHours: durationHours, now: now) }
        if let products { draft.products = products.map { ProductGrant(product: $0.product, role: $0.role) } }
        return draft
    }
}

/// `POST /v1/orgs/{id}/team`.
struct TeamBody: RequestBody {
    var email: String
    var platformAdmin: Bool
    var expiresAt: Date?
    var durationHours: Double?
    var products: [GrantBody]

    enum CodingKeys: String, CodingKey {
        case email, platformAdmin = "platform_admin", expiresAt = "expires_at", durationHours = "duration_hours", products
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        email = try container.decode(String.self, forKey: .email)
        platformAdmin = try container.decode(Bool.self, forKey: .platformAdmin)
        expiresAt = try container.decodeIfPresent(Date.self, forKey: .expiresAt)
        durationHours = try container.decodeHours(forKey: .durationHours)
        products = try container.decode([GrantBody].self, forKey: .products)
    }
}

