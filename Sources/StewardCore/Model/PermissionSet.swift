/// A set of permissions as bits: what a decision compares, with no hashing or allocation.
public struct PermissionSet: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public init(_ permissions: some Sequence<Permission>) {
        self.init(rawValue: permissions.reduce(0) { $0 | Self.bit($1) })
    }

    @inlinable public func contains(_ permission: Permission) -> Bool {
        rawValue & Self.bit(permission) != 0
    }

    @inlinable static func bit(_ permission: Permission) -> UInt8 {
        switch permission {
        case .read: 1
        case .write: 2
        case .admin: 4
        }
    }
}
