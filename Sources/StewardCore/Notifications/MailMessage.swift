/// An email to send: plain text, one subject, any number of recipients.
public struct MailMessage: Codable, Sendable, Equatable {
    public var to: [EmailAddress]
    public var subject: String
    public var body: String
    /// What caused it, such as `relationship.requested`; shown in the operators' outbox.
    public var kind: String

    public init(to: [EmailAddress], subject: String, body: String, kind: String) {
        self.to = to
        self.subject = subject
        self.body = body
        self.kind = kind
    }
}
