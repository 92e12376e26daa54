/// When an external-access email goes out and to whom (SPEC §6).
public enum AccessMailRule {
    /// Whether `event` (`granted`, `removed`, `expired`) on `membership` in `tenant` is mailed under `settings`:
    /// only access from outside a customer, and only the kinds the customer asked for.
    public static func sends(_ event: String, _ membership: Membership, tenant: Org, settings: NotificationSettings) -> Bool {
        guard tenant.kind == .customer, membership.source != .home else { return false }
        return event == "granted" ? settings.onAccessGranted : settings.onAccessRemoved
    }

    /// The customer's chosen recipients, or every admin of the customer when it chose none.
    public static func recipients(_ settings: NotificationSettings, admins: [EmailAddress]) -> [EmailAddress] {
        settings.recipients.isEmpty ? admins : settings.recipients
    }
}
