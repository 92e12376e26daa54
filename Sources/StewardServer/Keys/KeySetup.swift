import Foundation
import Logging
import StewardStore

/// The key file at start: read it, or create it (0600) on the first start, taking over a signing key that an
/// earlier build kept in the database so tokens it signed stay valid; then key the audit chain with it.
enum KeySetup {
    static func prepare(path: String, store: Store, now: Date, logger: Logger) async throws -> KeyFile {
        var file = try KeyFileStore.read(path)
        if file == nil {
            let legacy = try await store.legacySigningKey().map { KeyFile.SigningKey(kid: $0.kid, privatePEM: $0.pem, createdAt: $0.createdAt) }
            let fresh = KeyFile.fresh(at: now, signingKey: legacy)
            try KeyFileStore.write(fresh, to: path)
            logger.notice("created the key file", metadata: ["path": "\(path)", "signing_key": "\(fresh.active.kid)", "moved_from_database": "\(legacy != nil)"])
            file = fresh
        }
        // Whatever an earlier build left in the database goes once the file holds the keys.
        if try await store.legacySigningKey() != nil { try await store.deleteLegacySigningKeys() }
        guard var file else { throw ConfigurationError("the key file \(path) could not be created") }
        if case .rekeyed(let events) = try await store.useAuditKey(file.auditKey, alreadyKeyed: file.auditChainKeyed) {
            logger.notice("the audit chain is now keyed with the key file's audit key", metadata: ["events": "\(events)"])
        }
        // Remembered in the file, which the database cannot change: the chain never goes back to unkeyed.
        if !file.auditChainKeyed {
            file.auditChainKeyed = true
            try KeyFileStore.write(file, to: path)
        }
        return file
    }
}
