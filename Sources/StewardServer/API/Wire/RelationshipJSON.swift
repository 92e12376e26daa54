import Foundation
import StewardCore

/// A relationship as API.md shows it: `privilege: null` on a pending one, every field always present;
/// `effective_privilege` is what checks use (the lower of the customer's and the vendor's), `data_privilege` the vendor's.
struct RelationshipJSON: Encodable, Sendable {
    let value: Relationship

    init(_ value: Relationship) { self.value = value }

    private enum Keys: String, CodingKey {
        case id, partner_id, customer_id, status, privilege, effective_privilege, data_privilege, requested_at, approval_expires_at, decided_at, ended_at, version, created_by, updated_at
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(value.id, forKey: .id)
        try container.encode(value.partnerID, forKey: .partner_id)
        try container.encode(value.customerID, forKey: .customer_id)
        try container.encode(value.status, forKey: .status)
        try container.encode(value.privilege, forKey: .privilege)
        try container.encode(value.effectivePrivilege, forKey: .effective_privilege)
        try container.encode(value.vendorPrivilege, forKey: .data_privilege)
        try container.encode(value.requestedAt, forKey: .requested_at)
        try container.encode(value.approvalExpiresAt, forKey: .approval_expires_at)
        try container.encode(value.decidedAt, forKey: .decided_at)
        try container.encode(value.endedAt, forKey: .ended_at)
        try container.encode(value.version, forKey: .version)
        try container.encode(value.createdBy, forKey: .created_by)
        try container.encode(value.updatedAt, forKey: .updated_at)
    }
}
