/// An email address as the user typed it; equality and uniqueness ignore case (SPEC §2).
public struct EmailAddress: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The address as given, for display and for sending.
    public let value: String

    /// The lower-cased form used for lookups and uniqueness.
    public var normalized: String { value.lowercased() }

    public var description: String { value }

    /// Parses an address; nil when it is not a plausible `local@domain` address.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.utf8.count <= 254,
              let at = trimmed.lastIndex(of: "@"),
              at != trimmed.startIndex
        else { return nil }
        let local = trimmed[..<at]
        let domain = trimmed[trimmed.index(after: at)...]
        guard local.utf8.count <= 64, !domain.isEmpty,
              domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix("."), !domain.contains(".."),
              !trimmed.contains(where: { $0.isWhitespace || $0.isNewline || $0 == "<" || $0 == ">" || $0 == "," }),
              !local.contains("@"),
              domain.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." })
        else { return nil }
        value = trimmed
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.normalized == rhs.normalized }
    public func hash(into hasher: inout Hasher) { hasher.combine(normalized) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let email = EmailAddress(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an email address"))
        }
        self = email
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

import Foundation
