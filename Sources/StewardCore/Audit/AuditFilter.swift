import Foundation

/// What a reader of the audit trail asks for: the org whose events (`AuditPolicy` narrows it to the caller's
/// reach), one action, one actor, one tenant and a time window `[since, until)`.
public struct AuditFilter: Sendable, Equatable {
    public var org: OrgID?
    public var action: String?
    public var actor: UserID?
    public var tenant: OrgID?
    public var since: Date?
    public var until: Date?

    public init(org: OrgID? = nil, action: String? = nil, actor: UserID? = nil, tenant: OrgID? = nil, since: Date? = nil, until: Date? = nil) {
        self.org = org
        self.action = action
        self.actor = actor
        self.tenant = tenant
        self.since = since
        self.until = until
    }

    /// The problems of a filter as given: an action the trail never records, an empty window.
    public var problems: [FieldError] {
        var validator = Validator()
        if let action, !AuditActions.known.contains(action) { validator.add("action", "is not an action the audit trail records") }
        if let since, let until, since >= until { validator.add("until", "must be after since") }
        return validator.errors
    }
}
