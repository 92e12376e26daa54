import Foundation
import SQLKit
import StewardCore

/// A contact as stored and audited.
struct StoredContact: Codable, Sendable {
    var name: String
    var email: EmailAddress
    var phone: String?

    init(_ contact: Contact) { (name, email, phone) = (contact.name, contact.email, contact.phone) }
    var contact: Contact { Contact(name: name, email: email, phone: phone) }
}

/// A profile as stored and audited; amounts as decimal strings, so no price is rounded on the way.
struct StoredProfile: Codable, Sendable {
    struct Price: Codable, Sendable {
        var product: String
        var amount: String
        var currency: String
    }

    var contact: StoredContact?
    var billingContact: StoredContact?
    var status: PartnerStatus?
    var address: StoredAddress?
    var prices: [Price]

    enum CodingKeys: String, CodingKey { case contact, billingContact = "billing_contact", status, address, prices }

    init(_ profile: PartnerProfile) {
        contact = profile.contact.map(StoredContact.init)
        billingContact = profile.billingContact.map(StoredContact.init)
        status = profile.status
        address = profile.address.map(StoredAddress.init)
        prices = profile.prices.map { Price(product: $0.product, amount: "\($0.amount)", currency: $0.currency) }
    }

    func profile() throws -> PartnerProfile {
        PartnerProfile(
            contact: contact?.contact, billingContact: billingContact?.contact, status: status, address: address?.address,
            prices: try prices.map { price in
                guard let amount = Decimal(string: price.amount, locale: Locale(identifier: "en_US_POSIX")) else { throw StoreError.unreadable("a price's amount is not a number") }
                return PartnerPrice(product: price.product, amount: amount, currency: price.currency)
            }
        )
    }
}

/// A configuration as stored and audited.
struct StoredConfig: Codable, Sendable {
    var outboundIPs: [String]
    var inboundIPs: [String]
    var smarthost: String?

    enum CodingKeys: String, CodingKey { case outboundIPs = "outbound_ips", inboundIPs = "inbound_ips", smarthost }

    init(_ config: PartnerConfig) { (outboundIPs, inboundIPs, smarthost) = (config.outboundIPs, config.inboundIPs, config.smarthost) }
    var config: PartnerConfig { PartnerConfig(outboundIPs: outboundIPs, inboundIPs: inboundIPs, smarthost: smarthost) }
}

/// The audited shape of a partner's settings: `partner_id`, `profile`, `config`, `version`.
struct AuditedPartnerSettings: Encodable, Sendable {
    let value: PartnerSettings
    private enum Keys: String, CodingKey { case partner_id, profile, config, version }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(value.partnerID, forKey: .partner_id)
        try container.encode(StoredProfile(value.profile), forKey: .profile)
        try container.encode(StoredConfig(value.config), forKey: .config)
        try container.encode(value.version, forKey: .version)
    }
}

extension Store {
    static func partnerSettings(_ partner: OrgID, in db: any SQLDatabase) async throws -> PartnerSettings {
        guard let row = try await db.raw("""
            SELECT profile, config, version, updated_at FROM partner_settings WHERE partner_id = \(bind: partner.rawValue)
            """).first()
        else { return PartnerSettings(partnerID: partner) }
        return PartnerSettings(
            partnerID: partner, profile: try Columns.decodeJSON(StoredProfile.self, try row.string("profile")).profile(),
            config: try Columns.decodeJSON(StoredConfig.self, try row.string("config")).config, version: try row.int("version"),
            updatedAt: try row.date("updated_at")
        )
    }
}

extension Store: PartnerSettingsReading {
    public func partnerSettings(_ partner: OrgID) async throws -> PartnerSettings {
        try await read { db in try await Self.partnerSettings(partner, in: db) }
    }
}

extension StoreTransaction: PartnerSettingsRecords {
    public func partnerSettings(_ partner: OrgID) async throws -> PartnerSettings { try await Store.partnerSettings(partner, in: tx.db) }

    public func replace(_ before: PartnerSettings, with after: PartnerSettings, action: String) async throws {
        let profile = try Columns.json(StoredProfile(after.profile)), config = try Columns.json(StoredConfig(after.config))
        let updatedAt = Columns.millis(after.updatedAt ?? tx.now)
        let written: [any SQLRow]
        if before.version == 0 {
            written = try await tx.db.raw("""
                INSERT INTO partner_settings (partner_id, profile, config, version, updated_at)
                VALUES (\(bind: after.partnerID.rawValue), \(bind: profile), \(bind: config), \(bind: after.version), \(bind: updatedAt))
                ON CONFLICT (partner_id) DO NOTHING RETURNING partner_id
                """).all()
        } else {
            written = try await tx.db.raw("""
                UPDATE partner_settings SET profile = \(bind: profile), config = \(bind: config), version = \(bind: after.version), updated_at = \(bind: updatedAt)
                WHERE partner_id = \(bind: after.partnerID.rawValue) AND version = \(bind: before.version) RETURNING partner_id
                """).all()
        }
        guard !written.isEmpty else { throw Refused.conflict("the partner's settings changed meanwhile; reload and try again") }
        try await tx.audit(
            action, target: "partner_settings", id: after.partnerID.rawValue, tenant: after.partnerID,
            before: before.version == 0 ? nil : AuditedPartnerSettings(value: before), after: AuditedPartnerSettings(value: after)
        )
    }
}
