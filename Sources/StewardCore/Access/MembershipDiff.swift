import Foundation

/// One changed value of a membership edit.
public struct FieldChange: Codable, Sendable, Equatable {
    public var field: String
    public var from: JSONValue
    public var to: JSONValue

    public init(field: String, from: JSONValue, to: JSONValue) {
        self.field = field
        self.from = from
        self.to = to
    }
}

/// What an edit would do: the Original / Updated / Additions / Removals / Changes views of SPEC §4.
public struct MembershipDiff: Sendable, Equatable {
    public var additions: [ProductGrant]
    public var removals: [ProductGrant]
    public var changes: [FieldChange]

    /// Compares two drafts. A product whose role changes is a change of `products.<key>`, not an addition
    /// and a removal; products keep the order they are given in.
    public static func between(_ original: MembershipDraft, _ updated: MembershipDraft) -> MembershipDiff {
        let before = Dictionary(original.products.map { ($0.product, $0.role) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(updated.products.map { ($0.product, $0.role) }, uniquingKeysWith: { first, _ in first })
        var changes: [FieldChange] = []
        if original.platformAdmin != updated.platformAdmin {
            changes.append(FieldChange(field: "platform_admin", from: .bool(original.platformAdmin), to: .bool(updated.platformAdmin)))
        }
        if original.expiresAt != updated.expiresAt {
            let text = { (date: Date?) in date.map { JSONValue.string(Timestamp.format($0)) } ?? .null }
            changes.append(FieldChange(field: "expires_at", from: text(original.expiresAt), to: text(updated.expiresAt)))
        }
        for grant in updated.products {
            if let old = before[grant.product], old != grant.role {
                changes.append(FieldChange(field: "products.\(grant.product)", from: .string(old), to: .string(grant.role)))
            }
        }
        return MembershipDiff(
            additions: updated.products.filter { before[$0.product] == nil },
            removals: original.products.filter { after[$0.product] == nil },
            changes: changes
        )
    }

    /// Whether the edit changes anything.
    public var isEmpty: Bool { additions.isEmpty && removals.isEmpty && changes.isEmpty }
}
