import Foundation
import Mustache
import StewardCore

/// Data a template reads by the names of its stored properties. An optional property that is nil reads as
/// empty and closes its section, rather than letting Mustache look the name up in an enclosing object.
protocol TemplateValues: MustacheParent, Sendable {}

extension TemplateValues {
    func child(named name: String) -> Any? { TemplateLookup.value(named: name, in: self) }
}

/// A console page's data, typed: its template reads the model's properties, then the layout's.
protocol PageModel: TemplateValues {
    static var page: ConsolePage { get }
    var layout: Layout { get }
}

extension PageModel {
    func child(named name: String) -> Any? {
        TemplateLookup.value(named: name, in: self) ?? TemplateLookup.value(named: name, in: layout)
    }
}

enum TemplateLookup {
    /// The stored property `name` of `subject`, an optional's value unwrapped (`Absent` when nil); nil when
    /// `subject` has no such property.
    static func value(named name: String, in subject: Any) -> Any? {
        guard let child = Mirror(reflecting: subject).children.first(where: { $0.label == name })?.value else { return nil }
        let mirror = Mirror(reflecting: child)
        guard mirror.displayStyle == .optional else { return child }
        return mirror.children.first?.value ?? Absent()
    }
}

/// An empty optional: renders as nothing, and a section on it does not open.
struct Absent: MustacheCustomRenderable {
    var renderText: String { "" }
    var isNull: Bool { true }
}

/// What every page's top bar and form-error list read.
struct Layout: TemplateValues {
    var title: String
    var signedIn = false
    /// False for a session that still owes its required TOTP enrolment: it sees no navigation it could not follow.
    var navigation = false
    var userName = ""
    var userEmail = ""
    var orgName = ""
    var orgID = ""
    var csrf = ""
    var isOperator = false
    var isAdmin = false
    var isPartnerAdmin = false
    /// An admin of a partner of any programme: its own profile and configuration.
    var isPartnerOrgAdmin = false
    var isCustomerAdmin = false
    var isDelegatedAdmin = false
    var isReviewer = false
    var tenants: [TenantOption] = []
    /// The confirmation of the action that led here.
    var notice: String?
    private(set) var hasErrors = false
    var errors: [FormProblem] = [] {
        didSet {
            hasErrors = !errors.isEmpty
            fieldErrors = Dictionary(errors.map { ($0.key, "\($0.field) \($0.message)") }, uniquingKeysWith: { first, _ in first })
        }
    }
    /// Each message by the field it belongs to, for the form to show next to that field.
    private(set) var fieldErrors: [String: String] = [:]

    private mutating func setErrors(_ problems: [FormProblem]) { errors = problems }

    /// The top bar of `identity` (nil: signed out), showing `errors` above the page's form.
    init(_ identity: Identity?, title: String, errors: [FieldError] = []) {
        self.title = title
        setErrors(errors.map(FormProblem.init))
        guard let identity else { return }
        signedIn = true
        notice = identity.notice
        navigation = identity.session?.restricted != true
        userName = identity.user.name
        userEmail = identity.user.email.value
        orgName = identity.org.name
        orgID = identity.org.id.rawValue
        csrf = identity.csrfToken
        // What the navigation offers follows the areas the caller's audience may open.
        let audience = identity.audience
        isOperator = ConsoleArea.vendorDesk.audiences.contains(audience)
        isAdmin = audience.isOrgAdmin
        isPartnerAdmin = ConsoleArea.managedCustomers.audiences.contains(audience)
        isPartnerOrgAdmin = ConsoleArea.partnerSettings.audiences.contains(audience) && !isOperator
        isCustomerAdmin = ConsoleArea.externalAccess.audiences.contains(audience)
        isDelegatedAdmin = ConsoleArea.delegatedCustomers.audiences.contains(audience)
        isReviewer = ConsoleArea.accessReview.audiences.contains(audience)
        tenants = identity.tenants.map {
            TenantOption(id: $0.membership.tenantID.rawValue, name: $0.name, selected: $0.membership.tenantID == identity.currentTenant)
        }
    }
}

struct TenantOption: TemplateValues {
    var id: String
    var name: String
    var selected: Bool
}

/// One line of the form-error list: the field as the form labels it, and what is wrong.
struct FormProblem: TemplateValues {
    var field: String
    var message: String
    /// The input the message belongs next to.
    var key: String

    init(_ error: FieldError) {
        field = FieldLabels.label(error.field)
        message = error.message
        key = FieldLabels.key(error.field)
    }
}

/// An `<option>` or radio button: its value, what it shows, and whether it is chosen.
struct Choice: TemplateValues {
    var value: String
    var label: String
    var selected: Bool

    init(_ value: String, label: String? = nil, selected: Bool) {
        self.value = value
        self.label = label ?? value
        self.selected = selected
    }
}
