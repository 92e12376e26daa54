import Foundation

/// Everything the POC expiry warning reads and writes, inside one transaction.
public protocol LicenseWarningRecords: MailRecords {
    var now: Date { get }
    func license(_ id: LicenseID) async throws -> License?
    func org(_ id: OrgID) async throws -> Org?
    func products() async throws -> [Product]
    /// Partners with an active relationship with the customer now whose effective privilege is `manage`.
    func managingPartners(of customer: OrgID) async throws -> [OrgID]
    /// Marks the licence's current end as warned of and records `license.expiry_warned`; false when it
    /// already was (another instance got there first), so the mail goes once.
    func markExpiryWarned(_ license: License) async throws -> Bool
}

/// SPEC §6: a POC licence ending within seven days is mailed to its managing partners' admins, once per end
/// date (an extension makes a new end, warned of again).
public enum LicenseExpiryWarning {
    public static let notice: TimeInterval = 7 * 86400

    /// Whether `license` is due a warning at `now`.
    public static func isDue(_ license: License, at now: Date) -> Bool {
        guard license.kind == .poc, let end = license.expiresAt else { return false }
        return now < end && end <= now.addingTimeInterval(notice)
    }

    /// Warns of one licence if it is due and not yet warned of; true when the mail was queued.
    public static func warn(_ id: LicenseID, in records: some LicenseWarningRecords) async throws -> Bool {
        guard let license = try await records.license(id), isDue(license, at: records.now) else { return false }
        // Nobody to tell yet (no managing partner): leave it unmarked, so a partner linked later hears of it.
        let partners = try await records.managingPartners(of: license.customerID)
        guard !partners.isEmpty, try await records.markExpiryWarned(license) else { return false }
        let product = try await records.products().first { $0.key == license.product }
        let customer = try await records.org(license.customerID)?.name ?? license.customerID.rawValue
        for partnerID in partners {
            let details = LicenseMail.Details(
                license: license, productName: product?.name ?? license.product, customer: customer,
                partner: try await records.org(partnerID)?.name ?? partnerID.rawValue
            )
            try await records.enqueue(LicenseMail.expiring(details, to: try await records.adminEmails(of: partnerID)))
        }
        return true
    }
}
