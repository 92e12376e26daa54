import Foundation
import StewardCore

struct MessagePage: PageModel {
    static let page = ConsolePage.message
    var layout: Layout
    var detail: String
}

struct ApprovePage: PageModel {
    static let page = ConsolePage.approve
    var layout: Layout
    var partner: String
    var partnerProgram: String
    var customer: String
    var expiresAt: ShownTime
    var token: String
}

struct LoginPage: PageModel {
    static let page = ConsolePage.login
    var layout: Layout
    var loginCSRF: String
    var email: String
    var next: String
    var askCode: Bool
    var error: String?
}

/// The sign-in security page: TOTP off, being set up, on, or just turned on with its recovery codes.
struct MFAPage: PageModel {
    static let page = ConsolePage.mfa
    var layout: Layout
    var enrolled: Bool
    var required: Bool
    var requiredPending: Bool
    var pending = false
    var secret: String?
    var otpauthURL: String?
    var error: String?
    var showCodes = false
    var recoveryCodes: [String] = []
}

struct OutboxPage: PageModel {
    static let page = ConsolePage.outbox
    var layout: Layout
    var messages: [OutboxRow]
    var hasMessages: Bool
    var nextCursor: String?
}

struct OutboxRow: TemplateValues {
    var id: String
    var kind: String
    var to: String
    var subject: String
    var body: String
    var state: String
    var createdAt: ShownTime
    var attempts: Int
    var lastError: String?
}

/// The set-password page an invitation links to: the form, or why the link cannot be used.
struct InvitationPage: PageModel {
    static let page = ConsolePage.invitation
    var layout: Layout
    var token: String
    var formCSRF: String
    var name: String
    var email: String
    /// Set when the link cannot be used; the form is not shown.
    var problem: String?
}
