import Foundation

/// Where a customer's notification settings are kept, inside one transaction.
public protocol NotificationSettingsRecords: MailRecords {
    func org(_ id: OrgID) async throws -> Org?
    /// Stores `after` in place of `before` and records `notification_settings.updated`.
    func replace(_ before: NotificationSettings, with after: NotificationSettings, of customer: OrgID) async throws
}

/// What reading the settings needs: committed state.
public protocol NotificationSettingsReading: Sendable {
    func org(_ id: OrgID) async throws -> Org?
    func notificationSettings(of customer: OrgID) async throws -> NotificationSettings
}

/// The access emails a customer asks for (SPEC §6): its admins choose; operators may read.
public enum NotificationSettingsManagement {
    public static func read(of customer: OrgID, by actor: Actor, in records: some NotificationSettingsReading) async throws -> NotificationSettings {
        try CustomerPolicy.mayAccessNotifications(of: try await records.org(customer), actor: actor, write: false).require()
        return try await records.notificationSettings(of: customer)
    }

    /// Whether `actor` may change them: asked before the request body is read.
    public static func requireWritable(_ customer: OrgID, by actor: Actor, in records: some NotificationSettingsReading) async throws {
        try CustomerPolicy.mayAccessNotifications(of: try await records.org(customer), actor: actor, write: true).require()
    }

    /// Replaces the settings with what the admin typed: at most 50 recipients, each a valid address, duplicates dropped.
    public static func replace(
        of customer: OrgID, onAccessGranted: Bool, onAccessRemoved: Bool, recipients: [String], by actor: Actor, in records: some NotificationSettingsRecords
    ) async throws -> NotificationSettings {
        try CustomerPolicy.mayAccessNotifications(of: try await records.org(customer), actor: actor, write: true).require()
        var validator = Validator()
        if recipients.count > 50 { validator.add("recipients", "must list at most 50 addresses") }
        var emails: [EmailAddress] = []
        for (index, text) in recipients.enumerated() {
            if let email = validator.email("recipients[\(index)]", text), !emails.contains(email) { emails.append(email) }
        }
        try validator.check()
        let after = NotificationSettings(onAccessGranted: onAccessGranted, onAccessRemoved: onAccessRemoved, recipients: emails)
        try await records.replace(try await records.notificationSettings(of: customer), with: after, of: customer)
        return after
    }
}
