import Foundation
import Hummingbird
import StewardCore

struct AuditPage: PageModel {
    static let page = ConsolePage.audit
    var layout: Layout
    var filters: AuditFilterFields
    var actions: [Choice]
    var events: [AuditRow] = []
    var hasEvents = false
    var olderLink: String?
    var newestLink: String?
    var csvLink: String?
    var jsonlLink: String?
}

/// The filter form as the reader filled it in, echoed back, and the links that keep it.
struct AuditFilterFields: TemplateValues {
    var action = ""
    var actorUserID = ""
    var tenantID = ""
    var since = ""
    var until = ""

    init(_ request: Request) {
        let query = request.uri.queryParameters
        func text(_ key: String) -> String { query[Substring(key)].map { String($0.prefix(200)) } ?? "" }
        action = text("action")
        actorUserID = text("actor_user_id")
        tenantID = text("tenant_id")
        since = text("since")
        until = text("until")
    }

    var actionChoices: [Choice] {
        [Choice("", label: "Any action", selected: action.isEmpty)] + AuditActions.all.map { Choice($0, selected: $0 == action) }
    }

    /// This page with these filters, `changing` some of them.
    func link(cursor: String? = nil, changing: [String: String] = [:]) -> String {
        "/console/audit" + Self.query(pairs(changing: changing) + [("cursor", cursor ?? "")])
    }

    func exportLink(_ format: String) -> String {
        "/console/audit/export" + Self.query([("format", format)] + pairs(changing: [:]))
    }

    private func pairs(changing: [String: String]) -> [(String, String)] {
        [("action", action), ("actor_user_id", actorUserID), ("tenant_id", tenantID), ("since", since), ("until", until)]
            .map { ($0.0, changing[$0.0] ?? $0.1) }
    }

    /// Blank values left out; every value percent-encoded, `+` included (a query reads it as a space).
    private static func query(_ pairs: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let items = pairs.filter { !$0.1.isEmpty }.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
        return items.isEmpty ? "" : "?" + items.joined(separator: "&")
    }
}

struct AuditRow: TemplateValues {
    var id: String
    var at: ShownTime
    var actor: String
    var actorDetail: String
    var actorLink: String?
    var action: String
    var actionLink: String
    var target: String
    var tenant: String
    var tenantLink: String?
    var changes: [AuditChangeRow]
    var hasChanges: Bool
    var changeCount: String
    /// False for a creation or a deletion: one column of values says it all.
    var bothSides: Bool
    var oneSide: String

    init(_ event: AuditEvent, users: [UserID: User], orgs: [OrgID: Org], words: ConsoleWords, filters: AuditFilterFields) {
        id = event.id
        at = words.shown(event.at, empty: "")
        if let userID = event.actorUserID {
            let user = users[userID]
            actor = user?.name ?? userID.rawValue
            actorDetail = [user?.email.value, event.actorOrgID.flatMap { orgs[$0]?.name }].compactMap(\.self).joined(separator: " · ")
            actorLink = filters.link(changing: ["actor_user_id": userID.rawValue])
        } else {
            actor = "Steward"
            actorDetail = "the service itself (expiry, repair)"
        }
        action = event.action
        actionLink = filters.link(changing: ["action": event.action])
        target = "\(event.targetType) \(event.targetID)"
        tenant = event.tenantID.map { orgs[$0]?.name ?? $0.rawValue } ?? "—"
        tenantLink = event.tenantID.map { filters.link(changing: ["tenant_id": $0.rawValue]) }
        changes = AuditDiff.changes(before: event.before, after: event.after).map(AuditChangeRow.init)
        hasChanges = !changes.isEmpty
        bothSides = event.before != nil && event.after != nil
        oneSide = event.before == nil ? "Value" : "Value removed"
        let fields = changes.count == 1 ? "1 field" : "\(changes.count) fields"
        changeCount = changes.isEmpty ? "no recorded change" : !bothSides ? (event.before == nil ? "Created with \(fields)" : "Removed with \(fields)") : "\(fields) changed"
    }
}

/// One field of a change; a side with nothing reads as a dash.
struct AuditChangeRow: TemplateValues {
    var field: String
    var before: String?
    var after: String?

    init(_ change: AuditChange) {
        field = change.field
        before = change.before
        after = change.after
    }
}
