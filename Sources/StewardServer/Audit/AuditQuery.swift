import Foundation
import Hummingbird
import StewardCore

extension Request {
    /// The audit filters of the query string (`org_id`, `action`, `actor_user_id`, `tenant_id`, `since`, `until`),
    /// every problem reported at once. Blank values are no filter, as an emptied form field means.
    func auditFilter() throws -> AuditFilter {
        let query = uri.queryParameters
        func value(_ key: String) -> String? {
            guard let text = query[Substring(key)], !text.isEmpty else { return nil }
            return String(text)
        }
        var validator = Validator()
        var filter = AuditFilter(
            org: value("org_id").map(OrgID.init), action: value("action"),
            actor: value("actor_user_id").map(UserID.init), tenant: value("tenant_id").map(OrgID.init)
        )
        for (key, path) in [("since", \AuditFilter.since), ("until", \AuditFilter.until)] {
            guard let text = value(key) else { continue }
            // A bare date covers its whole day (UTC): `until=2026-12-01` includes the 1st.
            if let date = Timestamp.parse(text) ?? Self.day(text).map({ key == "until" ? $0.addingTimeInterval(86_400) : $0 }) {
                filter[keyPath: path] = date
            } else {
                validator.add(key, "must be an RFC 3339 time or a date (YYYY-MM-DD)")
            }
        }
        for problem in filter.problems { validator.add(problem.field, problem.message) }
        try validator.check()
        return filter
    }

    /// A bare date's first instant in UTC: the console's date fields send one.
    private static func day(_ text: String) -> Date? {
        guard text.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil else { return nil }
        return Timestamp.parse(text + "T00:00:00Z")
    }
}
