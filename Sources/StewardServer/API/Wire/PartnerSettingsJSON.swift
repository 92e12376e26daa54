import Foundation
import StewardCore

/// A contact in requests and answers.
struct ContactJSON: Codable, Sendable {
    var name: String
    var email: String
    var phone: String?
    enum CodingKeys: String, CodingKey, CaseIterable { case name, email, phone }

    init(_ contact: Contact) { (name, email, phone) = (contact.name, contact.email.value, contact.phone) }
    var input: ContactInput { ContactInput(name: name, email: email, phone: phone) }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(email, forKey: .email)
        try container.encode(phone, forKey: .phone)
    }
}

/// A contracted price in requests and answers; the amount a JSON number.
struct PriceJSON: Codable, Sendable {
    var product: String
    var amount: Decimal
    var currency: String
    enum CodingKeys: String, CodingKey, CaseIterable { case product, amount, currency }
}

/// `GET /v1/partners/{id}/profile`: every field always present, `null` when empty.
struct PartnerProfileJSON: Encodable, Sendable {
    let value: PartnerSettings
    private enum Keys: String, CodingKey { case partner_id, contact, billing_contact, status, address, prices, version, updated_at }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        let profile = value.profile
        try container.encode(value.partnerID, forKey: .partner_id)
        try container.encode(profile.contact.map(ContactJSON.init), forKey: .contact)
        try container.encode(profile.billingContact.map(ContactJSON.init), forKey: .billing_contact)
        try container.encode(profile.status, forKey: .status)
        try container.encode(profile.address.map(AddressJSON.init), forKey: .address)
        try container.encode(profile.prices.map { PriceJSON(product: $0.product, amount: $0.amount, currency: $0.currency) }, forKey: .prices)
        try container.encode(value.version, forKey: .version)
        try container.encode(value.updatedAt, forKey: .updated_at)
    }
}

/// `GET /v1/partners/{id}/config`.
struct PartnerConfigJSON: Encodable, Sendable {
    let value: PartnerSettings
    private enum Keys: String, CodingKey { case partner_id, outbound_ips, inbound_ips, smarthost, version, updated_at }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(value.partnerID, forKey: .partner_id)
        try container.encode(value.config.outboundIPs, forKey: .outbound_ips)
        try container.encode(value.config.inboundIPs, forKey: .inbound_ips)
        try container.encode(value.config.smarthost, forKey: .smarthost)
        try container.encode(value.version, forKey: .version)
        try container.encode(value.updatedAt, forKey: .updated_at)
    }
}
