import HummingbirdBcrypt
import NIOPosix

/// bcrypt, run off the event loops: a hash takes a noticeable fraction of a second by design.
struct PasswordHasher: Sendable {
    let cost: UInt8
    /// Verified against when the email is unknown, so both failures take the same time.
    let decoyHash: String

    init(cost: UInt8) {
        self.cost = cost
        decoyHash = Bcrypt.hash("steward-decoy-password", cost: cost)
    }

    func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, against hash: String?) async throws -> Bool {
        let target = hash ?? decoyHash
        let matches = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: target) }
        return matches && hash != nil
    }
}
