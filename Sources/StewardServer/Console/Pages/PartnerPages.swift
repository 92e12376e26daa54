import Foundation
import StewardCore

/// A product a form sets a role on: its roles, the chosen one marked.
struct ProductChoice: TemplateValues {
    var key: String
    var name: String
    var roles: [String]
    var options: [Choice]

    /// `readOnly`: only roles that do no more than read (a customer that allows `support`).
    init(_ product: Product, chosen: String?, readOnly: Bool = false) {
        key = product.key
        name = product.name
        let offered = product.roles.filter { !readOnly || $0.permissions.isSubset(of: [.read]) }
        roles = offered.map(\.key)
        options = offered.map { Choice($0.key, selected: chosen == $0.key) }
    }
}

/// The customer a partner page is about, with the ceiling its customer chose.
struct ManagedCustomer: TemplateValues {
    var id: String
    var name: String
    var privilege: String

    init(_ customer: Org, _ relationship: Relationship) {
        id = customer.id.rawValue
        name = customer.name
        privilege = relationship.privilege?.rawValue ?? "support"
    }
}

/// One membership of the partner's on a partner page, with links back to where it was shown.
struct AccessRow: TemplateValues {
    var id: String
    var name: String
    var email: String
    var customerID: String
    var customer: String
    var platformAdmin: Bool
    var products: String
    var lastAccess: ShownTime
    var duration: ShownTime
    var status: String
    var `return`: String

    init(_ membership: Membership, user: User, customer: String, now: Date, returnTo: String, words: ConsoleWords) {
        id = membership.id.rawValue
        name = user.name
        email = user.email.value
        customerID = membership.tenantID.rawValue
        self.customer = customer
        platformAdmin = membership.platformAdmin
        products = words.products(membership.products)
        lastAccess = words.shown(membership.lastAccessAt, empty: "never")
        duration = words.duration(membership.expiresAt)
        status = membership.status(at: now).rawValue
        self.return = returnTo
    }
}

/// A user to pick in a form.
struct UserChoice: TemplateValues {
    var id: String
    var name: String
    var email: String
    var checked: Bool

    init(_ user: User, checked: Bool = false) {
        self.init(id: user.id.rawValue, name: user.name, email: user.email.value, checked: checked)
    }

    init(id: String, name: String, email: String, checked: Bool = false) {
        self.id = id
        self.name = name
        self.email = email
        self.checked = checked
    }
}

struct CustomerPage: PageModel {
    static let page = ConsolePage.customer
    var layout: Layout
    var customer: ManagedCustomer
    var assigned: [AccessRow]
    var hasAssigned: Bool
    var candidates: [UserChoice]
    var accessForm: AccessFields
}

struct AccessEditPage: PageModel {
    static let page = ConsolePage.accessEdit
    var layout: Layout
    var membershipID: String
    var readOnlyNotice: String?
    var back: String
    var version: Int
    var subjectName: String
    var tenantName: String
    var platformAdmin: Bool
    var expires: ShownTime
    var products: [ProductChoice]
    var preview: EditPreview?
}

/// What an edit would change, before it is saved.
struct EditPreview: TemplateValues {
    var original: String
    var updated: String
    var additions: [String]
    var removals: [String]
    var changes: [String]
    var unchanged: Bool
}

struct PartnerUsersPage: PageModel {
    static let page = ConsolePage.partnerUsers
    var layout: Layout
    var users: [PartnerUserRow]
}

struct PartnerUserRow: TemplateValues {
    var id: String
    var name: String
    var email: String
    var role: String
    /// The customers they have access to, by name.
    var customers: String
}

struct PartnerUserPage: PageModel {
    static let page = ConsolePage.partnerUser
    var layout: Layout
    var subject: UserRow
    var access: [AccessRow]
    var hasAccess: Bool
    var openCustomers: [OpenCustomer]
    var hasOpenCustomers: Bool
    var accessForm: AccessFields
    var isActive: Bool
}

/// A managed customer the user has no access to yet, with what it is licensed for and the roles to give there.
struct OpenCustomer: TemplateValues {
    var id: String
    var name: String
    var customerID: String
    var customerName: String
    var checked: Bool
    var licensed: String
    var readOnlyNotice: String?
    var products: [ProductChoice]
}

struct AssignWizardPage: PageModel {
    static let page = ConsolePage.assignWizard
    var layout: Layout
    var customer: ManagedCustomer
    var readOnlyNotice: String?
    var step: String
    var isUsers: Bool
    var isOptions: Bool
    var isProducts: Bool
    var isReview: Bool
    var isFirst: Bool
    var steps: [WizardStep]
    var hidden: [HiddenField]
    var candidates: [UserChoice]
    var hasCandidates: Bool
    var platformAdmin: Bool
    var durations: [DurationChoice]
    var customHours: String
    var products: [ProductChoice]
    var reviewUsers: [UserChoice]
    var reviewDuration: String
    var reviewRoles: [String]
    var hasReviewRoles: Bool
}

struct WizardStep: TemplateValues {
    var number: Int
    var title: String
    var current: Bool
    var done: Bool
}

struct HiddenField: TemplateValues {
    var name: String
    var value: String
}

struct DurationChoice: TemplateValues {
    var value: String
    var label: String
    var checked: Bool
}

/// The admin flag, duration and role per product an access form chooses, as the person last chose them.
struct AccessFields: TemplateValues {
    var formID: String
    /// Set when the customer allows read-only (support) access: the form says so and offers nothing stronger.
    var readOnlyNotice: String?
    var platformAdmin: Bool
    var durations: [DurationChoice]
    var customHours: String
    var products: [ProductChoice]
    /// False where the form chooses roles elsewhere (per customer).
    var showsProducts = true

    static let durationChoices = [("24", "24 hours"), ("48", "48 hours"), ("custom", "Custom"), ("permanent", "Permanent")]

    /// `chosen` is the submitted form coming back with a message; nil for a fresh form.
    init(formID: String, products: [Product], chosen: AccessChoices?, supportOnly customer: String? = nil) {
        self.formID = formID
        readOnlyNotice = customer.map(Self.readOnlyNotice)
        platformAdmin = chosen?.isPlatformAdmin ?? false
        let duration = chosen?.duration ?? "permanent"
        durations = Self.durationChoices.map { DurationChoice(value: $0.0, label: $0.1, checked: duration == $0.0) }
        customHours = chosen?.customHours ?? ""
        self.products = products.map { ProductChoice($0, chosen: chosen?.chosenRoles[$0.key], readOnly: customer != nil) }
    }

    static func readOnlyNotice(_ customer: String) -> String {
        "\(customer) allows read-only (support) access: only roles that read are offered, and no platform administration."
    }
}
