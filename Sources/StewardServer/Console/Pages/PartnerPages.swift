import Foundation
import StewardCore

/// A product a form sets a role on: its roles, the chosen one marked.
struct ProductChoice: TemplateValues {
    var key: String
    var name: String
    var roles: [String]
    var options: [Choice]

    /// `readOnly`: only roles that do no more than read (a customer that allows `support`);
    /// `allowed`: only these roles (a delegated administrator's own limit), nil for all.
    init(_ product: Product, chosen: String?, readOnly: Bool = false, allowed: Set<String>? = nil) {
        key = product.key
        name = product.name
        let offered = product.roles.filter { role in (!readOnly || role.permissions.isSubset(of: [.read])) && (allowed?.contains(role.key) ?? true) }
        roles = offered.map(\.key)
        options = offered.map { Choice($0.key, selected: chosen == $0.key) }
    }
}

/// The customer a partner page is about, with the ceiling its customer chose.
struct ManagedCustomer: TemplateValues {
    var id: String
    var name: String
    /// The customer's choice, and what applies once the vendor's privilege for the partner caps it.
    var privilege: String
    var effective: String
    var loweredByVendor: Bool

    init(_ customer: Org, _ relationship: Relationship) {
        id = customer.id.rawValue
        name = customer.name
        privilege = relationship.privilege?.rawValue ?? "support"
        effective = relationship.effectivePrivilege?.rawValue ?? "none"
        loweredByVendor = effective != privilege
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
    var licenses: [LicenseRow]
    var assigned: [AccessRow]
    var hasAssigned: Bool
    var candidates: [UserChoice]
    var accessForm: AccessFields
    /// The rename form with the name shown in it; nil where renaming is not the partner's (under `support`).
    var rename: RenameField?
    /// The new POC licence form; nil under `support`.
    var newLicense: NewLicenseFields?
}

struct RenameField: TemplateValues {
    var name: String
}

/// One licence as the customer page lists it; a POC's end is marked.
struct LicenseRow: TemplateValues {
    var id: String
    var product: String
    var kind: String
    var isPOC: Bool
    var region: String
    var starts: ShownTime
    var expires: ShownTime
    var status: String
    /// The partner's latest request about it, in words, and whether a new one may be asked.
    var request: String?
    var requestable = false

    init(_ license: License, now: Date, words: ConsoleWords, latestRequest: LicenseRequest? = nil, mayRequest: Bool = false) {
        id = license.id.rawValue
        product = words.productName(license.product)
        kind = license.kind == .poc ? "POC" : "paid"
        isPOC = license.kind == .poc
        region = license.region
        starts = words.shown(license.startsAt, empty: "")
        expires = words.shown(license.expiresAt, empty: "no end")
        status = license.isValid(at: now) ? "active" : "expired"
        if let latest = latestRequest {
            let asked = latest.type == .extend ? "Extension" : "Purchase"
            request = latest.status == .open ? "\(asked) requested, awaiting the vendor" : "\(asked) request \(latest.status.rawValue)"
        }
        requestable = mayRequest && license.kind == .poc && latestRequest?.status != .open
    }
}

struct NewLicenseFields: TemplateValues {
    var products: [Choice]
    var admins: [UserChoice]
}

struct AccessEditPage: PageModel {
    static let page = ConsolePage.accessEdit
    var layout: Layout
    var membershipID: String
    var readOnlyNotice: String?
    /// Set when only product roles may change here, saying why.
    var rolesOnlyNotice: String?
    /// Set for a delegated administrator: the form offers no more than their own access.
    var limitNotice: String?
    var back: String
    var version: Int
    var subjectName: String
    var tenantName: String
    var platformAdmin: Bool
    var expires: ShownTime
    var durations: [DurationChoice]
    /// The expiry a preview showed, carried to Save (an instant, or `permanent`).
    var previewedExpiry: String?
    var customHours: String
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
    /// Every managed customer, checked where the user is its platform administrator.
    var delegation: [DelegationChoice]
    var hasDelegation: Bool
}

/// One customer of the delegation view; disabled, with the reason, where the admin flag cannot be given.
struct DelegationChoice: TemplateValues {
    var id: String
    var name: String
    var checked: Bool
    var disabledReason: String?
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

    /// Set for a delegated administrator: their own access bounds what the form offers, and it says so.
    var limitNotice: String?

    static let durationChoices = [("24", "24 hours"), ("48", "48 hours"), ("custom", "Custom"), ("permanent", "Permanent")]

    /// The duration radio buttons with `chosen` checked, leaving out what would end after `limits` allow
    /// (nil: no bound; custom hours are always offered and judged when sent).
    static func durations(chosen: String?, now: Date, limits: DelegationLimits? = nil) -> [DurationChoice] {
        let offered = durationChoices.filter { value, _ in
            guard let limits, value != "custom" else { return true }
            do { return limits.allows(expiry: try ConsoleDuration.expiry(duration: value, customHours: nil, now: now)) } catch { return false }
        }
        let checked = offered.contains { $0.0 == chosen } ? chosen : offered.first { $0.0 == "permanent" }?.0 ?? offered.first?.0
        return offered.map { DurationChoice(value: $0.0, label: $0.1, checked: checked == $0.0) }
    }

    /// `chosen` is the submitted form coming back with a message; nil for a fresh form. `limits` bound a
    /// delegated administrator's form, whose own access is described by `limitNotice`.
    init(formID: String, products: [Product], chosen: AccessChoices?, supportOnly customer: String? = nil, now: Date,
         limits: DelegationLimits? = nil, limitNotice: String? = nil) {
        self.formID = formID
        readOnlyNotice = customer.map(Self.readOnlyNotice)
        self.limitNotice = limitNotice
        platformAdmin = chosen?.isPlatformAdmin ?? false
        durations = Self.durations(chosen: chosen?.duration, now: now, limits: limits)
        customHours = chosen?.customHours ?? ""
        let offered = limits.map { limits in products.filter { limits.roles[$0.key] != nil } } ?? products
        self.products = offered.map {
            ProductChoice($0, chosen: chosen?.chosenRoles[$0.key], readOnly: customer != nil, allowed: limits?.roles[$0.key])
        }
    }

    static func readOnlyNotice(_ customer: String) -> String {
        "\(customer) allows read-only (support) access: only roles that read are offered, and no platform administration."
    }
}

/// Create new customer (POC) on Manage Customer Access: what was typed, and what may be chosen.
struct CustomerNewPage: PageModel {
    static let page = ConsolePage.customerNew
    var layout: Layout
    var name: String
    var line1: String
    var line2: String
    var city: String
    var state: String
    var postalCode: String
    var country: String
    var regions: [Choice]
    var users: [UserChoice]
    var products: [Choice]
}
