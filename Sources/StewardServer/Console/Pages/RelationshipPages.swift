import Foundation
import StewardCore

/// A relationship as a table row, its status as stored (lists read it as of now before).
struct RelationshipRow: TemplateValues {
    var id: String
    var partner: String
    var customer: String
    var customerID: String
    var status: String
    var isPending: Bool
    var isActive: Bool
    var privilege: String?
    var isManage: Bool
    /// What checks use, and the vendor's privilege for the partner that may lower it.
    var effective: String?
    var vendorPrivilege: String
    var loweredByVendor: Bool
    var requestedAt: ShownTime
    var approvalExpiresAt: ShownTime

    init(_ relationship: Relationship, names: [OrgID: Org], words: ConsoleWords) {
        id = relationship.id.rawValue
        partner = names[relationship.partnerID]?.name ?? relationship.partnerID.rawValue
        customer = names[relationship.customerID]?.name ?? relationship.customerID.rawValue
        customerID = relationship.customerID.rawValue
        status = relationship.status.rawValue
        isPending = relationship.status == .pending
        isActive = relationship.status == .active
        privilege = relationship.privilege?.rawValue
        isManage = relationship.privilege == .manage
        effective = relationship.effectivePrivilege?.rawValue
        vendorPrivilege = relationship.vendorPrivilege.rawValue
        loweredByVendor = relationship.privilege.map { DataPrivilege($0) > relationship.vendorPrivilege } ?? false
        requestedAt = words.shown(relationship.requestedAt, empty: "")
        approvalExpiresAt = words.shown(relationship.approvalExpiresAt, empty: "")
    }
}

/// An org to pick in a form.
struct OrgOption: TemplateValues {
    var id: String
    var name: String
    var program: String?

    init(_ org: Org) {
        id = org.id.rawValue
        name = org.name
        program = org.program?.rawValue
    }
}

struct RelationshipsPage: PageModel {
    static let page = ConsolePage.relationships
    var layout: Layout
    var relationships: [RelationshipRow]
    var hasRelationships: Bool
    var partners: [OrgOption]
    var customers: [OrgOption]
}

struct CustomersPage: PageModel {
    static let page = ConsolePage.customers
    var layout: Layout
    /// Each managed customer once, by its open relationship.
    var customers: [ManagedCustomerRow]
    var hasCustomers: Bool
    /// Relationships that ended, newest first.
    var history: [RelationshipRow]
    var hasHistory: Bool
}

/// A customer on Manage Customer Access: its relationship, what it is licensed for and who of ours has access.
struct ManagedCustomerRow: TemplateValues {
    var relationship: RelationshipRow
    var licensedProducts: String
    var assignedUsers: Int
}

/// Someone from outside the customer who holds access to it.
struct PersonRow: TemplateValues {
    var id: String
    var name: String
    var email: String
    var home: String
    var source: String
    var platformAdmin: Bool
    var products: String
    var expires: ShownTime
    var status: String
    var lastAccess: ShownTime

    init(_ entry: MembershipWithUser, now: Date, words: ConsoleWords) {
        let membership = entry.membership
        id = membership.id.rawValue
        name = entry.user.name
        email = entry.user.email.value
        home = entry.homeOrg.name
        source = membership.source.rawValue
        platformAdmin = membership.platformAdmin
        products = words.products(membership.products)
        expires = words.shown(membership.expiresAt, empty: "permanent")
        status = membership.status(at: now).rawValue
        lastAccess = words.shown(membership.lastAccessAt, empty: "never")
    }
}

struct ExternalPage: PageModel {
    static let page = ConsolePage.external
    var layout: Layout
    var pending: [RelationshipRow]
    var hasPending: Bool
    var partners: [RelationshipRow]
    var hasPartners: Bool
    var people: [PersonRow]
    var hasPeople: Bool
    var teamEmail: String
    var accessForm: AccessFields
    var onAccessGranted: Bool
    var onAccessRemoved: Bool
    var recipients: String
}

/// A question before something that cannot be undone.
struct ConfirmPage: PageModel {
    static let page = ConsolePage.confirm
    var layout: Layout
    var message: String
    var actionURL: String
    var button: String
    var back: String
    var returnTo: String?
}
