import Foundation

/// Everything creating a POC customer reads and writes, inside one transaction.
public protocol POCCustomerRecords: OrgRecords, LicenseRecords {
    func newRelationshipID() -> RelationshipID
    /// Stores a relationship that starts active (no approval link: the partner created the customer) and
    /// records `relationship.created`.
    func insertActive(_ relationship: Relationship) async throws
}

/// What a partner admin types on *Create new customer* (`POST /v1/partners/{id}/customers`).
public struct POCCustomerOrder: Sendable {
    public var name: String?
    public var address: Address?
    public var region: String?
    /// A user of the partner, who becomes the customer's first administrator.
    public var firstUserID: UserID?
    /// Product keys, each licensed as a POC.
    public var products: [String]

    public init(name: String?, address: Address?, region: String?, firstUserID: UserID?, products: [String]) {
        self.name = name
        self.address = address
        self.region = region
        self.firstUserID = firstUserID
        self.products = products
    }
}

/// What one creation wrote.
public struct POCCustomer: Sendable {
    public var customer: Org
    public var relationship: Relationship
    public var licenses: [License]
    public var membership: Membership
}

/// A managed-service partner creates a customer for a proof of concept (SPEC §2, §4): the customer, an active
/// `manage` relationship, a POC licence per product and the first user's membership (platform admin, role
/// `admin` on each product), each with its audit event, all or nothing.
public enum POCCustomerCreation {
    /// The most products one new customer may be given.
    public static let maxProducts = 50

    /// Whether `actor` may create customers for `partnerID`: asked before the body is read.
    public static func requireCreator(for partnerID: OrgID, by actor: Actor, in records: some OrgReading) async throws -> Org {
        let partner = try await records.org(partnerID)
        try CustomerPolicy.mayCreatePOCCustomer(for: partner, actor: actor).get()
        return partner!
    }

    public static func create(
        _ order: POCCustomerOrder, for partnerID: OrgID, by actor: Actor, regions: [String], mail: AccessMailComposer, in records: some POCCustomerRecords
    ) async throws -> POCCustomer {
        let partner = try await requireCreator(for: partnerID, by: actor, in: records)
        var validator = Validator()
        let name = validator.name("name", order.name)
        let address = validator.address("address", order.address)
        if order.address == nil { validator.add("address", "is required") }
        if let region = order.region {
            if !regions.contains(region) { validator.add("region", "must be one of \(regions.joined(separator: ", "))") }
        } else {
            validator.add("region", "is required")
        }
        var firstUser: User?
        if let id = order.firstUserID {
            firstUser = try await records.user(id)
            if firstUser?.orgID != partner.id || firstUser?.status != .active {
                firstUser = nil
                validator.add("first_user_id", "must be an active user of your organisation")
            }
        } else {
            validator.add("first_user_id", "is required")
        }
        let catalog = Dictionary(try await records.products().map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        if order.products.isEmpty { validator.add("products", "choose at least one product to evaluate") }
        // Past the limit the list is not read item by item: a huge body gets one error, not one per item.
        if order.products.count > maxProducts { validator.add("products", "at most \(maxProducts) products") }
        for (index, key) in order.products.prefix(maxProducts).enumerated() {
            if let product = catalog[key] {
                if !product.roles.contains(where: { $0.key == "admin" }) { validator.add("products[\(index)]", "has no admin role to give the first user") }
            } else {
                validator.add("products[\(index)]", "is not a product of the catalog")
            }
            if catalog[key] != nil, order.products[..<index].contains(key) {
                validator.add("products[\(index)]", "appears twice")
            }
        }
        try validator.check()

        let now = records.now
        let customer = Org(id: records.newOrgID(), kind: .customer, name: name!, region: order.region, address: address, createdAt: now, updatedAt: now)
        try await records.insert(customer)
        let relationship = Relationship(
            id: records.newRelationshipID(), partnerID: partner.id, customerID: customer.id, status: .active, privilege: .manage,
            requestedAt: now, approvalExpiresAt: now, decidedAt: now, createdBy: actor.userID, updatedAt: now,
            vendorPrivilege: partner.dataPrivilege ?? .noAccess
        )
        try await records.insertActive(relationship)
        var licenses: [License] = []
        for product in order.products {
            let license = License(
                id: records.newLicenseID(), customerID: customer.id, product: product, kind: .poc, region: customer.region ?? order.region!,
                startsAt: now, expiresAt: now.addingTimeInterval(License.defaultPOCDuration), createdAt: now
            )
            try await records.insert(license)
            licenses.append(license)
        }
        let membership = Membership(
            id: records.newMembershipID(), userID: firstUser!.id, tenantID: customer.id, source: .partner, relationshipID: relationship.id.rawValue,
            platformAdmin: true, expiresAt: nil, products: order.products.map { ProductGrant(product: $0, role: "admin") },
            createdBy: actor.userID, createdAt: now, updatedAt: now
        )
        try await records.insert(membership, related: partner.id)
        try await MembershipManagement.notify("granted", membership, subject: firstUser!, tenant: customer, mail: mail, in: records)
        return POCCustomer(customer: customer, relationship: relationship, licenses: licenses, membership: membership)
    }
}
