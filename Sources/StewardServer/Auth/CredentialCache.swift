import Foundation
import StewardCore

/// API-token identities held in memory, so an authenticated check reads no database. An entry goes when its
/// user changes (the change feed carries token revocations, deactivations and role changes; in this instance
/// before the change's request returns, from other instances within the index's follow interval), when its
/// token expires, or after `lifetime` at the latest.
final class CredentialCache: @unchecked Sendable {
    private struct Entry {
        var identity: Identity
        var tokenExpiresAt: Date?
        var storedAt: Date
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    /// Bumped by every `forget`: a lookup started before it must not store what it read.
    private var generation = 0
    let lifetime: TimeInterval
    let capacity: Int

    init(lifetime: TimeInterval = 60, capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    var currentGeneration: Int { lock.withLock { generation } }

    func identity(forHash hash: String, at now: Date) -> Identity? {
        lock.withLock {
            guard let entry = entries[hash] else { return nil }
            if now.timeIntervalSince(entry.storedAt) >= lifetime || entry.tokenExpiresAt.map({ $0 <= now }) == true {
                entries[hash] = nil
                return nil
            }
            return entry.identity
        }
    }

    /// Stores what a lookup read, unless a user changed since the lookup began (`generation`).
    func store(_ identity: Identity, forHash hash: String, tokenExpiresAt: Date?, generation readAt: Int, at now: Date) {
        lock.withLock {
            guard readAt == generation else { return }
            // Full means many live tokens or an attack with random ones (those are never stored): start over.
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[hash] = Entry(identity: identity, tokenExpiresAt: tokenExpiresAt, storedAt: now)
        }
    }

    func forget(users: Set<UserID>) {
        guard !users.isEmpty else { return }
        lock.withLock {
            generation += 1
            entries = entries.filter { !users.contains($0.value.identity.user.id) }
        }
    }

    /// Drops every entry: when the change feed cannot be read, any of them may have been revoked.
    func forgetAll() {
        lock.withLock {
            generation += 1
            entries.removeAll()
        }
    }
}
