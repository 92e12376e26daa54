import Crypto
import Foundation
import HummingbirdOTP
import StewardCore
import StewardStore

/// TOTP (RFC 6238: SHA-1, six digits, 30-second steps, one step of drift either way) and recovery codes.
/// Secrets are sealed with a key derived from the key file's session key before they reach the database;
/// a code is accepted once (its step is spent), a recovery code once.
struct TOTPService: Sendable {
    let store: Store
    let sealingKey: SymmetricKey
    let issuer: String
    static let recoveryCodeCount = 10

    init(store: Store, sessionKey: Data, issuer: String = "Steward") {
        self.store = store
        sealingKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: sessionKey), info: Data("steward totp secrets".utf8), outputByteCount: 32)
        self.issuer = issuer
    }

    /// Starts an enrolment: the secret in base32, for an authenticator app, and its `otpauth://` URL.
    func begin(_ user: User) async throws -> (secret: String, url: String) {
        // 32 characters of base32's alphabet: 160 random bits, and ASCII, as HummingbirdOTP keys on the text's bytes.
        let raw = String((0..<32).map { _ in Base32.alphabet.randomElement()! })
        try await store.beginTOTP(user, secret: try seal(raw))
        let totp = TOTP(secret: raw)
        return (Base32.encode(Array(raw.utf8)), totp.createAuthenticatorURL(label: "\(issuer):\(user.email.value)", issuer: issuer))
    }

    /// Confirms an enrolment with a code from the app; the recovery codes, shown once, or nil for a wrong code.
    func confirm(_ user: User, code: String) async throws -> [String]? {
        guard let enrolment = try await store.totp(of: user.id), !enrolment.confirmed,
              let step = try matchingStep(code, secret: try open(enrolment.secret), after: enrolment.lastStep)
        else { return nil }
        let codes = (0..<Self.recoveryCodeCount).map { _ in Self.recoveryCode() }
        try await store.confirmTOTP(user, step: step, recoveryCodeHashes: codes.map(Self.hash))
        return codes
    }

    /// Whether `code` (six digits, or a recovery code) proves the user holds their second factor now.
    func verify(_ user: User, code: String) async throws -> Bool {
        guard let enrolment = try await store.totp(of: user.id), enrolment.confirmed else { return false }
        if let step = try matchingStep(code, secret: try open(enrolment.secret), after: enrolment.lastStep) {
            return try await store.spendTOTPStep(user.id, step: step)
        }
        return try await store.spendRecoveryCode(user, hash: Self.hash(code))
    }

    func isEnrolled(_ user: UserID) async throws -> Bool { try await store.totp(of: user)?.confirmed == true }

    private func matchingStep(_ code: String, secret: String, after lastStep: Int) throws -> Int? {
        let digits = code.filter { !$0.isWhitespace }
        guard digits.count == 6, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        let totp = TOTP(secret: secret)
        let now = Int(store.now.timeIntervalSince1970) / 30
        for step in [now - 1, now, now + 1] where step > lastStep {
            let expected = String(format: "%06d", totp.compute(date: Date(timeIntervalSince1970: Double(step * 30))))
            if SecretToken.constantTimeEqual(expected, digits) { return step }
        }
        return nil
    }

    private func seal(_ secret: String) throws -> String {
        try AES.GCM.seal(Data(secret.utf8), using: sealingKey).combined!.base64EncodedString()
    }

    private func open(_ sealed: String) throws -> String {
        guard let data = Data(base64Encoded: sealed) else { throw StoreError.unreadable("the TOTP secret is not sealed") }
        return String(decoding: try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: sealingKey), as: UTF8.self)
    }

    /// `xxxxx-xxxxx` in base32's alphabet: 50 random bits.
    static func recoveryCode() -> String {
        let characters = (0..<10).map { _ in Base32.alphabet.randomElement()! }
        return String(characters[0..<5]) + "-" + String(characters[5...])
    }

    static func hash(_ code: String) -> String {
        let normalized = code.uppercased().filter { $0 != "-" && !$0.isWhitespace }
        return Hex.encode(SHA256.hash(data: Data(normalized.utf8)))
    }
}

/// RFC 4648 base32, as authenticator apps read secrets.
enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")

    static func encode(_ bytes: [UInt8]) -> String {
        var output = ""
        var buffer = 0, bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
            buffer &= (1 << bits) - 1
        }
        if bits > 0 { output.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return output
    }
}
