import Logging
import ServiceLifecycle

/// Applies writes made by other instances sharing the database, within a second; checks that name
/// `at_least_revision` catch up at once instead of waiting for it.
struct IndexFollower: Service {
    let index: DecisionIndex
    let logger: Logger
    var interval: Duration = .seconds(1)

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do { try await index.catchUp() } catch {
                logger.error("decision index catch-up failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            // A shutdown ends the wait at once; work in progress (a delivery) is never cut off.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
