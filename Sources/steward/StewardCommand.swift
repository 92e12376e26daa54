import ArgumentParser
import Foundation
import StewardServer
import StewardStore

@main
struct StewardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "steward",
        abstract: "Delegated access for partners and their customers.",
        subcommands: [Serve.self, Migrate.self, Audit.self, Keys.self, Bench.self]
    )
}

/// Flags shared by every command that opens the database; each also reads its `STEWARD_*` variable.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "Database URL: sqlite://PATH or postgres://user:pass@host:port/db (STEWARD_DATABASE_URL).")
    var database: String?

    func configuration() throws -> Configuration {
        var configuration = try Configuration.fromEnvironment()
        if let database { configuration.database = try DatabaseURL(parsing: database) }
        return configuration
    }
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Writes a line to standard output right away, even when piped.
func printOut(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
