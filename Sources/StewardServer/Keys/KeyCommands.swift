import Foundation

/// The key file as the command line uses it: `steward audit verify` and `steward keys rotate`.
public enum KeyCommands {
    /// The audit key, or nil when there is no key file at `path`, and whether the file says the chain is keyed.
    public static func auditKey(keyFile path: String) throws -> (key: Data, chainKeyed: Bool)? {
        try KeyFileStore.read(path).map { ($0.auditKey, $0.auditChainKeyed) }
    }

    /// A new signing key signs from now on; the previous one stays published until the tokens it signed have
    /// expired. Running servers notice within a second. Returns the new and the retired kid.
    public static func rotate(keyFile path: String, now: Date = Date()) throws -> (active: String, retired: String) {
        guard var file = try KeyFileStore.read(path) else { throw ConfigurationError("there is no key file at \(path); start steward once first") }
        let retired = file.active.kid
        file.rotate(at: now, keepRetiredFor: TokenSigner.maxLifetime)
        try KeyFileStore.write(file, to: path)
        return (file.active.kid, retired)
    }
}
