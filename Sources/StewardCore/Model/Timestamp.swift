import Foundation

/// RFC 3339 UTC times as the API writes them (`2026-11-23T08:00:00Z`).
public enum Timestamp {
    /// Formats a time, dropping fractions of a second.
    public static func format(_ date: Date) -> String {
        let seconds = Date(timeIntervalSince1970: (date.timeIntervalSince1970).rounded(.down))
        return seconds.formatted(.iso8601)
    }

    /// Parses RFC 3339 with or without fractional seconds; nil when malformed.
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
