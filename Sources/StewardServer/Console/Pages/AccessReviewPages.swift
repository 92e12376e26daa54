import Foundation
import Hummingbird
import StewardCore

/// How the review table is ordered: a column and a direction, from the query (stale first, then the longest
/// unused, by default).
struct AccessReviewSort: Sendable {
    enum Column: String, CaseIterable { case person, org, tenant, source, expires, lastSeen = "last_seen", stale }

    var column: Column = .stale
    var descending = false

    init() {}

    init(_ request: Request) {
        column = request.uri.queryParameters["sort"].flatMap { Column(rawValue: String($0)) } ?? .stale
        descending = request.uri.queryParameters["dir"] == "desc"
    }

    func sorted(_ rows: [ReviewedAccess]) -> [ReviewedAccess] {
        let ascending = rows.sorted { a, b in
            switch column {
            case .person: (a.entry.user.name.lowercased(), a.lastSeen) < (b.entry.user.name.lowercased(), b.lastSeen)
            case .org: (a.entry.homeOrg.name.lowercased(), a.entry.user.name.lowercased()) < (b.entry.homeOrg.name.lowercased(), b.entry.user.name.lowercased())
            case .tenant: (a.tenantName.lowercased(), a.entry.user.name.lowercased()) < (b.tenantName.lowercased(), b.entry.user.name.lowercased())
            case .source: (a.entry.membership.source.rawValue, a.entry.user.name.lowercased()) < (b.entry.membership.source.rawValue, b.entry.user.name.lowercased())
            // Permanent access sorts after every end date.
            case .expires: (a.entry.membership.expiresAt ?? .distantFuture) < (b.entry.membership.expiresAt ?? .distantFuture)
            case .lastSeen: a.lastSeen < b.lastSeen
            case .stale: (a.stale ? 0 : 1, a.lastSeen) < (b.stale ? 0 : 1, b.lastSeen)
            }
        }
        return descending ? ascending.reversed() : ascending
    }
}

struct AccessReviewPage: PageModel {
    static let page = ConsolePage.accessReview
    var layout: Layout
    var heading: String
    var intro: String
    var staleDays: Int
    var rows: [AccessReviewRow]
    var hasRows: Bool
    var summary: String
    var columns: [AccessReviewColumn]
    var csvLink: String
    /// A customer's own review is all one customer: the column would repeat its name.
    var showTenant: Bool
    var confirming = false
    var confirmText = ""
    var removeLabel = ""
    var chosen: [AccessReviewRow] = []

    init(identity: Identity, scope: ReviewScope, reviewed: [ReviewedAccess], staleDays: Int, sort: AccessReviewSort, errors: [FieldError] = []) {
        layout = Layout(identity, title: "Access review", errors: errors)
        switch scope {
        case .customer:
            heading = "Access review: who from outside holds access to \(identity.org.name)"
            intro = "Every person from another organisation with access to your account: partners' analysts and your team members from outside."
        case .partner:
            heading = "Access review: where \(identity.org.name)'s people hold access"
            intro = "Every access your organisation's users hold in customers' accounts."
        }
        self.staleDays = staleDays
        let words = ConsoleWords(identity)
        rows = sort.sorted(reviewed).map { AccessReviewRow($0, words: words) }
        hasRows = !rows.isEmpty
        let stale = reviewed.filter(\.stale).count
        summary = "\(reviewed.count) \(reviewed.count == 1 ? "access" : "accesses"), \(stale) unused for \(staleDays) days or more"
        if case .partner = scope { showTenant = true } else { showTenant = false }
        let tenantColumn = showTenant ? [("tenant", "Customer")] : []
        columns = ([("person", "Person"), ("org", "Their organisation")] + tenantColumn + [("source", "Source")]).map {
            AccessReviewColumn(key: $0.0, label: $0.1, sort: sort, staleDays: staleDays)
        } + [AccessReviewColumn(key: nil, label: "Admin · products", sort: sort, staleDays: staleDays)]
            + [("expires", "Expires"), ("last_seen", "Last access"), ("stale", "Stale")].map {
                AccessReviewColumn(key: $0.0, label: $0.1, sort: sort, staleDays: staleDays)
            }
        csvLink = "/console/access-review/export?stale_days=\(staleDays)"
    }

    /// Shows the confirmation for removing `ids` instead of the plain table.
    mutating func confirm(_ ids: [MembershipID], among reviewed: [ReviewedAccess]) {
        let wanted = Set(ids.map(\.rawValue))
        chosen = rows.filter { wanted.contains($0.id) }
        confirming = true
        let count = chosen.count == 1 ? "this access" : "these \(chosen.count) accesses"
        removeLabel = chosen.count == 1 ? "Remove 1 access" : "Remove \(chosen.count) accesses"
        confirmText = "Remove \(count) now? Each person loses access at once and is emailed, as are the customer's admins. All are removed, or none."
    }
}

struct AccessReviewColumn: TemplateValues {
    var label: String
    var link: String?
    var current: String?

    init(key: String?, label: String, sort: AccessReviewSort, staleDays: Int) {
        self.label = label
        guard let key else { return }
        let active = sort.column.rawValue == key
        let direction = active && !sort.descending ? "desc" : "asc"
        link = "/console/access-review?stale_days=\(staleDays)&sort=\(key)&dir=\(direction)"
        current = active ? (sort.descending ? "descending" : "ascending") : nil
    }
}

struct AccessReviewRow: TemplateValues {
    var id: String
    var name: String
    var email: String
    var org: String
    var tenant: String
    var source: String
    var admin: Bool
    var products: String
    var expires: ShownTime
    var lastAccess: ShownTime
    var stale: Bool

    init(_ access: ReviewedAccess, words: ConsoleWords) {
        let membership = access.entry.membership
        id = membership.id.rawValue
        name = access.entry.user.name
        email = access.entry.user.email.value
        org = access.entry.homeOrg.name
        tenant = access.tenantName
        source = membership.source == .team ? "team member" : "partner"
        admin = membership.platformAdmin
        products = membership.products.map { "\($0.product): \($0.role)" }.joined(separator: ", ")
        expires = membership.status == .expired ? ShownTime(text: "expired " + words.text(membership.expiresAt ?? access.lastSeen)) : words.duration(membership.expiresAt)
        lastAccess = membership.lastAccessAt.map { words.shown($0, empty: "") } ?? ShownTime(text: "never (created \(words.text(membership.createdAt)))")
        stale = access.stale
    }
}
