import ArgumentParser
import Foundation
import Hummingbird
import StewardServer
import StewardStore

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Migrate the database, then run the server.")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Address to listen on (STEWARD_HOST).") var host: String?
    @Option(help: "Port to listen on (STEWARD_PORT).") var port: Int?
    @Option(name: .customLong("public-url"), help: "URL used in emailed links (STEWARD_PUBLIC_URL).") var publicURL: String?
    @Option(help: "SMTP server, smtp://host:port (STEWARD_SMTP_URL).") var smtp: String?

    func run() async throws {
        var configuration = try database.configuration()
        if let host { configuration.host = host }
        if let port { configuration.port = try ConfigurationParsing.port(String(port), name: "--port") }
        if let publicURL { configuration.publicURL = publicURL }
        if let smtp { configuration.smtpURL = smtp }
        let steward = try await Steward.open(configuration: configuration)
        if let first = try await steward.bootstrapIfEmpty() {
            printOut("Steward is set up. Sign in at \(configuration.effectivePublicURL)/login as \(first.operatorEmail)")
            if let password = first.generatedPassword {
                printOut("with this password, shown only now: \(password)")
            }
        }
        printOut("Steward listening on \(configuration.host):\(configuration.port), database \(configuration.database)")
        try await steward.application().runService()
        await steward.store.shutdown()
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Apply database migrations and exit.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let configuration = try database.configuration()
        let store = try await Store.open(configuration.database)
        let applied = try await store.migrate()
        let healed = try await store.healStoredValues()
        await store.shutdown()
        printOut(applied.isEmpty ? "The database is up to date." : "Applied migrations: \(applied.map(String.init).joined(separator: ", "))")
        for record in healed { printOut("Healed \(record.table) \(record.id): \(record.problem); \(record.action).") }
    }
}

struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Audit trail tools.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "verify", abstract: "Check the audit hash chain.")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let configuration = try database.configuration()
            let key = try KeyCommands.auditKey(keyFile: configuration.keyFile)
            let store = try await Store.open(configuration.database)
            let outcome: Result<(AuditChainBreak?, AuditChainSummary), any Error>
            do {
                outcome = .success((try await store.verifyAuditChain(key: key?.key, mustBeKeyed: key?.chainKeyed ?? false), try await store.auditChainSummary()))
            } catch {
                outcome = .failure(error)
            }
            await store.shutdown()
            let (broken, head) = try outcome.get()
            if let broken {
                printError("The audit chain is broken at event \(broken.seq) (\(broken.id)): \(broken.reason)")
                throw ExitCode(1)
            }
            printOut("The audit chain is intact: \(head.events) events, head \(head.hash) (\(head.keyed ? "keyed" : "not keyed")).")
        }
    }
}

struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "keys", abstract: "The key file's keys.", subcommands: [Rotate.self])

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate", abstract: "A new signing key signs tenant tokens from now on; the old one stays in the JWKS until its tokens expire."
        )

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let configuration = try database.configuration()
            let (active, retired) = try KeyCommands.rotate(keyFile: configuration.keyFile)
            printOut("Key \(active) signs from now on; \(retired) stays in the JWKS for the next 15 minutes (\(configuration.keyFile)).")
        }
    }
}
