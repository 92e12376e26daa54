import Foundation
import Hummingbird
import StewardCore
import StewardStore

/// What a refused form on the customer page comes back with: the values as the person typed them.
struct CustomerPageInput {
    var quickAdd: QuickAddForm?
    var name: String?
    var license: LicenseForm?
}

/// A partner admin's customer page (Manage Customer Access → Customers → one customer): its licences, the users
/// assigned there, quick add, rename and a new POC licence; every form on it comes back here when refused.
struct CustomerPageRenderer {
    let store: Store
    let pages: PageRenderer

    func render(_ id: OrgID, identity: Identity, errors: [FieldError], status: HTTPResponse.Status, typed: CustomerPageInput = CustomerPageInput()) async throws -> Response {
        let partner = PartnerConsole(store: store)
        let (customer, relationship) = try await partner.managedCustomer(id, identity: identity)
        let now = store.now
        let assigned = try await store.memberships(MembershipFilter(tenantID: id, partnerID: identity.org.id)).filter { $0.membership.status != .ended }
        let taken = Set(assigned.map(\.user.id))
        let catalog = try await store.products()
        let licenses = try await store.licenses(of: id)
        let licensed = Set(licenses.filter { $0.isValid(at: now) }.map(\.product))
        let words = ConsoleWords(identity, products: catalog)
        let users = try await partner.activeUsers(identity: identity)
        let manages = relationship.effectivePrivilege == .manage
        // Newest first, so the first per licence is its latest.
        let requests = try await store.licenseRequests(partner: identity.org.id, status: nil, before: nil, limit: 500).filter { $0.customerID == id }
        func latest(_ license: License) -> LicenseRequest? { requests.first { $0.licenseID == license.id } }
        return pages.render(CustomerPage(
            layout: Layout(identity, title: customer.name, errors: errors), customer: ManagedCustomer(customer, relationship),
            licenses: licenses.sorted { ($0.product, $0.startsAt) < ($1.product, $1.startsAt) }.map {
                LicenseRow($0, now: now, words: words, latestRequest: latest($0), mayRequest: manages && identity.user.role == .admin)
            },
            assigned: assigned.map { AccessRow($0.membership, user: $0.user, customer: customer.name, now: now, returnTo: "/console/customers/\(customer.id)", words: words) },
            hasAssigned: !assigned.isEmpty,
            candidates: users.filter { !taken.contains($0.id) }.map { UserChoice($0, checked: $0.id.rawValue == typed.quickAdd?.userID) },
            accessForm: AccessFields(
                formID: "qa", products: catalog.filter { licensed.contains($0.key) }, chosen: typed.quickAdd?.access,
                supportOnly: manages ? nil : customer.name, now: now
            ),
            rename: manages ? RenameField(name: typed.name ?? customer.name) : nil,
            newLicense: manages ? NewLicenseFields(
                products: catalog.map { Choice($0.key, label: $0.name, selected: $0.key == typed.license?.product) },
                admins: users.map { UserChoice($0, checked: $0.id.rawValue == typed.license?.productAdminUserID) }
            ) : nil
        ), status: status)
    }
}
