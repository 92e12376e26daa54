import Foundation

/// What the membership rules read: committed state (the store, for a preview) or a transaction's.
public protocol MembershipReading: Sendable {
    /// The time statuses are read at: the transaction's start.
    var now: Date { get }
    func membership(_ id: MembershipID) async throws -> Membership?
    func user(_ id: UserID) async throws -> User?
    func org(_ id: OrgID) async throws -> Org?
    /// What the management rules see; `Refused.notFound` when the tenant, or the subject as an active user, is unknown.
    func facts(for actor: Actor, tenant: OrgID, subject: UserID) async throws -> ManagementFacts
}

/// Changing one membership that exists, with its audit event: all that ending or expiring access needs.
public protocol MembershipWriting: Sendable {
    var now: Date { get }
    /// Stores `after` over `before` and records the audit event `action` about it.
    func replace(_ before: Membership, with after: Membership, action: String, related: OrgID?) async throws
}

/// What the access emails of SPEC §6 read and where they go: the outbox of the same transaction.
public protocol MailRecords: Sendable {
    func notificationSettings(of customer: OrgID) async throws -> NotificationSettings
    func adminEmails(of org: OrgID) async throws -> [EmailAddress]
    /// Queues the message; nil or one without recipients sends nothing.
    func enqueue(_ message: MailMessage?) async throws
}

/// Everything managing memberships reads and writes, inside one transaction.
public protocol MembershipRecords: MembershipReading, MembershipWriting, MailRecords {
    /// The membership of `user` on `tenant` that has not ended, if any.
    func liveMembership(user: UserID, tenant: OrgID) async throws -> Membership?
    func newMembershipID() -> MembershipID
    /// Stores a new membership and records `membership.created`.
    func insert(_ membership: Membership, related: OrgID?) async throws
    /// Deletes a membership and records `membership.deleted`; it remains in the audit trail only.
    func delete(_ membership: Membership, related: OrgID?) async throws
}

/// Makes the access emails of SPEC §6 for a customer, given its recipients; nil sends nothing.
public typealias AccessMailComposer = @Sendable (_ event: String, _ membership: Membership, _ subject: User, _ tenant: Org, _ to: [EmailAddress]) -> MailMessage?

/// One item of a bulk assignment.
public struct AssignmentItem: Sendable {
    public var userID: UserID
    public var tenantID: OrgID
    public var draft: MembershipDraft

    public init(userID: UserID, tenantID: OrgID, draft: MembershipDraft) {
        self.userID = userID
        self.tenantID = tenantID
        self.draft = draft
    }
}

/// A bulk request refused as a whole: each failing item by its 0-based index.
public struct BulkRefusal: Refusal, Equatable {
    public var items: [Int: String]
    /// Each item's refusal as a person reads it on a form (no field names or indexes); the API sends `items`.
    public var words: [Int: String]

    public init(items: [Int: String], words: [Int: String]? = nil) {
        self.items = items
        self.words = words ?? items
    }

    public init(_ refusals: [Int: ManagementRefusal]) {
        self.init(items: refusals.mapValues(\.itemDetail), words: refusals.mapValues(\.inWords))
    }

    public var refused: Refused {
        Refused(.invalid, "some items failed; nothing was written", items: items.sorted { $0.key < $1.key }.map { ItemError(index: $0.key, detail: $0.value) })
    }
}
