import Foundation

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
        // Compatibility forms fold: fullwidth `ｐａｓｓｗｏｒｄ` is `password`.
        let lowered = password.precomposedStringWithCompatibilityMapping.lowercased()
        // A common password with digits, symbols or spaces around or inside it is still that password.
        let core = String(lowered.drop { !$0.isLetter }.reversed().drop { !$0.isLetter }.reversed())
        let letters = String(lowered.filter(\.isLetter))
        if common.contains(lowered) || [core, letters].contains(where: { $0.count >= 4 && common.contains($0) }) {
            return "is one of the most common passwords"
        }
        if Self.isRepetition(Array(lowered)) || Self.isRepetition(Array(letters)) && letters.count >= lowered.count / 2 {
            return "must not be a few characters repeated"
        }
        if let email {
            let local = String(email.normalized.prefix { $0 != "@" }).precomposedStringWithCompatibilityMapping
            let localLetters = String(local.filter { $0.isLetter || $0.isNumber })
            let passwordLetters = String(lowered.filter { $0.isLetter || $0.isNumber })
            if lowered.contains(email.normalized) || (local.count >= 3 && lowered.contains(local))
                || (localLetters.count >= 3 && passwordLetters.contains(localLetters)) {
                return "must not contain your email address"
            }
        }
        return nil
    }

    /// `aaaaaaaaaaaa`, `abababababab`, `passwordpassword`: one unit, of at most half the length, repeated
    /// (a trailing part of the unit may close it: `trustno1trustno1`, `abcabcab`).
    static func isRepetition(_ characters: [Character]) -> Bool {
        guard characters.count >= 2 else { return false }
        return (1...(characters.count / 2)).contains { unit in
            characters.indices.allSatisfy { characters[$0] == characters[$0 % unit] }
        }
    }
}
