import Foundation
import StewardCore
import StewardStore

/// Writes outbox messages as RFC 5322 text: UTF-8 plain text, encoded-word subjects, CRLF line ends.
enum MailFormatter {
    static func render(_ outbox: OutboxMessage, from: String, now: Date = Date()) -> String {
        let message = outbox.message
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

    /// RFC 2047 encoded-word for non-ASCII subjects; header injection is impossible since newlines are encoded too.
    static func encodeHeader(_ text: String) -> String {
        if text.allSatisfy({ $0.isASCII && !$0.isNewline }) { return text }
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
