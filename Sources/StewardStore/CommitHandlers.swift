import Foundation

/// The handlers `Store.onCommit` registered.
final class CommitHandlers: @unchecked Sendable {
    private let lock = NSLock()
    private var handlers: [@Sendable (Int) async -> Void] = []

    func add(_ handler: @escaping @Sendable (Int) async -> Void) {
        lock.withLock { handlers.append(handler) }
    }

    func run(_ revision: Int) async {
        for handler in lock.withLock({ handlers }) { await handler(revision) }
    }
}
