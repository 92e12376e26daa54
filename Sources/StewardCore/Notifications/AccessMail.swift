import Foundation

/// The words of the external-access emails of SPEC §6.
public enum AccessMail {
    /// `event` is `granted`, `removed` or `expired`.
    public static func message(event: String, membership: Membership, userName: String, userEmail: EmailAddress, customer: String, to: [EmailAddress]) -> MailMessage {
        let who = "\(userName) <\(userEmail.value)>"
        let how = membership.source == .team ? "as a member of your team" : "through their managed-service partner"
        let (subject, line): (String, String) =
            switch event {
            case "granted":
                ("External access granted on \(customer)", "\(who) was given access to \(customer) \(how)"
                    + (membership.platformAdmin ? ", as a platform administrator" : "")
                    + (membership.expiresAt.map { ", until \(Timestamp.format($0))" } ?? ", without a time limit") + ".")
            case "expired":
                ("External access expired on \(customer)", "The access of \(who) to \(customer) expired.")
            default:
                ("External access removed on \(customer)", "The access of \(who) to \(customer) was removed.")
            }
        let products = membership.products.map { "\($0.product): \($0.role)" }.joined(separator: ", ")
        return MailMessage(
            to: to, subject: subject,
            body: line + (products.isEmpty ? "" : "\nProducts: \(products)") + "\n\nSee every external person with access under External user settings.\n",
            kind: "membership.\(event == "granted" ? "created" : event == "expired" ? "expired" : "deleted")"
        )
    }
}
