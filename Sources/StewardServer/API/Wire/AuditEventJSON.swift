import Foundation
import StewardCore

/// An audit event as `GET /v1/audit` lists it: ids of nobody (the system) left out.
struct AuditEventJSON: Encodable, Sendable {
    let value: AuditEvent

    init(_ value: AuditEvent) { self.value = value }

    private enum Keys: String, CodingKey {
        case seq, id, at, actor_user_id, actor_org_id, tenant_id, action, target_type, target_id, before, after, prev_hash, hash, related_org_id
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(value.seq, forKey: .seq)
        try container.encode(value.id, forKey: .id)
        try container.encode(value.at, forKey: .at)
        try container.encodeIfPresent(value.actorUserID, forKey: .actor_user_id)
        try container.encodeIfPresent(value.actorOrgID, forKey: .actor_org_id)
        try container.encodeIfPresent(value.tenantID, forKey: .tenant_id)
        try container.encode(value.action, forKey: .action)
        try container.encode(value.targetType, forKey: .target_type)
        try container.encode(value.targetID, forKey: .target_id)
        // Both always present: `null` says there was nothing before (a creation) or after (a deletion).
        try container.encode(value.before, forKey: .before)
        try container.encode(value.after, forKey: .after)
        try container.encode(value.prevHash, forKey: .prev_hash)
        try container.encode(value.hash, forKey: .hash)
        try container.encodeIfPresent(value.relatedOrgID, forKey: .related_org_id)
    }
}
