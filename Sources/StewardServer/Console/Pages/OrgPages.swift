import Foundation
import StewardCore

struct HomePage: PageModel {
    static let page = ConsolePage.home
    var layout: Layout
    var userRole: String
    var orgKind: String
    var current: TenantCard?
    var hasChoices: Bool
    /// Where the console opens after sign-in, when the user has more than one place to choose.
    var landingChoices: [Choice]
    var hasLandingChoice: Bool
}

/// A tenant the user may work in, as the home page and the picker show it.
struct TenantCard: TemplateValues {
    var id: String
    var name: String
    var kind: String
    var source: String
    var platformAdmin: Bool
    var products: String?
    var expiresAt: ShownTime?

    init(_ tenant: ConsoleTenant, words: ConsoleWords) {
        let membership = tenant.membership
        id = membership.tenantID.rawValue
        name = tenant.name
        kind = tenant.kind.rawValue
        source = membership.source.rawValue
        platformAdmin = membership.platformAdmin
        products = membership.products.isEmpty ? nil : words.products(membership.products)
        expiresAt = membership.expiresAt.map { words.shown($0, empty: "") }
    }
}

struct TenantsPage: PageModel {
    static let page = ConsolePage.tenants
    var layout: Layout
    var choices: [TenantCard]
}

/// An org in the operators' tree, with the orgs below it.
struct OrgNode: TemplateValues {
    var id: String
    var name: String
    var kind: String
    var program: String?
    var region: String?
    var dataPrivilege: String?
    var children: [OrgNode] = []
    var hasChildren = false

    init(_ org: Org, children: [OrgNode] = []) {
        id = org.id.rawValue
        name = org.name
        kind = org.kind.rawValue
        program = org.program?.rawValue
        region = org.region
        dataPrivilege = org.dataPrivilege?.rawValue
        self.children = children
        hasChildren = !children.isEmpty
    }
}

struct OrgsPage: PageModel {
    static let page = ConsolePage.orgs
    var layout: Layout
    var roots: [OrgNode]
    var empty: Bool
}

struct OrgNewPage: PageModel {
    static let page = ConsolePage.orgNew
    var layout: Layout
    var name: String
    var kinds: [Choice]
    var programs: [Choice]
    var dataPrivileges: [Choice]
    var regions: [Choice]
    var parents: [Choice]
}

struct OrgPage: PageModel {
    static let page = ConsolePage.org
    var layout: Layout
    var org: OrgNode
    /// For operators on a partner's page: the vendor's privilege to change.
    var dataPrivileges: [Choice]
    var mayChangeDataPrivilege: Bool
    /// A customer's licences, with the vendor's form to add one of any kind (operators).
    var licenses: [LicenseRow] = []
    var licensesShown = false
    var licenseProducts: [Choice] = []
    var users: [UserRow]
    var roles: [Choice]
    var formName: String
    var formEmail: String
    var formTimeZone: String
}

struct UserRow: TemplateValues {
    var id: String
    var name: String
    var email: String
    var role: String
    var status: String
    var timeZone: String
    /// Active but without a password yet: the invitation may be sent again.
    var invited: Bool

    init(_ user: User, awaitingPassword: Bool = false) {
        id = user.id.rawValue
        name = user.name
        email = user.email.value
        role = user.role.rawValue
        invited = awaitingPassword && user.status == .active
        status = invited ? "invited" : user.status.rawValue
        timeZone = user.timeZone
    }
}

extension DataPrivilege {
    /// How a form offers it.
    var label: String {
        switch self {
        case .noAccess: "none — no check on its customers allows"
        case .support: "support — read-only (the default)"
        case .manage: "manage — full"
        }
    }

    static func choices(selected: DataPrivilege?) -> [Choice] {
        allCases.map { Choice($0.rawValue, label: $0.label, selected: $0 == (selected ?? .partnerDefault)) }
    }
}

/// The operators' product catalog: every product with its roles, and forms to add either.
struct CatalogPage: PageModel {
    static let page = ConsolePage.catalog
    var layout: Layout
    var products: [CatalogProduct]
    var newKey: String
    var newName: String
}

struct CatalogProduct: TemplateValues {
    var key: String
    var name: String
    var roles: [CatalogRole]

    init(_ product: Product) {
        key = product.key
        name = product.name
        roles = product.roles.map { CatalogRole(key: $0.key, permissions: Permission.allCases.filter($0.permissions.contains).map(\.rawValue).joined(separator: ", ")) }
    }
}

struct CatalogRole: TemplateValues {
    var key: String
    var permissions: String
}

/// Editing a user: name, home role and time zone, based on the version shown.
struct UserEditPage: PageModel {
    static let page = ConsolePage.userEdit
    var layout: Layout
    var id: String
    var orgID: String
    var email: String
    var name: String
    var roles: [Choice]
    var timeZone: String
    var version: Int
    var active: Bool
}
