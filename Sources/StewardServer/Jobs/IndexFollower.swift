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
            // A failure is logged by the index, which refuses checks once it cannot be sure.
            try? await index.catchUp()
            // A shutdown ends the wait at once; work in progress (a delivery) is never cut off.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
