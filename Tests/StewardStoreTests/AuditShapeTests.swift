import Foundation
import StewardCore
import StewardStore
import StewardTesting
import Testing

/// The audit trail's payloads keep the shapes docs/audit-chain.md "Payloads" lists, whatever the API does.
@Suite("audit payload shapes")
struct AuditShapeTests {
    static let shapes: [String: Set<String>] = [
        "membership": ["created_at", "created_by", "expires_at", "id", "last_access_at", "platform_admin", "products", "relationship_id", "source",
                       "status", "tenant_id", "updated_at", "user_id", "version"],
        "user": ["created_at", "email", "id", "name", "org_id", "role", "status", "time_zone", "updated_at", "version"],
        "org": ["address", "created_at", "data_privilege", "id", "kind", "name", "parent_id", "program", "region", "updated_at", "version"],
        "relationship": ["approval_expires_at", "created_by", "customer_id", "decided_at", "ended_at", "id", "partner_id", "privilege",
                         "requested_at", "status", "updated_at", "version"],
        "license": ["created_at", "customer_id", "expires_at", "id", "kind", "product", "region", "starts_at"],
        "product": ["key", "name", "roles"],
        "license_request": ["customer_id", "id", "license_id", "note", "partner_id", "requested_at", "requested_by", "resolved_at", "resolved_by",
                            "status", "type", "version"],
    ]

    @Test("each kind of record is audited with its documented keys, empty fields as null", arguments: StoreFactory.kinds)
    func shapes(kind: BackendKind) async throws {
        try await StoreFactory.with(kind) { store in
            let world = try await RelationshipWorld.build(store)
            let relationship = try await world.open()
            _ = try await store.transition(relationship.id, .approve(.manage), by: world.customerAdmin, mail: RelationshipWorld.transitionMail)
            let license = try await store.seedLicense(customer: world.customer.id, product: "siem", kind: .poc, expiresAt: store.now.addingTimeInterval(86_400)).value
            _ = try await store.transaction(by: .system) { records in
                try await records.insert(LicenseRequest(
                    id: records.newLicenseRequestID(), licenseID: license.id, partnerID: relationship.partnerID, customerID: world.customer.id,
                    type: .extend, note: nil, requestedBy: world.customerAdmin.userID, requestedAt: records.now
                ))
            }
            let settings = NotificationSettings(onAccessGranted: false, onAccessRemoved: true, recipients: [])
            _ = try await store.setNotificationSettings(world.customer.id, settings, by: world.customerAdmin)
            let events = try await store.auditEvents(org: nil, limit: 500).items
            var seen = Set<String>()
            for event in events {
                guard event.action != "notification_settings.updated", let expected = Self.shapes[event.targetType], case .object(let fields)? = event.after ?? event.before else { continue }
                #expect(Set(fields.keys) == expected, "\(event.action)")
                seen.insert(event.targetType)
            }
            #expect(seen == Set(Self.shapes.keys))
            let approved = try #require(events.first { $0.action == "relationship.approved" })
            guard case .object(let before)? = approved.before else { Issue.record("no before"); return }
            #expect(before["privilege"] == .null && before["decided_at"] == .null, "empty fields are written as null")
            let notified = try #require(events.first { $0.action == "notification_settings.updated" })
            guard case .object(let after)? = notified.after else { Issue.record("no after"); return }
            #expect(Set(after.keys) == ["on_access_granted", "on_access_removed", "recipients"])
        }
    }
}
