import Foundation
import StewardCore

/// The invitation email with its set-password link on the console.
struct InvitationMailer: Sendable {
    let publicURL: String

    func composer(token: String) -> InvitationMailComposer {
        let url = "\(publicURL)/invitation/\(token)"
        return { user, org, expiresAt in InvitationMail.invited(user, org: org?.name ?? "your organisation", url: url, expiresAt: expiresAt) }
    }
}
