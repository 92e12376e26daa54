import Foundation
import StewardCore
import StewardStore

/// Chooses who hears of each relationship change (SPEC §6) and builds the message.
struct RelationshipMailer: Sendable {
    let publicURL: String

    /// The composer for opening a request, carrying its approval link.
    func request(approvalToken: String) -> RelationshipMailComposer {
        let url = "\(publicURL)/approve/\(approvalToken)"
        return { action, parties in
            guard action == nil else { return nil }
            return RelationshipMail.requested(
                partner: parties.partner.name, customer: parties.customer.name, approvalURL: url,
                expiresAt: parties.relationship.approvalExpiresAt, to: parties.customerAdmins
            )
        }
    }

    /// The composer for a transition: approved, rejected and revoked go to the partner's admins,
    /// terminated to the customer's; privilege changes and expiries send nothing.
    var transition: RelationshipMailComposer {
        { action, parties in
            guard let action else { return nil }
            let recipients: [EmailAddress]
            switch action {
            case .approve, .reject, .revoke: recipients = parties.partnerAdmins
            case .terminate: recipients = parties.customerAdmins
            case .changePrivilege, .expire: return nil
            }
            return RelationshipMail.decided(
                action, relationship: parties.relationship, partner: parties.partner.name, customer: parties.customer.name, to: recipients
            )
        }
    }
}
