import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import StewardCore
import StewardStore

/// `GET /v1/audit/export` and the console's download: the filtered trail as CSV or JSON Lines, streamed a
/// page at a time so memory stays flat however long the trail is.
enum AuditExport {
    enum Format: String, CaseIterable {
        case csv, jsonl

        var contentType: String { self == .csv ? "text/csv; charset=utf-8" : "application/x-ndjson" }
    }

    static let columns = [
        "seq", "id", "at", "at_ms", "actor_user_id", "actor_org_id", "tenant_id", "related_org_id", "action",
        "target_type", "target_id", "before", "after", "prev_hash", "hash",
    ]

    /// `format` of the query (jsonl when absent); anything else is a 400 naming the choices.
    static func format(of request: Request) throws -> Format {
        guard let text = request.uri.queryParameters["format"], !text.isEmpty else { return .jsonl }
        guard let format = Format(rawValue: String(text)) else {
            throw ValidationFailure([FieldError("format", "must be csv or jsonl")])
        }
        return format
    }

    /// The events of `filter` up to the newest one when the export starts: events written while it runs are
    /// the next export's.
    static func response(_ filter: AuditFilter, format: Format, store: Store, pageSize: Int = 1000) async throws -> Response {
        let through = try await store.auditSeq()
        let stamp = Timestamp.format(Date()).prefix(10)
        var headers = HTTPFields()
        headers[.contentType] = format.contentType
        headers[.contentDisposition] = "attachment; filename=\"steward-audit-\(stamp).\(format.rawValue)\""
        headers[.cacheControl] = "no-store"
        let body = ResponseBody { writer in
            if format == .csv { try await writer.write(ByteBuffer(string: CSVText.line(columns))) }
            var after = 0
            while true {
                let events = try await store.storedAuditEvents(filter, after: after, through: through, limit: pageSize)
                guard let last = events.last else { break }
                var text = ""
                for event in events { text += format == .csv ? csvLine(event) : jsonLine(event) }
                try await writer.write(ByteBuffer(string: text))
                after = last.seq
                if events.count < pageSize { break }
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// One event, every key present (`null` when empty), `before` and `after` as the very JSON text the hash covers.
    static func jsonLine(_ event: StoredAuditEvent) -> String {
        JSONText.object([
            ("seq", String(event.seq)), ("id", JSONText.string(event.id)), ("at", JSONText.string(Timestamp.format(event.at))),
            ("at_ms", String(event.atMillis)), ("actor_user_id", JSONText.string(event.actorUserID)),
            ("actor_org_id", JSONText.string(event.actorOrgID)), ("tenant_id", JSONText.string(event.tenantID)),
            ("related_org_id", JSONText.string(event.relatedOrgID)), ("action", JSONText.string(event.action)),
            ("target_type", JSONText.string(event.targetType)), ("target_id", JSONText.string(event.targetID)),
            ("before", event.beforeJSON ?? "null"), ("after", event.afterJSON ?? "null"),
            ("prev_hash", JSONText.string(event.prevHash)), ("hash", JSONText.string(event.hash)),
        ]) + "\n"
    }

    static func csvLine(_ event: StoredAuditEvent) -> String {
        CSVText.line([
            String(event.seq), event.id, Timestamp.format(event.at), String(event.atMillis), event.actorUserID,
            event.actorOrgID, event.tenantID, event.relatedOrgID, event.action, event.targetType, event.targetID,
            event.beforeJSON, event.afterJSON, event.prevHash, event.hash,
        ])
    }
}
