import Foundation

/// A clock tests move by hand.
public final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_790_000_000)

    public init() {}

    public var value: Date { lock.withLock { current } }
    public var now: @Sendable () -> Date { { [self] in value } }
    public func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
}
