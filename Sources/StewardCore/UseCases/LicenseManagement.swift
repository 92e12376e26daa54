import Foundation

/// What reaching a customer reads: committed state, or a transaction's.
public protocol CustomerReading: Sendable {
    var now: Date { get }
    func org(_ id: OrgID) async throws -> Org?
    /// Whether the partner has an active relationship with the customer now.
    func hasActiveRelationship(partner: OrgID, customer: OrgID) async throws -> Bool
    func licenses(of customer: OrgID) async throws -> [License]
}

/// Everything creating a licence reads and writes, inside one transaction.
public protocol LicenseRecords: CustomerReading, MembershipRecords {
    func products() async throws -> [Product]
    /// Every relationship of the pair, whatever its status.
    func relationships(partner: OrgID, customer: OrgID) async throws -> [Relationship]
    func newLicenseID() -> LicenseID
    /// Stores the licence and records `license.created`.
    func insert(_ license: License) async throws
}

/// A licence as a caller asks for it (`POST /v1/orgs/{id}/licenses`).
public struct LicenseOrder: Sendable {
    public var product: String
    public var kind: LicenseKind
    public var expiresAt: Date?
    public var region: String?
    /// Gets role `admin` on the product in their membership on the customer.
    public var productAdminUserID: UserID?

    public init(product: String, kind: LicenseKind, expiresAt: Date? = nil, region: String? = nil, productAdminUserID: UserID? = nil) {
        self.product = product
        self.kind = kind
        self.expiresAt = expiresAt
        self.region = region
        self.productAdminUserID = productAdminUserID
    }
}

/// The deployment's licence limits.
public struct LicenseLimits: Sendable {
    /// Data-storage regions a licence may name; the first is the default.
    public var regions: [String]
    /// The longest POC a partner may create.
    public var pocMaxDays: Int

    public init(regions: [String], pocMaxDays: Int) {
        self.regions = regions
        self.pocMaxDays = pocMaxDays
    }
}

/// Listing and creating licences (SPEC §2, §4): operators any kind, a partner admin of an active managed
/// relationship POC only.
public enum LicenseManagement {
    /// A customer `actor` reaches; anything else reads as absent.
    public static func reachableCustomer(_ id: OrgID, by actor: Actor, in records: some CustomerReading) async throws -> Org {
        let org = try await records.org(id)
        var related = false
        if let org, CustomerPolicy.reachDependsOnRelationship(org, actor: actor) {
            related = try await records.hasActiveRelationship(partner: actor.orgID, customer: id)
        }
        try CustomerPolicy.reach(org, actor: actor, partnerHasActiveRelationship: related).require()
        return org!
    }

    /// The customer's licences, oldest first.
    public static func list(of customer: OrgID, by actor: Actor, in records: some CustomerReading) async throws -> [License] {
        _ = try await reachableCustomer(customer, by: actor, in: records)
        try CustomerPolicy.mayListLicenses(actor).require()
        return try await records.licenses(of: customer)
    }

    /// Creates a licence starting now. With a product administrator, that user gets role `admin` on the
    /// product as any assignment would (rules, audit event, email); if they may not, nothing is written.
    public static func create(
        _ order: LicenseOrder, on customerID: OrgID, by actor: Actor, limits: LicenseLimits, mail: AccessMailComposer, in records: some LicenseRecords
    ) async throws -> License {
        let customer = try await reachableCustomer(customerID, by: actor, in: records)
        let author = try CustomerPolicy.licenseAuthor(actor, kind: order.kind).get()
        if author == .partner {
            let now = records.now
            let relationship = try await records.relationships(partner: actor.orgID, customer: customerID).first { $0.status(at: now) == .active }
            try CustomerPolicy.mayLicenseAsPartner(under: relationship, at: now).get()
        }
        var validator = Validator()
        let region = order.region ?? customer.region ?? limits.regions.first ?? "us"
        if !limits.regions.contains(region) { validator.add("region", "must be one of \(limits.regions.joined(separator: ", "))") }
        var expiresAt: Date?
        switch LicenseRules.expiry(kind: order.kind, requested: order.expiresAt, startsAt: records.now, byPartner: author == .partner, pocMaxDays: limits.pocMaxDays) {
        case .success(let date): expiresAt = date
        case .failure(let error): validator.add(error.field, error.message)
        }
        try validator.check()
        guard try await records.products().contains(where: { $0.key == order.product }) else {
            throw ValidationFailure([FieldError("product", "is not a product of the catalog")])
        }
        let license = License(
            id: records.newLicenseID(), customerID: customerID, product: order.product, kind: order.kind,
            region: region, startsAt: records.now, expiresAt: expiresAt, createdAt: records.now
        )
        try await records.insert(license)
        if let admin = order.productAdminUserID {
            try await MembershipManagement.grantProductAdmin(admin, product: license.product, customer: customerID, by: actor, mail: mail, in: records)
        }
        return license
    }
}
