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
}
