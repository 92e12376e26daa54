import Logging
import ServiceLifecycle
import StewardCore
import StewardStore

/// Records what time ended: unanswered relationship requests (`relationship.expired`) and memberships past their
/// expiry (`membership.expired`, with its email, once each), and warns partners of POC licences ending within
/// seven days (once per end). Decisions never wait for it: they compare with now.
struct ExpirySweeper: Service {
    let store: Store
    let accessMail: AccessMailComposer
    let logger: Logger
    var interval: Duration = .seconds(30)

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await runOnce()
            // A shutdown ends the wait at once; work in progress (a delivery) is never cut off.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    func runOnce() async {
        do {
            let relationships = try await store.expireDueRelationships()
            let memberships = try await store.expireDueMemberships(mail: accessMail)
            let licenses = try await store.warnExpiringPOCs()
            if relationships + memberships + licenses > 0 {
                logger.info("recorded expiries", metadata: [
                    "relationships": "\(relationships)", "memberships": "\(memberships)", "poc_warnings": "\(licenses)",
                ])
            }
        } catch {
            logger.error("expiry pass failed", metadata: ["error": "\(String(reflecting: error))"])
        }
    }
}
