import Foundation
import StewardCore
import StewardStore

/// Writes outbox messages as RFC 5322 text: UTF-8 plain text, encoded-word subjects, CRLF line ends.
enum MailFormatter {
    /// A message that must not be sent as it stands: a recipient or header that would break out of its line.
    struct UnsafeMessage: Error, CustomStringConvertible {
        var description: String
    }

    /// The message as text, or `UnsafeMessage`: recipients and header values are checked again here, where they are
    /// written, whatever checked them when the message was made.
    static func render(_ outbox: OutboxMessage, from: String, now: Date = Date()) throws -> String {
        let message = outbox.message
        for recipient in message.to where EmailAddress(recipient.value)?.value != recipient.value {
            throw UnsafeMessage(description: "a recipient is not a valid address")
        }
        guard !message.to.isEmpty, isHeaderSafe(from), isHeaderSafe(message.kind), isHeaderSafe(outbox.id) else {
            throw UnsafeMessage(description: "a header value holds a line break or a control character, or there is no recipient")
        }
        let headers = [
            "From: \(from)",
            "To: \(message.to.map(\.value).joined(separator: ", "))",
            "Subject: \(encodeHeader(message.subject))",
            "Date: \(rfc2822(now))",
            // A stable id per outbox row lets receivers drop a duplicate should a delivery be retried after a crash.
            "Message-ID: <\(outbox.id)@steward>",
            "X-Steward-Kind: \(message.kind)",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
        ]
        let body = message.body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + body + (body.hasSuffix("\r\n") ? "" : "\r\n")
    }

    /// Printable ASCII only: nothing that ends a header line or hides in one.
    static func isHeaderSafe(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) }
    }

    /// RFC 2047 encoded-word for any subject that is not printable ASCII; header injection is impossible since
    /// line breaks, NUL and every other control are encoded too.
    static func encodeHeader(_ text: String) -> String {
        if isHeaderSafe(text) { return text }
        return "=?UTF-8?B?\(Data(text.utf8).base64EncodedString())?="
    }

    static func rfc2822(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
