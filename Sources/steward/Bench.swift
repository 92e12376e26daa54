import ArgumentParser
import Foundation
import StewardServer
import StewardStore

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time access decisions over a generated world (build with -c release; see docs/benchmark.md).",
        discussion: "The world is written to the database once; later runs on the same database reuse it."
    )

    @Option(help: "Database to fill and read: sqlite://PATH or postgres://… (default: a new SQLite file in a temporary directory).")
    var database: String?
    @Option(help: "Partners in the generated world.") var partners = 200
    @Option(name: .customLong("customers-per-partner")) var customersPerPartner = 100
    @Option(name: .customLong("users-per-partner")) var usersPerPartner = 50
    @Option(name: .customLong("customers-per-user"), help: "Customers each partner user is assigned to.") var customersPerUser = 20
    @Option(help: "Checks to time in process.") var checks = 1_000_000
    @Option(help: "Seed of the generated world and of the checks.") var seed: UInt64 = 1
    @Option(name: .customLong("wrk-script"), help: "Write a wrk script posting the same checks with a fresh check-scope API token.")
    var wrkScript: String?

    func validate() throws {
        guard partners > 0, customersPerPartner > 0, usersPerPartner > 0, customersPerUser > 0, checks > 0 else {
            throw ValidationError("sizes and --checks must be positive")
        }
    }

    func run() async throws {
        let url: DatabaseURL
        if let database {
            url = try DatabaseURL(parsing: database)
        } else {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("steward-bench-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            url = .sqlite(path: directory.appendingPathComponent("steward.db").path)
            printOut("database: \(url)")
        }
        let shape = WorldShape(
            partners: partners, customersPerPartner: customersPerPartner, usersPerPartner: usersPerPartner,
            customersPerUser: customersPerUser, seed: seed
        )
        try await DecisionBenchmark.run(DecisionBenchmark.Options(database: url, shape: shape, checks: checks, wrkScript: wrkScript)) { printOut($0) }
    }
}
