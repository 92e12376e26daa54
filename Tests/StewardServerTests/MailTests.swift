import Foundation
import Logging
@testable import StewardServer
import StewardCore
import StewardStore
import StewardTesting
import Testing

/// A transport that fails a given number of times, then records what it delivers.
final class FlakyTransport: MailTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var failuresLeft: Int
    private(set) var delivered: [String] = []

    init(failures: Int) { failuresLeft = failures }

    func deliver(_ message: OutboxMessage, from: String) async throws {
        try lock.withLock {
            if failuresLeft > 0 {
                failuresLeft -= 1
                throw SMTPError("connection refused")
            }
            delivered.append(message.id)
        }
    }
}

@Suite("mail")
struct MailTests {
    /// Opens one relationship so the outbox holds one request mail; returns the steward.
    func stewardWithMail(clock: TestClock) async throws -> Steward {
        let server = try await TestServer.make(clock: clock.now)
        let steward = server.steward
        let store = steward.store
        let partner = try await store.createOrg(NewOrg(kind: .partner, name: "P", program: .mdr), by: .system).value
        let customer = try await store.createOrg(NewOrg(kind: .customer, name: "Zürich AG", region: "eu"), by: .system).value
        _ = try await store.createUser(NewUser(orgID: customer.id, email: EmailAddress("admin@zurich.example")!, name: "A", role: .admin, passwordHash: nil), by: .system)
        let mailer = RelationshipMailer(publicURL: "http://steward.test")
        _ = try await store.openRelationship(
            partner: partner.id, customer: customer.id, approvalWindow: 3600, approvalTokenHash: SecretToken.hash("token"),
            by: .system, mail: mailer.request(approvalToken: "token")
        )
        return steward
    }

    @Test("the worker retries with back-off until delivery, then never sends again")
    func retries() async throws {
        let clock = TestClock()
        let steward = try await stewardWithMail(clock: clock)
        let transport = FlakyTransport(failures: 2)
        let worker = OutboxWorker(store: steward.store, transport: transport, from: "steward@localhost", logger: Logger(label: "test"))
        #expect(try await worker.runOnce() == 0)
        #expect(try await worker.runOnce() == 0, "not due before its back-off")
        clock.advance(OutboxWorker.backoff(attempt: 1) + 1)
        #expect(try await worker.runOnce() == 0)
        clock.advance(OutboxWorker.backoff(attempt: 2) + 1)
        #expect(try await worker.runOnce() == 1)
        clock.advance(86400)
        #expect(try await worker.runOnce() == 0)
        #expect(transport.delivered.count == 1)
        let stored = try #require(try await steward.store.outbox().items.first)
        #expect(stored.state == "sent" && stored.attempts == 3)
        await steward.store.shutdown()
    }

    @Test("back-off doubles from 5 seconds and stops growing at an hour")
    func backoff() {
        #expect(OutboxWorker.backoff(attempt: 1) == 5)
        #expect(OutboxWorker.backoff(attempt: 2) == 10)
        #expect(OutboxWorker.backoff(attempt: 5) == 80)
        #expect(OutboxWorker.backoff(attempt: 40) == 3600)
    }

    @Test("without SMTP, mail lands as .eml files carrying the approval link")
    func files() async throws {
        let clock = TestClock()
        let steward = try await stewardWithMail(clock: clock)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mail-\(UUID().uuidString)")
        let worker = OutboxWorker(store: steward.store, transport: FileMailTransport(directory: directory), from: "Steward <steward@localhost>", logger: Logger(label: "test"))
        #expect(try await worker.runOnce() == 1)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(files.count == 1 && files[0].hasSuffix(".eml"))
        let text = try String(contentsOf: directory.appendingPathComponent(files[0]), encoding: .utf8)
        #expect(text.contains("To: admin@zurich.example\r\n"))
        #expect(text.contains("http://steward.test/approve/token"))
        #expect(text.contains("Subject: =?UTF-8?B?"), "the subject names Zürich, so it is encoded")
        await steward.store.shutdown()
    }

    @Test("headers cannot be injected through a subject, a NUL included; bad header values are refused where they are written")
    func headerInjection() throws {
        func outbox(_ subject: String, kind: String = "k") -> OutboxMessage {
            OutboxMessage(
                id: "msg_1", message: MailMessage(to: [EmailAddress("a@b.example")!], subject: subject, body: "x", kind: kind),
                createdAt: Date(), attempts: 0, nextAttemptAt: Date(), sentAt: nil, failedAt: nil, lastError: nil
            )
        }
        let text = try MailFormatter.render(outbox("Hi\r\nBcc: evil@x.example"), from: "s@localhost")
        #expect(!text.contains("\r\nBcc:"))
        #expect(text.contains("Message-ID: <msg_1@steward>"))
        #expect(!(try MailFormatter.render(outbox("Hi\u{0}there"), from: "s@localhost")).contains("\u{0}"), "a NUL never reaches a header")
        #expect(throws: MailFormatter.UnsafeMessage.self) { try MailFormatter.render(outbox("Hi"), from: "s@localhost\r\nBcc: evil@x.example") }
        #expect(throws: MailFormatter.UnsafeMessage.self) { try MailFormatter.render(outbox("Hi", kind: "k\nX: y"), from: "s@localhost") }
    }

    @Test("SMTP URLs must be smtp://host[:port]")
    func smtpURL() throws {
        #expect(try SMTPTransport(url: "smtp://mail.example:2525").port == 2525)
        #expect(try SMTPTransport(url: "smtp://mail.example").port == 25)
        #expect(throws: ConfigurationError.self) { try SMTPTransport(url: "http://mail.example") }
    }
}
