/// An opaque identifier; the phantom `Tag` keeps org ids and user ids from being mixed up.
public struct Identifier<Tag>: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The identifier's text, as it appears in URLs and JSON.
    public let rawValue: String

    /// Wraps an identifier's text without checking it.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

public enum OrgTag {}
public enum UserTag {}
public enum MembershipTag {}

public typealias OrgID = Identifier<OrgTag>
public typealias UserID = Identifier<UserTag>
public typealias MembershipID = Identifier<MembershipTag>
