import Foundation

/// What reading a partner's profile and configuration reads: committed state, or a transaction's.
public protocol PartnerSettingsReading: Sendable {
    func org(_ id: OrgID) async throws -> Org?
    /// The partner's settings; empty ones (version 0) when none were saved.
    func partnerSettings(_ partner: OrgID) async throws -> PartnerSettings
}

/// Everything editing them reads and writes, inside one transaction.
public protocol PartnerSettingsRecords: PartnerSettingsReading {
    var now: Date { get }
    func products() async throws -> [Product]
    /// Stores `after` over `before` (refused if another writer changed it) and records `action`.
    func replace(_ before: PartnerSettings, with after: PartnerSettings, action: String) async throws
}

/// A contact as typed.
public struct ContactInput: Sendable {
    public var name: String
    public var email: String
    public var phone: String?

    public init(name: String, email: String, phone: String? = nil) {
        self.name = name
        self.email = email
        self.phone = phone
    }
}

/// A price as typed.
public struct PriceInput: Sendable {
    public var product: String
    public var amount: Decimal
    public var currency: String

    public init(product: String, amount: Decimal, currency: String) {
        self.product = product
        self.amount = amount
        self.currency = currency
    }
}

/// A partial edit of a profile: nil leaves a field alone; `.some(nil)` clears it.
public struct ProfileChanges: Sendable {
    public var contact: ContactInput??
    public var billingContact: ContactInput??
    public var address: Address??
    public var status: PartnerStatus??
    public var prices: [PriceInput]?

    public init(contact: ContactInput?? = nil, billingContact: ContactInput?? = nil, address: Address?? = nil, status: PartnerStatus?? = nil, prices: [PriceInput]? = nil) {
        self.contact = contact
        self.billingContact = billingContact
        self.address = address
        self.status = status
        self.prices = prices
    }

    var touchesPartnerFields: Bool { contact != nil || billingContact != nil || address != nil }
    var touchesVendorFields: Bool { status != nil || prices != nil }
}

/// Who reads and changes a partner's profile and configuration (SPEC §2, §4).
public enum PartnerSettingsPolicy {
    /// Operators and the partner's admins read; its members are refused; anyone else finds nothing.
    public static func mayRead(_ partner: Org?, actor: Actor) -> Result<Org, Refused> {
        guard let partner, partner.kind == .partner, actor.isOperator || actor.orgID == partner.id else { return .failure(.notFound) }
        guard actor.isOperator || actor.role == .admin else { return .failure(.forbidden("only the partner's admins see its profile and configuration")) }
        return .success(partner)
    }

    /// The partner's admins keep its contacts and address; the vendor's operators set its status and prices.
    public static func mayEdit(_ changes: ProfileChanges, actor: Actor) -> Result<Void, Refused> {
        if actor.isOperator, changes.touchesPartnerFields {
            return .failure(.forbidden("the partner's admins keep its contacts and address; operators set status and prices"))
        }
        if !actor.isOperator, changes.touchesVendorFields {
            return .failure(.forbidden("status and prices are set by the vendor's operators"))
        }
        return .success(())
    }

    /// The configuration is the partner's admins' to change; operators read it.
    public static func mayEditConfig(_ actor: Actor) -> Result<Void, Refused> {
        actor.isOperator ? .failure(.forbidden("the partner's admins keep its configuration")) : .success(())
    }
}

/// Reading and editing a partner's profile and configuration, each edit with its audit event.
public enum PartnerSettingsManagement {
    public static let maxPrices = 200

    public static func read(_ partnerID: OrgID, by actor: Actor, in records: some PartnerSettingsReading) async throws -> PartnerSettings {
        _ = try PartnerSettingsPolicy.mayRead(try await records.org(partnerID), actor: actor).get()
        return try await records.partnerSettings(partnerID)
    }

    public static func updateProfile(
        _ partnerID: OrgID, _ changes: ProfileChanges, by actor: Actor, in records: some PartnerSettingsRecords
    ) async throws -> PartnerSettings {
        let before = try await read(partnerID, by: actor, in: records)
        try PartnerSettingsPolicy.mayEdit(changes, actor: actor).get()
        var validator = Validator()
        var profile = before.profile
        if let contact = changes.contact { profile.contact = contact.flatMap { Self.contact("contact", $0, into: &validator) } }
        if let contact = changes.billingContact { profile.billingContact = contact.flatMap { Self.contact("billing_contact", $0, into: &validator) } }
        if let address = changes.address { profile.address = address.flatMap { validator.address("address", $0) } }
        if let status = changes.status { profile.status = status }
        if let prices = changes.prices { profile.prices = Self.prices(prices, catalog: Set(try await records.products().map(\.key)), into: &validator) }
        try validator.check()
        return try await save(before, profile: profile, config: before.config, action: "partner.profile_updated", in: records)
    }

    public static func replaceConfig(_ partnerID: OrgID, _ config: PartnerConfig, by actor: Actor, in records: some PartnerSettingsRecords) async throws -> PartnerSettings {
        let before = try await read(partnerID, by: actor, in: records)
        try PartnerSettingsPolicy.mayEditConfig(actor).get()
        var validator = Validator()
        let clean = PartnerConfig(
            outboundIPs: PartnerConfigRules.addresses("outbound_ips", config.outboundIPs, into: &validator),
            inboundIPs: PartnerConfigRules.addresses("inbound_ips", config.inboundIPs, into: &validator),
            smarthost: PartnerConfigRules.smarthost(config.smarthost, into: &validator)
        )
        try validator.check()
        return try await save(before, profile: before.profile, config: clean, action: "partner.config_updated", in: records)
    }

    private static func save(
        _ before: PartnerSettings, profile: PartnerProfile, config: PartnerConfig, action: String, in records: some PartnerSettingsRecords
    ) async throws -> PartnerSettings {
        guard profile != before.profile || config != before.config else { return before }
        var after = before
        after.profile = profile
        after.config = config
        after.version += 1
        after.updatedAt = records.now
        try await records.replace(before, with: after, action: action)
        return after
    }

    static func contact(_ field: String, _ input: ContactInput, into validator: inout Validator) -> Contact? {
        let name = validator.name("\(field).name", input.name)
        let email = EmailAddress(input.email)
        if email == nil { validator.add("\(field).email", "must be an email address") }
        var phone: String?
        if let typed = input.phone?.trimmingCharacters(in: .whitespaces), !typed.isEmpty {
            if typed.count <= 32, typed.allSatisfy({ $0.isASCII && ($0.isNumber || " +-().".contains($0)) }), typed.contains(where: \.isNumber) {
                phone = typed
            } else {
                validator.add("\(field).phone", "must be a phone number: digits, spaces and + - ( ) . only")
            }
        }
        guard let name, let email else { return nil }
        return Contact(name: name, email: email, phone: phone)
    }

    static func prices(_ inputs: [PriceInput], catalog: Set<String>, into validator: inout Validator) -> [PartnerPrice] {
        if inputs.count > maxPrices { validator.add("prices", "at most \(maxPrices) prices") }
        var seen = Set<String>()
        var clean: [PartnerPrice] = []
        for (index, input) in inputs.prefix(maxPrices).enumerated() {
            let field = "prices[\(index)]"
            if !catalog.contains(input.product) { validator.add("\(field).product", "is not a product of the catalog") }
            if input.amount < 0 || input.amount > 1_000_000_000 { validator.add("\(field).amount", "must be from 0 to 1,000,000,000") }
            if input.amount.exponent < -4 { validator.add("\(field).amount", "has more than four decimal places") }
            let currency = input.currency
            if currency.count != 3 || !currency.allSatisfy({ $0.isASCII && $0.isUppercase }) {
                validator.add("\(field).currency", "must be an ISO 4217 code such as USD or EUR")
            }
            if !seen.insert("\(input.product)|\(currency)").inserted { validator.add(field, "names this product and currency twice") }
            clean.append(PartnerPrice(product: input.product, amount: input.amount, currency: currency))
        }
        return clean
    }
}
