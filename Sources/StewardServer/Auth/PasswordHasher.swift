import Crypto
import Foundation
import HummingbirdBcrypt
import NIOPosix

/// bcrypt, run off the event loops: a hash takes a noticeable fraction of a second by design. bcrypt reads at
/// most 72 bytes, so it is given the base64 of the password's SHA-256 (44 bytes) and every byte counts; such
/// hashes are stored with the `sha256$` prefix. Hashes of earlier builds (bcrypt of the password itself) still
/// verify, and `needsUpgrade` says when to store a new one.
struct PasswordHasher: Sendable {
    let cost: UInt8
    /// Verified against when the email is unknown, so both failures take the same time.
    let decoyHash: String
    static let prefix = "sha256$"

    init(cost: UInt8) {
        self.cost = cost
        decoyHash = Self.prefix + Bcrypt.hash(Self.digest("steward-decoy-password"), cost: cost)
    }

    static func digest(_ password: String) -> String {
        Data(SHA256.hash(data: Data(password.utf8))).base64EncodedString()
    }

    func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Self.prefix + Bcrypt.hash(Self.digest(password), cost: cost) }
    }

    func verify(_ password: String, against hash: String?) async throws -> Bool {
        let target = hash ?? decoyHash
        let matches = try await NIOThreadPool.singleton.runIfActive {
            if target.hasPrefix(Self.prefix) { return Bcrypt.verify(Self.digest(password), hash: String(target.dropFirst(Self.prefix.count))) }
            // An earlier build's hash: bcrypt saw only the first 72 bytes, so a longer password cannot be told apart.
            // A NUL ends the C string bcrypt reads, so "secret\0anything" would match "secret".
            return password.utf8.count <= 72 && !password.utf8.contains(0) && Bcrypt.verify(password, hash: target)
        }
        return matches && hash != nil
    }

    /// A hash of an earlier build, to be replaced once its password has been verified.
    func needsUpgrade(_ hash: String) -> Bool { !hash.hasPrefix(Self.prefix) }
}
