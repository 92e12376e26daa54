import Foundation
import StewardCore

// The console's forms as their handlers read them. Field names are the forms' own (snake_case, as the
// templates post them); every field is optional, so a missing one is the handler's validation message.

struct LoginForm: Decodable {
    var csrf: String?
    var next: String?
    var email: String?
    var password: String?
    var totp: String?
}

struct LandingForm: Decodable {
    var landing: String?
}

struct RenameForm: Decodable {
    var name: String?
}

struct LicenseForm: Decodable {
    var product: String?
    var productAdminUserID: String?

    enum CodingKeys: String, CodingKey { case product, productAdminUserID = "product_admin_user_id" }
}

struct CodeForm: Decodable {
    var code: String?
}

struct NewOrgForm: Decodable {
    init() {}

    var name: String?
    var kind: String?
    var program: String?
    var parentID: String?
    var region: String?
    var dataPrivilege: String?

    enum CodingKeys: String, CodingKey { case name, kind, program, parentID = "parent_id", region, dataPrivilege = "data_privilege" }
}

/// An operator's change of a partner's data privilege.
struct DataPrivilegeForm: Decodable {
    var dataPrivilege: String?
    enum CodingKeys: String, CodingKey { case dataPrivilege = "data_privilege" }
}

struct NewUserForm: Decodable {
    init() {}

    var name: String?
    var email: String?
    var role: String?
    var timeZone: String?
    var password: String?

    enum CodingKeys: String, CodingKey { case name, email, role, timeZone = "time_zone", password }
}

struct TenantForm: Decodable {
    var tenantID: String?

    enum CodingKeys: String, CodingKey { case tenantID = "tenant_id" }
}

struct LinkForm: Decodable {
    var partnerID: String?
    var customerID: String?

    enum CodingKeys: String, CodingKey { case partnerID = "partner_id", customerID = "customer_id" }
}

/// Answers to a relationship: approve with a privilege, change it, or a confirmation with nothing to choose.
struct PrivilegeForm: Decodable {
    var privilege: String?
    var decision: String?
}

struct ReturnForm: Decodable {
    var `return`: String?
}

struct NotificationsForm: Decodable {
    var onAccessGranted: Bool?
    var onAccessRemoved: Bool?
    var recipients: String?

    enum CodingKeys: String, CodingKey { case onAccessGranted = "on_access_granted", onAccessRemoved = "on_access_removed", recipients }
}

struct TeamForm: Decodable {
    var email: String?
    var access: AccessChoices

    enum CodingKeys: String, CodingKey { case email }

    init(from decoder: any Decoder) throws {
        email = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .email)
        access = try AccessChoices(from: decoder)
    }
}

struct QuickAddForm: Decodable {
    var userID: String?
    var access: AccessChoices

    enum CodingKeys: String, CodingKey { case userID = "user_id" }

    init(from decoder: any Decoder) throws {
        userID = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .userID)
        access = try AccessChoices(from: decoder)
    }

    /// The one assignment the form asks for on `tenant`; `missingUser` is what a form without a user says.
    func item(on tenant: OrgID, now: Date, missingUser: String) throws -> AssignmentItem {
        guard let user = userID.nonBlank else { throw ValidationFailure([FieldError("user_id", missingUser)]) }
        let draft = MembershipDraft(
            platformAdmin: access.isPlatformAdmin, expiresAt: try access.expiry(now: now), products: PartnerConsole.grants(access.chosenRoles)
        )
        return AssignmentItem(userID: UserID(user), tenantID: tenant, draft: draft)
    }
}

struct AccessEditForm: Decodable {
    var version: String?
    var `return`: String?
    var action: String?
    /// The expiry a preview showed (an instant, or `permanent`), saved as it was shown with duration `previewed`.
    var previewedExpiry: String?
    var access: AccessChoices

    enum CodingKeys: String, CodingKey { case version, `return`, action, previewedExpiry = "previewed_expires_at" }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decodeIfPresent(String.self, forKey: .version)
        `return` = try container.decodeIfPresent(String.self, forKey: .return)
        action = try container.decodeIfPresent(String.self, forKey: .action)
        previewedExpiry = try container.decodeIfPresent(String.self, forKey: .previewedExpiry)
        access = try AccessChoices(from: decoder)
    }

    /// The expiry this edit asks for: the current one kept, the one a preview showed, or one from the duration.
    func expiry(current: Date?, now: Date) throws -> Date? {
        switch access.duration {
        case nil, "keep": return current
        case "previewed":
            if previewedExpiry == "permanent" { return nil }
            guard let instant = previewedExpiry.flatMap(Timestamp.parse) else {
                throw ValidationFailure([FieldError("duration", "the previewed time was lost; choose the duration again")])
            }
            return instant
        default: return try access.expiry(now: now)
        }
    }
}

/// One user to many customers, with the roles per customer (SPEC §4): `customer_roles[<customer>][<product>]`.
struct AssignCustomersForm: Decodable {
    var customerIDs: [String]?
    var customerRoles: [String: [String: String]]?
    var access: AccessChoices

    enum CodingKeys: String, CodingKey { case customerIDs = "customer_id", customerRoles = "customer_roles" }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        customerIDs = try container.decodeIfPresent([String].self, forKey: .customerIDs)
        customerRoles = try container.decodeIfPresent([String: [String: String]].self, forKey: .customerRoles)
        access = try AccessChoices(from: decoder)
    }

    /// The roles chosen at `customer`, products left at "No access" left out.
    func roles(at customer: String) -> [String: String] { (customerRoles?[customer] ?? [:]).filter { !$0.value.isEmpty } }
}

struct WizardForm: Decodable {
    var step: String?
    var go: String?
    var userIDs: [String]?
    var access: AccessChoices

    enum CodingKeys: String, CodingKey { case step, go, userIDs = "user_id" }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        step = try container.decodeIfPresent(String.self, forKey: .step)
        go = try container.decodeIfPresent(String.self, forKey: .go)
        userIDs = try container.decodeIfPresent([String].self, forKey: .userIDs)
        access = try AccessChoices(from: decoder)
    }
}

extension Array where Element == String {
    /// Non-blank values in order, each once: what a list of checkboxes chose.
    var chosen: [String] {
        var seen = Set<String>()
        return compactMap { value in
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            return !trimmed.isEmpty && seen.insert(trimmed).inserted ? trimmed : nil
        }
    }
}

/// Create new customer (POC): the account, its address, region, first user and products to evaluate.
struct NewCustomerForm: Decodable {
    var name: String?
    var line1: String?
    var line2: String?
    var city: String?
    var state: String?
    var postalCode: String?
    var country: String?
    var region: String?
    var firstUserID: String?
    var products: [String]?

    init() {}

    enum CodingKeys: String, CodingKey {
        case name, line1, line2, city, state, postalCode = "postal_code", country, region, firstUserID = "first_user_id", products = "product"
    }

    /// The address as typed; blank optional lines left out, a blank required one left for validation to name.
    var address: Address {
        Address(line1: line1 ?? "", line2: line2.nonBlank, city: city ?? "", region: state.nonBlank, postalCode: postalCode ?? "", country: country ?? "")
    }
}

/// A partner admin's request about a POC licence, from its menu on the customer page.
struct LicenseRequestForm: Decodable {
    var type: String?
    var note: String?
}

/// An operator's answer in the licence-request inbox; `expires_on` is a date (the new end, 00:00 UTC).
struct LicenseResolveForm: Decodable {
    var action: String?
    var expiresOn: String?
    enum CodingKeys: String, CodingKey { case action, expiresOn = "expires_on" }
}

/// A contact as a form sends it: `prefix_name`, `prefix_email`, `prefix_phone`; all blank clears it.
struct ContactFields {
    var name: String?
    var email: String?
    var phone: String?

    var input: ContactInput?? {
        if name.nonBlank == nil, email.nonBlank == nil, phone.nonBlank == nil { return .some(nil) }
        return .some(ContactInput(name: name ?? "", email: email ?? "", phone: phone.nonBlank))
    }
}

/// The partner's own details: its contact, billing contact and address (a blank address clears it).
struct PartnerDetailsForm: Decodable {
    var contactName: String?, contactEmail: String?, contactPhone: String?
    var billingName: String?, billingEmail: String?, billingPhone: String?
    var line1: String?, line2: String?, city: String?, state: String?, postalCode: String?, country: String?

    enum CodingKeys: String, CodingKey {
        case contactName = "contact_name", contactEmail = "contact_email", contactPhone = "contact_phone"
        case billingName = "billing_name", billingEmail = "billing_email", billingPhone = "billing_phone"
        case line1, line2, city, state, postalCode = "postal_code", country
    }

    var changes: ProfileChanges {
        let blankAddress = [line1, line2, city, state, postalCode, country].allSatisfy { $0.nonBlank == nil }
        let address = Address(line1: line1 ?? "", line2: line2.nonBlank, city: city ?? "", region: state.nonBlank, postalCode: postalCode ?? "", country: country ?? "")
        return ProfileChanges(
            contact: ContactFields(name: contactName, email: contactEmail, phone: contactPhone).input,
            billingContact: ContactFields(name: billingName, email: billingEmail, phone: billingPhone).input,
            address: .some(blankAddress ? nil : address)
        )
    }
}

/// An operator's status for the partner, or one price added or removed.
struct VendorTermsForm: Decodable {
    var status: String?
    var product: String?
    var amount: String?
    var currency: String?
    var remove: String?
}

/// One address or range added to or removed from a list (`outbound` or `inbound`), or the smarthost.
struct PartnerConfigForm: Decodable {
    var list: String?
    var address: String?
    var smarthost: String?
}

/// The password an invited user chooses, typed twice.
struct SetPasswordForm: Decodable {
    var csrf: String?
    var password: String?
    var confirm: String?
}

/// An operator's new product, or a new role on one (`permission[]` for its permissions).
struct CatalogForm: Decodable {
    var key: String?
    var name: String?
    var permissions: [String]?
    enum CodingKeys: String, CodingKey { case key, name, permissions = "permission" }
}

/// An admin's edit of a user's name, home role and time zone.
struct UserEditForm: Decodable {
    var name: String?
    var role: String?
    var timeZone: String?
    var version: String?
    enum CodingKeys: String, CodingKey { case name, role, timeZone = "time_zone", version }
}

/// The delegation view: the customers shown (so an unchecked one reads as "stop") and those checked.
struct DelegationForm: Decodable {
    var shown: [String]?
    var delegate: [String]?
}

/// An operator's licence of any kind on a customer's page; `expires_on` is a date (00:00 UTC).
struct OperatorLicenseForm: Decodable {
    var product: String?
    var kind: String?
    var expiresOn: String?
    enum CodingKeys: String, CodingKey { case product, kind, expiresOn = "expires_on" }
}
