import Crypto
import Foundation
import JWTKit

/// Steward's secrets, kept in a file readable by its owner only (`STEWARD_KEY_FILE`), never in the database:
/// whoever can write the database can then neither mint tenant tokens nor rewrite the audit chain unnoticed.
struct KeyFile: Codable, Sendable, Equatable {
    struct SigningKey: Codable, Sendable, Equatable {
        var kid: String
        var privatePEM: String
        var createdAt: Date
        /// When a newer key took over; it stays published until every token it signed has expired.
        var retiredAt: Date?

        enum CodingKeys: String, CodingKey { case kid, privatePEM = "private_pem", createdAt = "created_at", retiredAt = "retired_at" }
    }

    var version = 1
    /// Keys the audit chain's HMAC (SHA-256).
    var auditKey: Data
    /// Signs short-lived values the server hands out and reads back (the sign-in form's pre-session).
    var sessionKey: Data
    /// Oldest first; the last one signs.
    var signingKeys: [SigningKey]
    /// Set once the database's audit chain is keyed with `auditKey`: from then on a database that says its
    /// chain is not keyed has been tampered with (an unkeyed chain needs no secret to rewrite).
    var auditChainKeyed = false

    enum CodingKeys: String, CodingKey {
        case version, auditKey = "audit_key", sessionKey = "session_key", signingKeys = "signing_keys", auditChainKeyed = "audit_chain_keyed"
    }

    init(auditKey: Data, sessionKey: Data, signingKeys: [SigningKey]) {
        self.auditKey = auditKey
        self.sessionKey = sessionKey
        self.signingKeys = signingKeys
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decode(Int.self, forKey: .version)
        auditKey = try container.decode(Data.self, forKey: .auditKey)
        sessionKey = try container.decode(Data.self, forKey: .sessionKey)
        signingKeys = try container.decode([SigningKey].self, forKey: .signingKeys)
        auditChainKeyed = try container.decodeIfPresent(Bool.self, forKey: .auditChainKeyed) ?? false
    }

    /// The key that signs new tokens.
    var active: SigningKey { signingKeys[signingKeys.count - 1] }

    /// Keys a verifier may still meet: the active one and those retired less than `lifetime` ago.
    func published(at now: Date, lifetime: TimeInterval) -> [SigningKey] {
        signingKeys.filter { key in key.retiredAt.map { $0.addingTimeInterval(lifetime) > now } ?? true }
    }

    static func fresh(at now: Date, signingKey: SigningKey? = nil) -> KeyFile {
        KeyFile(auditKey: randomKey(), sessionKey: randomKey(), signingKeys: [signingKey ?? newSigningKey(at: now)])
    }

    static func newSigningKey(at now: Date) -> SigningKey {
        SigningKey(kid: "steward-" + String(SecretToken.make().prefix(12)), privatePEM: ES256PrivateKey().pemRepresentation, createdAt: now)
    }

    /// A new key signs from now on; the previous one is retired and the ones retired long ago are dropped.
    mutating func rotate(at now: Date, keepRetiredFor lifetime: TimeInterval) {
        for index in signingKeys.indices where signingKeys[index].retiredAt == nil { signingKeys[index].retiredAt = now }
        signingKeys.removeAll { $0.retiredAt.map { $0.addingTimeInterval(lifetime) <= now } ?? false }
        signingKeys.append(Self.newSigningKey(at: now))
    }

    private static func randomKey() -> Data { SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) } }
}

/// Reading and writing the key file: created 0600 when absent, replaced atomically, refused when others may read it.
enum KeyFileStore {
    static func read(_ path: String) throws -> KeyFile? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        if let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0 {
            throw ConfigurationError("the key file \(path) may be read by others (mode \(String(mode, radix: 8))); chmod 600 it")
        }
        let file: KeyFile
        do { file = try decoder.decode(KeyFile.self, from: try Data(contentsOf: URL(fileURLWithPath: path))) } catch {
            throw ConfigurationError("the key file \(path) cannot be read: \(error)")
        }
        guard file.version == 1, !file.signingKeys.isEmpty, file.auditKey.count >= 32, file.sessionKey.count >= 32 else {
            throw ConfigurationError("the key file \(path) is incomplete")
        }
        return file
    }

    /// Writes beside the file, then renames over it, so a crash leaves the old file or the new one.
    static func write(_ file: KeyFile, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw ConfigurationError("cannot create the key file beside \(path)")
        }
        let handle = try FileHandle(forWritingTo: temporary)
        try handle.write(contentsOf: try encoder.encode(file))
        try handle.synchronize()
        try handle.close()
        guard rename(temporary.path, path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw ConfigurationError("cannot replace the key file \(path)")
        }
    }

    /// When the file last changed, to notice a rotation made by `steward keys rotate`.
    static func modified(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        encoder.dataEncodingStrategy = .base64
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        decoder.dataDecodingStrategy = .base64
        return decoder
    }()
}
