import Crypto
import Foundation

/// The sign-in form's CSRF protection before any session exists: a pre-session value the server signs (random
/// id and issue time, HMAC under the key file's session key) in a cookie, and a CSRF value derived from it in
/// the form. A cookie the attacker makes up fails the signature; a form value cannot be derived without the key.
struct LoginPreSession: Sendable {
    let key: SymmetricKey
    static let lifetime: TimeInterval = 3600

    init(sessionKey: Data) {
        key = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: sessionKey), info: Data("steward login pre-session".utf8), outputByteCount: 32)
    }

    /// A new pre-session (the cookie's value) and the CSRF value for the form.
    func issue(at now: Date) -> (cookie: String, csrf: String) {
        let body = "\(SecretToken.make()).\(Int(now.timeIntervalSince1970))"
        let cookie = body + "." + mac("pre-session|" + body)
        return (cookie, mac("csrf|" + cookie))
    }

    /// Whether the cookie is one this server issued within the hour and the form's value belongs to it.
    func verify(cookie: String?, csrf: String?, at now: Date) -> Bool {
        guard let cookie, let csrf else { return false }
        let parts = cookie.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let issued = Int(parts[1]) else { return false }
        let body = parts[0] + "." + parts[1]
        guard SecretToken.constantTimeEqual(mac("pre-session|" + body), String(parts[2])) else { return false }
        let age = now.timeIntervalSince1970 - Double(issued)
        return age >= -60 && age <= Self.lifetime && SecretToken.constantTimeEqual(mac("csrf|" + cookie), csrf)
    }

    private func mac(_ text: String) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
