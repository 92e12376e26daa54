import SQLKit
import StewardCore

extension Org {
    static let columns = "id, kind, name, program, parent_id, region, address, data_privilege, version, created_at, updated_at"

    init(row: any SQLRow) throws {
        self.init(
            id: OrgID(try row.string("id")),
            kind: try row.value("kind", as: OrgKind.self),
            name: try row.string("name"),
            program: try row.optionalValue("program", as: PartnerProgram.self),
            parentID: try row.optionalString("parent_id").map(OrgID.init),
            region: try row.optionalString("region"),
            address: try row.optionalString("address").map { try Columns.decodeJSON(StoredAddress.self, $0).address },
            dataPrivilege: try row.optionalValue("data_privilege", as: DataPrivilege.self),
            version: try row.int("version"),
            createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at")
        )
    }
}

extension User {
    static let columns = "id, org_id, email, name, role, time_zone, status, version, created_at, updated_at"

    init(row: any SQLRow) throws {
        guard let email = EmailAddress(try row.string("email")) else {
            throw StoreError.unreadable("email is malformed")
        }
        self.init(
            id: UserID(try row.string("id")),
            orgID: OrgID(try row.string("org_id")),
            email: email,
            name: try row.string("name"),
            role: try row.value("role", as: HomeRole.self),
            timeZone: try row.string("time_zone"),
            status: try row.value("status", as: UserStatus.self),
            version: try row.int("version"),
            createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at")
        )
    }
}

extension Membership {
    static let columns = """
        id, user_id, tenant_id, source, relationship_id, platform_admin, expires_at, products, last_access_at, \
        status, version, created_by, created_at, updated_at
        """

    init(row: any SQLRow) throws {
        self.init(
            id: MembershipID(try row.string("id")),
            userID: UserID(try row.string("user_id")),
            tenantID: OrgID(try row.string("tenant_id")),
            source: try row.value("source", as: MembershipSource.self),
            relationshipID: try row.optionalString("relationship_id"),
            platformAdmin: try row.bool("platform_admin"),
            expiresAt: try row.optionalDate("expires_at"),
            products: try Columns.decodeJSON([ProductGrant].self, try row.string("products")),
            lastAccessAt: try row.optionalDate("last_access_at"),
            status: try row.value("status", as: MembershipStatus.self),
            version: try row.int("version"),
            createdBy: try row.optionalString("created_by").map(UserID.init),
            createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at")
        )
    }
}
