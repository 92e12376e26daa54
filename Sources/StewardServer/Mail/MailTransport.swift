import Foundation
import StewardCore
import StewardStore

/// Where delivered mail goes.
protocol MailTransport: Sendable {
    func deliver(_ message: OutboxMessage, from: String) async throws
}

/// The default without SMTP: one `.eml` file per message, written atomically, for the operator to read.
struct FileMailTransport: MailTransport {
    let directory: URL

    func deliver(_ message: OutboxMessage, from: String) async throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let text = try MailFormatter.render(message, from: from)
        try Data(text.utf8).write(to: directory.appendingPathComponent("\(message.id).eml"), options: .atomic)
    }
}
