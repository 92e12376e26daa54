import Foundation

/// The invitation email of SPEC §2.
public enum InvitationMail {
    public static func invited(_ user: User, org: String, url: String, expiresAt: Date) -> MailMessage {
        MailMessage(
            to: [user.email],
            subject: "You are invited to Steward for \(org)",
            body: """
                Hello \(user.name),

                An administrator added you to \(org) in Steward. Choose your password here (the link works once):
                \(url)

                The link expires at \(Timestamp.format(expiresAt)). If it has, ask an administrator of your organisation
                to send a new one. If you did not expect this email, ignore it.
                """,
            kind: "user.invited"
        )
    }
}
