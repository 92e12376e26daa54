import Foundation
import SQLKit
import StewardCore

extension Store {
    /// A customer's settings; the defaults (both on, every admin) until changed.
    public func notificationSettings(_ customer: OrgID) async throws -> NotificationSettings {
        try await read { db in try await Self.notificationSettings(customer, in: db) }
    }

    static func notificationSettings(_ customer: OrgID, in db: any SQLDatabase) async throws -> NotificationSettings {
        guard let row = try await db.raw("""
            SELECT on_access_granted, on_access_removed, recipients FROM notification_settings WHERE customer_id = \(bind: customer.rawValue)
            """).first()
        else { return NotificationSettings() }
        return NotificationSettings(
            onAccessGranted: try row.bool("on_access_granted"), onAccessRemoved: try row.bool("on_access_removed"),
            recipients: try Columns.decodeJSON([EmailAddress].self, try row.string("recipients"))
        )
    }

    /// Replaces a customer's settings and records `notification_settings.updated`.
    public func setNotificationSettings(_ customer: OrgID, _ settings: NotificationSettings, by actor: AuditActor) async throws -> Written<NotificationSettings> {
        try await write(actor) { tx in
            let before = try await Self.notificationSettings(customer, in: tx.db)
            try await tx.db.raw("DELETE FROM notification_settings WHERE customer_id = \(bind: customer.rawValue)").run()
            try await tx.db.raw("""
                INSERT INTO notification_settings (customer_id, on_access_granted, on_access_removed, recipients, version)
                VALUES (\(bind: customer.rawValue), \(bind: settings.onAccessGranted ? 1 : 0), \(bind: settings.onAccessRemoved ? 1 : 0),
                    \(bind: try Columns.json(settings.recipients)), 1)
                """).run()
            try await tx.audit("notification_settings.updated", target: "org", id: customer.rawValue, tenant: customer, before: before, after: settings)
            return settings
        }
    }
}
