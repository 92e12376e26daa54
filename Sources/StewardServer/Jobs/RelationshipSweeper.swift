import Logging
import ServiceLifecycle
import StewardStore

/// Records `relationship.expired` for requests nobody answered in time. Reads never depend on it:
/// a pending request past its window reads as expired at once; this only writes the event, within a minute.
struct RelationshipSweeper: Service {
    let store: Store
    let logger: Logger
    var interval: Duration = .seconds(30)

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let expired = try await store.expireDueRelationships()
                if expired > 0 { logger.info("expired unanswered relationship requests", metadata: ["count": "\(expired)"]) }
            } catch {
                logger.error("relationship expiry pass failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
