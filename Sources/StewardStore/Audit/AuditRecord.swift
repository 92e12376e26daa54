import Crypto
import Foundation
import StewardCore

/// An audit event as stored; its hash covers every column and the previous event's hash.
struct AuditRecord: Sendable {
    var seq: Int
    var id: String
    var at: Int
    var actorUserID: String?
    var actorOrgID: String?
    var tenantID: String?
    var action: String
    var targetType: String
    var targetID: String
    var before: String?
    var after: String?
    var prevHash: String
    var relatedOrgID: String? = nil

    /// HMAC-SHA-256 under the audit key (SHA-256 for a chain not yet keyed) over the fields, each
    /// length-prefixed so no two field lists encode alike. docs/audit-chain.md writes the algorithm down.
    func hash(key: SymmetricKey?) -> String {
        let fields: [String?] = [
            String(seq), id, String(at), actorUserID, actorOrgID, tenantID, action, targetType, targetID,
            before, after, prevHash,
        ]
        // Added in migration 2: only hashed when present, so events written before it keep their hashes.
        let extra: [String?] = relatedOrgID.map { [$0] } ?? []
        var text = ""
        for field in fields + extra {
            if let field {
                text += "\(field.utf8.count):\(field)|"
            } else {
                text += "-|"
            }
        }
        let data = Data(text.utf8)
        guard let key else { return Hex.encode(SHA256.hash(data: data)) }
        return Hex.encode(HMAC<SHA256>.authenticationCode(for: data, using: key))
    }
}
