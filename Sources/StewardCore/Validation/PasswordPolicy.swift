/// What makes a password acceptable (SPEC §2, API.md "Auth and self"): long enough, not one of the most
/// common, not a tiny unit repeated, and not built from the user's own address.
public struct PasswordPolicy: Sendable {
    public static let minimumLength = 12
    /// Bytes; bcrypt reads a digest of the password, so every byte up to here counts.
    public static let maximumBytes = 1024

    /// Lower-cased common passwords.
    let common: Set<String>

    public init(commonPasswords: some Sequence<String>) {
        common = Set(commonPasswords.map { $0.lowercased() })
    }

    /// Why `password` is refused for the holder of `email`, or nil when it is acceptable.
    public func problem(_ password: String, email: EmailAddress?) -> String? {
        guard password.count >= Self.minimumLength else { return "must be at least \(Self.minimumLength) characters" }
        guard password.utf8.count <= Self.maximumBytes else { return "must be at most \(Self.maximumBytes) bytes" }
        let lowered = password.lowercased()
        // A common password with digits or symbols around it is still that password.
        let core = String(lowered.drop { !$0.isLetter }.reversed().drop { !$0.isLetter }.reversed())
        if common.contains(lowered) || (core.count >= 4 && common.contains(core)) { return "is one of the most common passwords" }
        if Self.isRepetition(Array(lowered)) { return "must not be a few characters repeated" }
        if let email {
            let local = String(email.normalized.prefix { $0 != "@" })
            if lowered.contains(email.normalized) || (local.count >= 3 && lowered.contains(local)) {
                return "must not contain your email address"
            }
        }
        return nil
    }

    /// `aaaaaaaaaaaa`, `abababababab`, `abcdabcdabcd`: a unit of at most four characters, repeated.
    static func isRepetition(_ characters: [Character]) -> Bool {
        (1...4).contains { unit in
            characters.count % unit == 0 && characters.indices.allSatisfy { characters[$0] == characters[$0 % unit] }
        }
    }
}
