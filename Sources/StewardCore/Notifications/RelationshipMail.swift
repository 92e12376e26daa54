import Foundation

/// The words of the relationship emails of SPEC §6.
public enum RelationshipMail {
    /// To every admin of the customer, with the single-use approval link.
    public static func requested(partner: String, customer: String, approvalURL: String, expiresAt: Date, to: [EmailAddress]) -> MailMessage {
        MailMessage(
            to: to,
            subject: "\(partner) asks to manage \(customer)",
            body: """
                \(partner) has asked to manage the \(customer) account as a managed-service partner.

                Approve or reject the request here (sign-in required; the link works once):
                \(approvalURL)

                When you approve, you choose the partner's privilege: support (read-only) or manage (full).
                The request expires at \(Timestamp.format(expiresAt)) if nobody answers it.
                If you did not expect this request, reject it or ignore this email.
                """,
            kind: "relationship.requested"
        )
    }

    /// To the partner's admins, or the customer's admins for a termination.
    public static func decided(_ action: RelationshipAction, relationship: Relationship, partner: String, customer: String, to: [EmailAddress]) -> MailMessage {
        let (subject, line): (String, String) =
            switch action {
            case .approve(let privilege):
                ("\(customer) approved \(partner)", "\(customer) approved your request to manage its account, with \(privilege.rawValue) privilege.")
            case .reject:
                ("\(customer) rejected \(partner)'s request", "\(customer) rejected your request to manage its account.")
            case .revoke:
                ("\(customer) revoked \(partner)'s access", "\(customer) revoked your management of its account. Every assignment of your users on it has ended.")
            case .terminate:
                ("\(partner) stopped managing \(customer)", "\(partner) ended its management of the \(customer) account. Every assignment of its users on your account has ended.")
            case .changePrivilege(let privilege):
                ("\(customer) changed \(partner)'s privilege", "\(customer) set your privilege on its account to \(privilege.rawValue).")
            case .expire:
                ("\(partner)'s request to manage \(customer) expired", "Nobody answered the request in time.")
            }
        return MailMessage(to: to, subject: subject, body: line + "\n\nRelationship \(relationship.id)\n", kind: action.auditAction)
    }
}
