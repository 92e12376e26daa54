import Foundation
import StewardCore

/// A partner's profile and configuration: each side edits its own fields and reads the other's.
struct PartnerSettingsPage: PageModel {
    static let page = ConsolePage.partnerSettings
    var layout: Layout
    var partnerID: String
    var partnerName: String
    /// The partner's admins edit contacts, address and configuration; operators status and prices.
    var editsDetails: Bool
    var editsTerms: Bool
    var contact: ContactView
    var billing: ContactView
    var address: AddressView
    var status: String?
    var statuses: [Choice]
    var prices: [PriceView]
    var hasPrices: Bool
    var products: [Choice]
    var outbound: [String]
    var inbound: [String]
    var smarthost: String
}

struct ContactView: TemplateValues {
    var name = ""
    var email = ""
    var phone = ""
    var isSet = false

    init(_ contact: Contact?) {
        guard let contact else { return }
        (name, email, phone, isSet) = (contact.name, contact.email.value, contact.phone ?? "", true)
    }
}

struct AddressView: TemplateValues {
    var line1 = "", line2 = "", city = "", state = "", postalCode = "", country = ""
    var isSet = false

    init(_ address: Address?) {
        guard let address else { return }
        (line1, line2, city, state, postalCode, country) = (address.line1, address.line2 ?? "", address.city, address.region ?? "", address.postalCode, address.country)
        isSet = true
    }
}

struct PriceView: TemplateValues {
    var key: String
    var product: String
    var amount: String
    var currency: String
}
