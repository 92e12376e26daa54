import Foundation
import StewardCore

// The `before` and `after` of audit events, in the shape docs/audit-chain.md "Payloads" documents.
// They belong to the audit trail, not to the API: renaming an API field changes nothing here, so every
// event of a kind reads alike however old it is. Every field is written, `null` when empty.

struct AuditedMembership: Encodable, Sendable {
    let value: Membership

    private enum Keys: String, CodingKey {
        case id, user_id, tenant_id, source, relationship_id, platform_admin, expires_at, products, last_access_at, status, version
        case created_by, created_at, updated_at
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(value.id, forKey: .id)
        try container.encode(value.userID, forKey: .user_id)
        try container.encode(value.tenantID, forKey: .tenant_id)
        try container.encode(value.source, forKey: .source)
        try container.encode(value.relationshipID, forKey: .relationship_id)
        try container.encode(value.platformAdmin, forKey: .platform_admin)
        try container.encode(value.expiresAt, forKey: .expires_at)
        try container.encode(value.products, forKey: .products)
        try container.encode(value.lastAccessAt, forKey: .last_access_at)
        try container.encode(value.status, forKey: .status)
        try container.encode(value.version, forKey: .version)
        try container.encode(value.createdBy, forKey: .created_by)
        try container.encode(value.createdAt, forKey: .created_at)
        try container.encode(value.updatedAt, forKey: .updated_at)
    }
}

struct AuditedUser: Encodable, Sendable {
    let value: User

    private enum Keys: String, CodingKey { case id, org_id, email, name, role, time_zone, status, version, created_at, updated_at }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(value.id, forKey: .id)
        try container.encode(value.orgID, forKey: .org_id)
        try container.encode(value.email, forKey: .email)
        try container.encode(value.name, forKey: .name)
        try container.encode(value.role, forKey: .role)
        try container.encode(value.timeZone, forKey: .time_zone)
        try container.encode(value.status, forKey: .status)
        try container.encode(value.version, forKey: .version)
        try container.encode(value.createdAt, forKey: .created_at)
        try container.encode(value.updatedAt, forKey: .updated_at)
    }
}

struct AuditedOrg: Encodable, Sendable {
    let value: Org

    private enum Keys: String, CodingKey { case id, kind, name, program, parent_id, region, address, data_privilege, version, created_at, updated_at }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(value.id, forKey: .id)
        try container.encode(value.kind, forKey: .kind)
        try container.encode(value.name, forKey: .name)
        try container.encode(value.program, forKey: .program)
        try container.encode(value.parentID, forKey: .parent_id)
        try container.encode(value.region, forKey: .region)
        try container.encode(value.address.map(StoredAddress.init), forKey: .address)
        try container.encode(value.dataPrivilege, forKey: .data_privilege)
        try container.encode(value.version, forKey: .version)
        try container.encode(value.createdAt, forKey: .created_at)
        try container.encode(value.updatedAt, forKey: .updated_at)
    }
}

struct AuditedLicense: Encodable, Sendable {
    let value: License

    private enum Keys: String, CodingKey { case id, customer_id, product, kind, region, starts_at, expires_at, created_at }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(value.id, forKey: .id)
        try container.encode(value.customerID, forKey: .customer_id)
        try container.encode(value.product, forKey: .product)
        try container.encode(value.kind, forKey: .kind)
        try container.encode(value.region, forKey: .region)
        try container.encode(value.startsAt, forKey: .starts_at)
        try container.encode(value.expiresAt, forKey: .expires_at)
        try container.encode(value.createdAt, forKey: .created_at)
    }
}

struct AuditedLicenseRequest: Encodable, Sendable {
    let value: LicenseRequest

    private enum Keys: String, CodingKey {
        case id, license_id, partner_id, customer_id, type, note, status, requested_by, requested_at, resolved_by, resolved_at, version
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(value.id, forKey: .id)
        try container.encode(value.licenseID, forKey: .license_id)
        try container.encode(value.partnerID, forKey: .partner_id)
        try container.encode(value.customerID, forKey: .customer_id)
        try container.encode(value.type, forKey: .type)
        try container.encode(value.note, forKey: .note)
        try container.encode(value.status, forKey: .status)
        try container.encode(value.requestedBy, forKey: .requested_by)
        try container.encode(value.requestedAt, forKey: .requested_at)
        try container.encode(value.resolvedBy, forKey: .resolved_by)
        try container.encode(value.resolvedAt, forKey: .resolved_at)
        try container.encode(value.version, forKey: .version)
    }
}

struct AuditedRelationship: Encodable, Sendable {
    let value: Relationship

    private enum Keys: String, CodingKey {
        case id, partner_id, customer_id, status, privilege, requested_at, approval_expires_at, decided_at, ended_at, version, created_by, updated_at
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(value.id, forKey: .id)
        try container.encode(value.partnerID, forKey: .partner_id)
        try container.encode(value.customerID, forKey: .customer_id)
        try container.encode(value.status, forKey: .status)
        try container.encode(value.privilege, forKey: .privilege)
        try container.encode(value.requestedAt, forKey: .requested_at)
        try container.encode(value.approvalExpiresAt, forKey: .approval_expires_at)
        try container.encode(value.decidedAt, forKey: .decided_at)
        try container.encode(value.endedAt, forKey: .ended_at)
        try container.encode(value.version, forKey: .version)
        try container.encode(value.createdBy, forKey: .created_by)
        try container.encode(value.updatedAt, forKey: .updated_at)
    }
}

struct AuditedNotificationSettings: Encodable, Sendable {
    let value: NotificationSettings

    private enum Keys: String, CodingKey { case on_access_granted, on_access_removed, recipients }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(value.onAccessGranted, forKey: .on_access_granted)
        try container.encode(value.onAccessRemoved, forKey: .on_access_removed)
        try container.encode(value.recipients, forKey: .recipients)
    }
}

struct AuditedAPIToken: Encodable, Sendable {
    let value: APIToken

    private enum Keys: String, CodingKey { case id, user_id, name, scopes, created_at, expires_at, revoked_at }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(value.id, forKey: .id)
        try container.encode(value.userID, forKey: .user_id)
        try container.encode(value.name, forKey: .name)
        try container.encode(value.scopes, forKey: .scopes)
        try container.encode(value.createdAt, forKey: .created_at)
        try container.encode(value.expiresAt, forKey: .expires_at)
        try container.encode(value.revokedAt, forKey: .revoked_at)
    }
}

struct AuditedProduct: Encodable, Sendable {
    let value: Product

    private enum Keys: String, CodingKey { case key, name, roles }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(value.key, forKey: .key)
        try container.encode(value.name, forKey: .name)
        try container.encode(value.roles.map(StoredRole.init), forKey: .roles)
    }
}

extension Membership { var audited: AuditedMembership { AuditedMembership(value: self) } }
extension User { var audited: AuditedUser { AuditedUser(value: self) } }
extension Org { var audited: AuditedOrg { AuditedOrg(value: self) } }
extension License { var audited: AuditedLicense { AuditedLicense(value: self) } }
extension LicenseRequest { var audited: AuditedLicenseRequest { AuditedLicenseRequest(value: self) } }
extension Relationship { var audited: AuditedRelationship { AuditedRelationship(value: self) } }
extension NotificationSettings { var audited: AuditedNotificationSettings { AuditedNotificationSettings(value: self) } }
extension APIToken { var audited: AuditedAPIToken { AuditedAPIToken(value: self) } }
extension Product { var audited: AuditedProduct { AuditedProduct(value: self) } }
