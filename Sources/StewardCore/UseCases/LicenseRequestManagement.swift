import Foundation

/// What listing licence requests reads.
public protocol LicenseRequestReading: Sendable {
    /// Requests, newest first; `partner` nil for all; `before` a request id to page from.
    func licenseRequests(partner: OrgID?, status: LicenseRequestStatus?, before: LicenseRequestID?, limit: Int) async throws -> [LicenseRequest]
}

/// What reaching a licence reads: committed state, or a transaction's.
public protocol LicenseReaching: Sendable {
    var now: Date { get }
    func license(_ id: LicenseID) async throws -> License?
    /// Every relationship of the pair, whatever its status.
    func relationships(partner: OrgID, customer: OrgID) async throws -> [Relationship]
    func licenseRequest(_ id: LicenseRequestID) async throws -> LicenseRequest?
}

/// Everything requesting and resolving reads and writes, inside one transaction.
public protocol LicenseRequestRecords: LicenseReaching, MailRecords {
    func org(_ id: OrgID) async throws -> Org?
    func user(_ id: UserID) async throws -> User?
    func products() async throws -> [Product]
    func openLicenseRequests(license: LicenseID) async throws -> [LicenseRequest]
    func newLicenseRequestID() -> LicenseRequestID
    /// Stores the request and records `license.requested`.
    func insert(_ request: LicenseRequest) async throws
    /// Stores `after` over `before` (refused if another writer changed it) and records `license.resolved`.
    func replace(_ before: LicenseRequest, with after: LicenseRequest) async throws
    /// Stores a licence's new kind and end, records `license.updated`, and lets a new end be warned of again.
    func replace(_ before: License, with after: License) async throws
}

/// Extension and purchase requests (SPEC §4, §6): a partner's admins ask about a POC licence of a customer
/// they manage; operators answer once; the vendor's licensing contact and the partner's admins are told.
public enum LicenseRequestManagement {
    /// The licence `actor` may ask about: asked before the body is read, and again in the transaction.
    public static func requireRequester(_ licenseID: LicenseID, by actor: Actor, in records: some LicenseReaching) async throws -> License {
        guard let license = try await records.license(licenseID) else { throw Refused.notFound }
        let now = records.now
        let relationship = actor.orgKind == .partner
            ? try await records.relationships(partner: actor.orgID, customer: license.customerID).first { $0.status(at: now) == .active }
            : nil
        try LicenseRequestPolicy.mayRequest(actor, under: relationship, at: now).get()
        return license
    }

    /// The request `actor` may answer: asked before the body is read, and again in the transaction.
    public static func requireResolver(_ id: LicenseRequestID, by actor: Actor, in records: some LicenseReaching) async throws -> LicenseRequest {
        guard let request = try await records.licenseRequest(id) else { throw Refused.notFound }
        try LicenseRequestPolicy.mayResolve(request, by: actor).get()
        return request
    }

    /// A request as asked for; the licence's customer is reached through the actor's partner.
    public static func request(
        _ type: LicenseRequestType, note: String?, on licenseID: LicenseID, by actor: Actor, licensingContact: EmailAddress, in records: some LicenseRequestRecords
    ) async throws -> LicenseRequest {
        let license = try await requireRequester(licenseID, by: actor, in: records)
        let now = records.now
        var validator = Validator()
        let cleanNote = note.flatMap { validator.name("note", $0, required: false, maxLength: LicenseRequestRules.maxNoteLength) }
        try validator.check()
        try LicenseRequestRules.mayRequest(license, open: try await records.openLicenseRequests(license: license.id)).get()
        let request = LicenseRequest(
            id: records.newLicenseRequestID(), licenseID: license.id, partnerID: actor.orgID, customerID: license.customerID, type: type,
            note: cleanNote, requestedBy: actor.userID, requestedAt: now
        )
        try await records.insert(request)
        if let requester = try await records.user(actor.userID) {
            try await records.enqueue(LicenseMail.requested(request, try await details(license, request, in: records), requester: requester, to: licensingContact))
        }
        return request
    }

    /// What the actor may list: operators every request, a partner's admins their own.
    public static func list(
        by actor: Actor, status: LicenseRequestStatus?, before: LicenseRequestID?, limit: Int, in records: some LicenseRequestReading
    ) async throws -> [LicenseRequest] {
        let scope = try LicenseRequestPolicy.listScope(actor).get()
        return try await records.licenseRequests(partner: scope, status: status, before: before, limit: limit)
    }

    /// An operator's answer, once: the licence changes with it, and the partner's admins hear of it.
    public static func resolve(
        _ id: LicenseRequestID, _ action: LicenseResolution, expiresAt: Date?, by actor: Actor, in records: some LicenseRequestRecords
    ) async throws -> (request: LicenseRequest, license: License) {
        let request = try await requireResolver(id, by: actor, in: records)
        guard request.status == .open else { throw Refused.conflict("this request was already answered: \(request.status.rawValue)") }
        guard let license = try await records.license(request.licenseID) else { throw Refused.notFound }
        let now = records.now
        let (changed, status) = try LicenseRequestRules.resolve(license, action, expiresAt: expiresAt, at: now).mapError { ValidationFailure([$0]) }.get()
        var resolved = request
        resolved.status = status
        resolved.resolvedBy = actor.userID
        resolved.resolvedAt = now
        resolved.version += 1
        try await records.replace(request, with: resolved)
        if changed != license { try await records.replace(license, with: changed) }
        try await records.enqueue(LicenseMail.resolved(
            resolved, try await details(changed, request, in: records), to: try await records.adminEmails(of: request.partnerID)
        ))
        return (resolved, changed)
    }

    static func details(_ license: License, _ request: LicenseRequest, in records: some LicenseRequestRecords) async throws -> LicenseMail.Details {
        let product = try await records.products().first { $0.key == license.product }
        return LicenseMail.Details(
            license: license, productName: product?.name ?? license.product,
            customer: try await records.org(license.customerID)?.name ?? license.customerID.rawValue,
            partner: try await records.org(request.partnerID)?.name ?? request.partnerID.rawValue
        )
    }
}

/// Who asks and who answers (SPEC §4).
public enum LicenseRequestPolicy {
    /// A partner's admins, about a customer their partner manages now with an effective `manage`; a licence
    /// outside the actor's reach reads as absent.
    public static func mayRequest(_ actor: Actor, under relationship: Relationship?, at now: Date) -> Result<Void, Refused> {
        guard actor.orgKind == .partner, let relationship, relationship.status(at: now) == .active else {
            return .failure(actor.isOperator ? .forbidden("a partner's admins request extensions and purchases; operators resolve them") : .notFound)
        }
        guard actor.role == .admin else { return .failure(.forbidden("only the partner's admins request extensions and purchases")) }
        return CustomerPolicy.mayLicenseAsPartner(under: relationship, at: now)
    }

    /// nil: every partner's (operators); an org: only that partner's (its admins).
    public static func listScope(_ actor: Actor) -> Result<OrgID?, Refused> {
        if actor.isOperator { return .success(nil) }
        guard actor.orgKind == .partner, actor.role == .admin else { return .failure(.forbidden("licence requests are for a partner's admins and the vendor's operators")) }
        return .success(actor.orgID)
    }

    /// Operators answer; the requesting partner's admins see it but may not; anyone else finds nothing.
    public static func mayResolve(_ request: LicenseRequest, by actor: Actor) -> Result<Void, Refused> {
        if actor.isOperator { return .success(()) }
        if actor.orgID == request.partnerID, actor.role == .admin { return .failure(.forbidden("the vendor's operators answer licence requests")) }
        return .failure(.notFound)
    }
}
