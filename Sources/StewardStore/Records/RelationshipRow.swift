import SQLKit
import StewardCore

extension Relationship {
    static let columns = """
        id, partner_id, customer_id, status, privilege, requested_at, approval_expires_at, decided_at, ended_at, \
        version, created_by, updated_at
        """

    /// `columns` and the partner's data privilege, for reading: a relationship is never read without it.
    static let selected = columns + ", (SELECT data_privilege FROM orgs WHERE orgs.id = relationships.partner_id) AS vendor_privilege"

    init(row: any SQLRow) throws {
        self.init(
            id: RelationshipID(try row.string("id")),
            partnerID: OrgID(try row.string("partner_id")),
            customerID: OrgID(try row.string("customer_id")),
            status: try row.value("status", as: RelationshipStatus.self),
            privilege: try row.optionalValue("privilege", as: Privilege.self),
            requestedAt: try row.date("requested_at"),
            approvalExpiresAt: try row.date("approval_expires_at"),
            decidedAt: try row.optionalDate("decided_at"),
            endedAt: try row.optionalDate("ended_at"),
            version: try row.int("version"),
            createdBy: try row.optionalString("created_by").map(UserID.init),
            updatedAt: try row.date("updated_at"),
            // A partner row without one (not a partner, or gone) grants nothing.
            vendorPrivilege: try row.optionalValue("vendor_privilege", as: DataPrivilege.self) ?? .noAccess
        )
    }
}
