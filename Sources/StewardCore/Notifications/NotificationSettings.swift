/// A customer's choice of which access notifications it gets and where (SPEC §6).
public struct NotificationSettings: Sendable, Equatable {
    public var onAccessGranted: Bool
    public var onAccessRemoved: Bool
    /// Empty means every admin of the customer.
    public var recipients: [EmailAddress]

    public init(onAccessGranted: Bool = true, onAccessRemoved: Bool = true, recipients: [EmailAddress] = []) {
        self.onAccessGranted = onAccessGranted
        self.onAccessRemoved = onAccessRemoved
        self.recipients = recipients
    }
}
