/// Every console page, by its template in Resources/templates. `PageRenderer.load` refuses to start without
/// any of them, and a page can be rendered only by naming one of these.
enum ConsolePage: String, CaseIterable, Sendable {
    case accessEdit = "access_edit"
    case accessReview = "access_review"
    case approve
    case audit
    case assignWizard = "assign_wizard"
    case catalog
    case confirm
    case customer
    case customerNew = "customer_new"
    case customers
    case delegatedCustomer = "delegated_customer"
    case delegatedCustomers = "delegated_customers"
    case error
    case external
    case home
    case invitation
    case licenseRequests = "license_requests"
    case login
    case message
    case mfa
    case org
    case orgNew = "org_new"
    case orgs
    case outbox
    case partnerSettings = "partner_settings"
    case partnerUser = "partner_user"
    case partnerUsers = "partner_users"
    case relationships
    case tenants
    case userEdit = "user_edit"

    /// Templates that are parts of pages, not pages.
    static let partials: Set<String> = ["top", "bottom", "errors", "org_node", "time", "access_fields"]
}
