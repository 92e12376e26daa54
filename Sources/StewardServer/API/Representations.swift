import Foundation
import StewardCore

/// What a caller sees of an org: all of it, or only its outline when looking down their own sales tree.
enum OrgView: Encodable, Sendable {
    case full(Org)
    case outline(Org)

    init?(_ org: Org, visibility: OrgVisibility) {
        switch visibility {
        case .full: self = .full(org)
        case .outline: self = .outline(org)
        case .none: return nil
        }
    }

    private enum OutlineKeys: String, CodingKey { case id, kind, name, program, parent_id }

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .full(let org):
            try OrgJSON(org).encode(to: encoder)
        case .outline(let org):
            var container = encoder.container(keyedBy: OutlineKeys.self)
            try container.encode(org.id, forKey: .id)
            try container.encode(org.kind, forKey: .kind)
            try container.encode(org.name, forKey: .name)
            try container.encode(org.program, forKey: .program)
            try container.encode(org.parentID, forKey: .parent_id)
        }
    }
}

/// An org with the orgs below it, for `GET /v1/orgs/{id}/tree`.
struct OrgTreeNode: Encodable, Sendable {
    var org: OrgView
    var children: [OrgTreeNode]

    private enum CodingKeys: String, CodingKey { case children }

    func encode(to encoder: any Encoder) throws {
        try org.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(children, forKey: .children)
    }
}

/// `{user, org}` for `GET /v1/me`.
struct MeBody: Encodable, Sendable {
    var user: UserJSON
    var org: OrgJSON
}

/// `{token, expires_at, user}` for a successful sign-in.
struct LoginResult: Encodable, Sendable {
    var token: String
    var expiresAt: Date
    var user: UserJSON
    /// Present (true) when the token reaches only `/v1/me` and `/v1/me/mfa/*` until TOTP is enrolled.
    var mfaEnrolmentRequired: Bool?

    enum CodingKeys: String, CodingKey {
        case token
        case expiresAt = "expires_at"
        case user
        case mfaEnrolmentRequired = "mfa_enrolment_required"
    }
}

/// `{items}` for lists that are never paged (the catalog).
struct ItemsBody<Item: Encodable & Sendable>: Encodable, Sendable {
    var items: [Item]
}
