import Foundation

/// An email address as the user typed it; equality and uniqueness ignore case (SPEC §2).
/// One parser for what the API accepts and what the store reads back, so nothing accepted can be unreadable.
public struct EmailAddress: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The address as given, for display and for sending.
    public let value: String

    /// The lower-cased form used for lookups and uniqueness.
    public var normalized: String { value.lowercased() }

    public var description: String { value }

    /// Parses a `local@domain` address (RFC 5321 dot-atoms, with RFC 6531's UTF-8); nil otherwise.
    /// Quoted local parts and address literals are refused: no mailbox a person types needs them.
    public init?(_ text: String) {
        // NFC, so "é" typed as one code point or as "e" and an accent is one address.
        let trimmed = text.trimmingASCIISpaces().precomposedStringWithCanonicalMapping
        guard trimmed.utf8.count <= 254, let at = trimmed.lastIndex(of: "@") else { return nil }
        let local = trimmed[..<at]
        let domain = trimmed[trimmed.index(after: at)...]
        guard Self.isLocalPart(local), Self.isDomain(domain) else { return nil }
        value = trimmed
    }

    /// RFC 5322 `atext` characters besides letters and digits.
    private static let atextSymbols = Set("!#$%&'*+-/=?^_`{|}~".unicodeScalars)

    private static func isLocalPart(_ local: Substring) -> Bool {
        guard (1...64).contains(local.utf8.count), !local.hasPrefix("."), !local.hasSuffix("."), !local.contains(".."),
              let first = local.unicodeScalars.first, !TextSafety.isCombining(first)
        else { return false }
        return local.unicodeScalars.allSatisfy { scalar in
            if scalar.isASCII {
                return scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "." || atextSymbols.contains(scalar)
            }
            return isVisibleNonASCII(scalar)
        }
    }

    private static func isDomain(_ domain: Substring) -> Bool {
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        // `localhost` is the one single-label domain taken: the documented default contacts live there.
        guard labels.count >= 2 || domain.lowercased() == "localhost", domain.utf8.count <= 253 else { return false }
        for label in labels {
            guard (1...63).contains(label.utf8.count), !label.hasPrefix("-"), !label.hasSuffix("-"),
                  let first = label.unicodeScalars.first, !TextSafety.isCombining(first)
            else { return false }
            let ok = label.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII ? (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-")
                    : (isVisibleNonASCII(scalar) && (scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                        || scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .spacingMark))
            }
            guard ok else { return false }
        }
        // A top-level domain is never all digits: `a@1.2.3.4` is an address literal in disguise.
        return !(labels.last!.allSatisfy(\.isNumber))
    }

    /// UTF-8 beyond ASCII that prints: no controls, invisible, bidirectional or unassigned code points.
    private static func isVisibleNonASCII(_ scalar: Unicode.Scalar) -> Bool {
        !TextSafety.isForbiddenAnywhere(scalar) && !TextSafety.isInvisible(scalar)
            && !(scalar.properties.generalCategory == .spaceSeparator)
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

extension String {
    /// Without leading and trailing U+0020 and tab: what a form or a paste adds around an address.
    func trimmingASCIISpaces() -> String {
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
