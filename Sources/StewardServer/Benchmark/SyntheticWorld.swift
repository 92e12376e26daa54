import Foundation
import StewardCore
import StewardStore

/// The size of a generated world.
public struct WorldShape: Sendable {
    public var partners: Int
    public var customersPerPartner: Int
    public var usersPerPartner: Int
    /// Customers each partner user is assigned to, drawn from their partner's customers.
    public var customersPerUser: Int
    public var seed: UInt64

    public init(partners: Int = 200, customersPerPartner: Int = 100, usersPerPartner: Int = 50, customersPerUser: Int = 20, seed: UInt64 = 1) {
        self.partners = partners
        self.customersPerPartner = customersPerPartner
        self.usersPerPartner = usersPerPartner
        self.customersPerUser = min(customersPerUser, customersPerPartner)
        self.seed = seed
    }
}

/// One partner's slice of a generated world: rows to import, and the (user, tenant) pairs it assigns.
struct PartnerSlice: Sendable {
    var rows = BulkRows()
    var assigned: [(user: UserID, tenant: OrgID)] = []
    var users: [UserID] = []
    var customers: [OrgID] = []
}

/// Generates a world like a vendor's after some years: partners with customers under active, support-only,
/// terminated relationships; licences paid, on trial and lapsed; analysts with a mix of roles, admin flags and
/// expiries, some already past. Deterministic for a seed, so two runs measure the same world.
struct SyntheticWorld {
    let shape: WorldShape
    let products: [Product]
    let vendor: OrgID
    let now: Date
    private var random: SeededGenerator

    init(shape: WorldShape, products: [Product], vendor: OrgID, now: Date) {
        self.shape = shape
        self.products = products
        self.vendor = vendor
        self.now = now
        random = SeededGenerator(state: shape.seed)
    }

    mutating func partner(_ number: Int) -> PartnerSlice {
        var slice = PartnerSlice()
        let partner = Org(
            id: OrgID(IDGenerator.make("org", at: now)), kind: .partner, name: "Partner \(number)",
            program: [.mssp, .mdr, .msp].randomElement(using: &random), parentID: vendor,
            // Most vendors trust their managed-service partners fully; one in ten is held to read-only.
            dataPrivilege: number % 10 == 9 ? .support : .manage, createdAt: now, updatedAt: now
        )
        slice.rows.orgs.append(partner)
        var relationships: [OrgID: Relationship] = [:]
        for customerNumber in 0..<shape.customersPerPartner {
            let customer = Org(
                id: OrgID(IDGenerator.make("org", at: now)), kind: .customer, name: "Customer \(number)-\(customerNumber)",
                parentID: partner.id, createdAt: now, updatedAt: now
            )
            slice.rows.orgs.append(customer)
            slice.customers.append(customer.id)
            let relationship = relationship(partner: partner.id, customer: customer.id)
            relationships[customer.id] = relationship
            slice.rows.relationships.append(relationship)
            slice.rows.licenses += licenses(of: customer.id)
        }
        for userNumber in 0..<shape.usersPerPartner {
            let user = User(
                id: UserID(IDGenerator.make("usr", at: now)), orgID: partner.id,
                email: EmailAddress("analyst\(userNumber)@partner\(number).example")!, name: "Analyst \(number)-\(userNumber)",
                role: userNumber == 0 ? .admin : .member, timeZone: "UTC", createdAt: now, updatedAt: now
            )
            slice.rows.users.append(user)
            slice.users.append(user.id)
            slice.rows.memberships.append(Membership(
                id: MembershipID(IDGenerator.make("mem", at: now)), userID: user.id, tenantID: partner.id, source: .home,
                platformAdmin: user.role == .admin, createdBy: nil, createdAt: now, updatedAt: now
            ))
            for customer in slice.customers.shuffled(using: &random).prefix(shape.customersPerUser) {
                slice.rows.memberships.append(membership(user: user.id, relationship: relationships[customer]!))
                slice.assigned.append((user.id, customer))
            }
        }
        return slice
    }

    /// 90 % active (a third of those support-only), 10 % terminated.
    private mutating func relationship(partner: OrgID, customer: OrgID) -> Relationship {
        let roll = Int.random(in: 0..<100, using: &random)
        let requested = now.addingTimeInterval(-86_400 * 30)
        return Relationship(
            id: RelationshipID(IDGenerator.make("rel", at: now)), partnerID: partner, customerID: customer,
            status: roll < 90 ? .active : .terminated, privilege: roll < 30 ? .support : .manage,
            requestedAt: requested, approvalExpiresAt: requested.addingTimeInterval(86_400 * 7),
            decidedAt: requested.addingTimeInterval(3_600), endedAt: roll < 90 ? nil : now.addingTimeInterval(-86_400),
            createdBy: nil, updatedAt: now
        )
    }

    /// One to three products; a tenth on trial, some of those lapsed.
    private mutating func licenses(of customer: OrgID) -> [License] {
        products.shuffled(using: &random).prefix(Int.random(in: 1...3, using: &random)).map { product in
            let trial = Int.random(in: 0..<10, using: &random) == 0
            return License(
                id: LicenseID(IDGenerator.make("lic", at: now)), customerID: customer, product: product.key, kind: trial ? .poc : .paid,
                region: "eu", startsAt: now.addingTimeInterval(-86_400 * 60),
                expiresAt: trial ? now.addingTimeInterval(Bool.random(using: &random) ? 86_400 * 30 : -86_400) : nil, createdAt: now
            )
        }
    }

    /// A tenth platform admins, a fifth time-limited (a tenth of those already past), one to three product roles.
    private mutating func membership(user: UserID, relationship: Relationship) -> Membership {
        let limited = Int.random(in: 0..<5, using: &random) == 0
        let expiresAt = limited ? now.addingTimeInterval(Int.random(in: 0..<10, using: &random) == 0 ? -3_600 : 86_400 * 2) : nil
        let grants = products.shuffled(using: &random).prefix(Int.random(in: 1...3, using: &random)).map { product in
            ProductGrant(product: product.key, role: product.roles.randomElement(using: &random)!.key)
        }
        return Membership(
            id: MembershipID(IDGenerator.make("mem", at: now)), userID: user, tenantID: relationship.customerID, source: .partner,
            relationshipID: relationship.id.rawValue, platformAdmin: Int.random(in: 0..<10, using: &random) == 0, expiresAt: expiresAt,
            products: grants, status: relationship.status == .active ? .active : .ended, createdBy: nil, createdAt: now, updatedAt: now
        )
    }
}
