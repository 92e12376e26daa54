import Foundation
import Logging
import ServiceLifecycle
import StewardStore

/// Delivers the outbox: claims due messages, sends them, records the outcome; failures back off
/// exponentially (5 s doubling to an hour) and are given up after `maxAttempts`.
struct OutboxWorker: Service {
    let store: Store
    let transport: any MailTransport
    let from: String
    let logger: Logger
    var pollInterval: Duration = .seconds(1)
    static let lease: TimeInterval = 120
    static let maxAttempts = 30

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                _ = try await runOnce()
            } catch {
                logger.error("outbox delivery pass failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            // A shutdown ends the wait at once; work in progress (a delivery) is never cut off.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pollInterval) }
        }
    }

    /// One pass; returns how many messages were delivered.
    func runOnce() async throws -> Int {
        var delivered = 0
        for message in try await store.claimDueMail(lease: Self.lease) {
            do {
                try await transport.deliver(message, from: from)
                try await store.markMailSent(message.id)
                delivered += 1
            } catch {
                let retryAt = message.attempts >= Self.maxAttempts ? nil : store.now.addingTimeInterval(Self.backoff(attempt: message.attempts))
                logger.warning("mail delivery failed", metadata: ["message": "\(message.id)", "attempt": "\(message.attempts)", "error": "\(error)"])
                try await store.markMailFailed(message.id, error: "\(error)", retryAt: retryAt)
            }
        }
        return delivered
    }

    /// Seconds to wait after the given (1-based) failed attempt.
    static func backoff(attempt: Int) -> TimeInterval {
        min(5 * pow(2, Double(max(0, attempt - 1))), 3600)
    }
}
