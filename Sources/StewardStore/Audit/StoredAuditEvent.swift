import Foundation

/// An audit event exactly as its row holds it (`at` in milliseconds, `before` and `after` as the JSON text
/// the hash covers): what an export writes, so a reader can recompute the chain from it.
public struct StoredAuditEvent: Sendable {
    public let seq: Int
    public let id: String
    public let atMillis: Int
    public let actorUserID: String?
    public let actorOrgID: String?
    public let tenantID: String?
    public let relatedOrgID: String?
    public let action: String
    public let targetType: String
    public let targetID: String
    public let beforeJSON: String?
    public let afterJSON: String?
    public let prevHash: String
    public let hash: String

    init(record: AuditRecord, hash: String) {
        seq = record.seq
        id = record.id
        atMillis = record.at
        actorUserID = record.actorUserID
        actorOrgID = record.actorOrgID
        tenantID = record.tenantID
        relatedOrgID = record.relatedOrgID
        action = record.action
        targetType = record.targetType
        targetID = record.targetID
        beforeJSON = record.before
        afterJSON = record.after
        prevHash = record.prevHash
        self.hash = hash
    }

    public var at: Date { Date(timeIntervalSince1970: Double(atMillis) / 1000) }
}
