import Foundation
import StewardCore

/// The customers an analyst administers, each with the access that makes them its administrator.
struct DelegatedCustomersPage: PageModel {
    static let page = ConsolePage.delegatedCustomers
    var layout: Layout
    var customers: [DelegatedCustomerRow]
}

struct DelegatedCustomerRow: TemplateValues {
    var id: String
    var name: String
    var products: String
    var until: ShownTime
}

/// One administered customer: colleagues' access there, and a form that offers no more than the analyst holds.
struct DelegatedCustomerPage: PageModel {
    static let page = ConsolePage.delegatedCustomer
    var layout: Layout
    var customer: DelegatedCustomerRow
    var assigned: [DelegatedAccessRow]
    var candidates: [UserChoice]
    var hasCandidates: Bool
    var accessForm: AccessFields
}

/// A colleague's access; changed or removed only where it is within the administrator's own.
struct DelegatedAccessRow: TemplateValues {
    var row: AccessRow
    var isYou: Bool
    var mayChange: Bool
}
