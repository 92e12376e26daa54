import Dispatch
import Foundation
import StewardCore
import StewardStore

/// `steward bench`: fills a database with a generated world (once), loads the decision index from it and
/// times checks in process. The HTTP half is measured with wrk against `steward serve` (scripts/bench.sh).
public enum DecisionBenchmark {
    public struct Options: Sendable {
        public var database: DatabaseURL
        public var shape: WorldShape
        public var checks: Int
        /// Where to write a wrk script that posts checks from the same world with a `check` API token.
        public var wrkScript: String?

        public init(database: DatabaseURL, shape: WorldShape, checks: Int, wrkScript: String?) {
            self.database = database
            self.shape = shape
            self.checks = checks
            self.wrkScript = wrkScript
        }
    }

    /// One check as the benchmark asks it.
    struct Query: Sendable {
        var user: UserID
        var tenant: OrgID
        var product: String?
        var permission: CheckPermission
    }

    public static func run(_ options: Options, log: @escaping @Sendable (String) -> Void) async throws {
        let store = try await Store.open(options.database)
        defer { Task { await store.shutdown() } }
        _ = try await store.migrate()
        let operatorUser = try await prepareWorld(store, shape: options.shape, log: log)

        let index = DecisionIndex(store: store)
        let residentBefore = ProcessMemory.resident
        let loadStart = DispatchTime.now()
        try await index.load()
        let loadSeconds = seconds(since: loadStart)
        log(String(
            format: "index load: %.2f s; resident memory +%.0f MiB (to %.0f MiB)",
            loadSeconds, mebibytes(ProcessMemory.resident - residentBefore), mebibytes(ProcessMemory.resident)
        ))
        let counts = index.counts
        log("index holds \(counts.users) users, \(counts.memberships) memberships, \(counts.relationships) relationships, \(counts.licenses) licences (revision \(index.revision))")

        let queries = try await makeQueries(store, count: options.checks, seed: options.shape.seed)
        let now = store.now
        log(reasonMix(index, queries, now))
        measureLatency(index, queries, now, log: log)
        for threads in Set([1, ProcessInfo.processInfo.activeProcessorCount]).sorted() {
            measureThroughput(index, queries, now, threads: threads, log: log)
        }
        if let path = options.wrkScript {
            try await writeWrkScript(path, store: store, operatorUser: operatorUser, queries: queries.prefix(5_000))
            log("wrk script: \(path)")
        }
    }

    /// Bootstraps the vendor when the database is empty and imports the world unless it has partners already.
    static func prepareWorld(_ store: Store, shape: WorldShape, log: @Sendable (String) -> Void) async throws -> User {
        if try await store.vendorOrg() == nil {
            // "!" is no bcrypt hash: the benchmark's operator cannot sign in.
            _ = try await store.bootstrap(
                vendorName: "Benchmark vendor", operatorEmail: EmailAddress("bench-operator@localhost.localdomain")!, operatorName: "Benchmark",
                passwordHash: "!"
            )
        }
        guard let vendor = try await store.vendorOrg(),
              let operatorUser = try await store.users(of: vendor.id, page: PageRequest(limit: 1)).items.first
        else { throw ConfigurationError("the database has no vendor operator") }
        let existing = try await store.orgs(in: .all, filter: OrgFilter(kind: .partner), page: PageRequest(limit: 1))
        guard existing.items.isEmpty else {
            log("using the world already in the database")
            return operatorUser
        }
        var world = SyntheticWorld(shape: shape, products: try await store.products(), vendor: vendor.id, now: store.now)
        let start = DispatchTime.now()
        var rows = 0
        for number in 0..<shape.partners {
            let slice = world.partner(number)
            rows += slice.rows.count
            _ = try await store.bulkImport(slice.rows, by: AuditActor(userID: operatorUser.id, orgID: vendor.id))
        }
        log(String(format: "generated %d partners and %d rows in %.1f s", shape.partners, rows, seconds(since: start)))
        return operatorUser
    }

    /// Four in five checks ask about a (user, tenant) pair that has a membership, the rest about a random pair;
    /// product and permission are drawn from the catalog, so every reason code occurs.
    static func makeQueries(_ store: Store, count: Int, seed: UInt64) async throws -> [Query] {
        let snapshot = try await store.accessSnapshot()
        let pairs = snapshot.memberships.filter { $0.source == .partner }.map { ($0.userID, $0.tenantID) }
        let users = Array(snapshot.users.keys).sorted { $0.rawValue < $1.rawValue }
        let tenants = snapshot.relationships.map(\.customerID)
        let products = snapshot.roles.keys.sorted()
        guard !pairs.isEmpty, !tenants.isEmpty, !products.isEmpty else { throw ConfigurationError("the world has no memberships to check") }
        var random = SeededGenerator(state: seed &+ 7)
        return (0..<count).map { _ in
            let (user, tenant) = Int.random(in: 0..<5, using: &random) == 0
                ? (users.randomElement(using: &random)!, tenants.randomElement(using: &random)!)
                : pairs.randomElement(using: &random)!
            let permission = CheckPermission.allCases.randomElement(using: &random)!
            return Query(user: user, tenant: tenant, product: permission == .platformAdmin ? nil : products.randomElement(using: &random), permission: permission)
        }
    }

    private static func reasonMix(_ index: DecisionIndex, _ queries: [Query], _ now: Date) -> String {
        var mix: [DecisionReason: Int] = [:]
        for query in queries {
            guard let decision = try? index.decide(user: query.user, tenant: query.tenant, product: query.product, permission: query.permission, at: now) else { continue }
            mix[decision.reason, default: 0] += 1
        }
        let parts = DecisionReason.allCases.map { reason in String(format: "%@ %.1f%%", reason.rawValue, 100 * Double(mix[reason] ?? 0) / Double(queries.count)) }
        return "answers: " + parts.joined(separator: ", ")
    }

    /// Times each check on its own, after one untimed pass to warm caches. Includes the clock's own cost,
    /// which is reported next to it.
    private static func measureLatency(_ index: DecisionIndex, _ queries: [Query], _ now: Date, log: (String) -> Void) {
        for query in queries { _ = try? index.decide(user: query.user, tenant: query.tenant, product: query.product, permission: query.permission, at: now) }
        var samples = [UInt64](repeating: 0, count: queries.count)
        for (position, query) in queries.enumerated() {
            // Fresh copies of the ids, as a request has just decoded them: the timing then covers the index,
            // not cache misses on a million query strings scattered over the heap.
            let user = UserID(String(decoding: Array(query.user.rawValue.utf8), as: UTF8.self))
            let tenant = OrgID(String(decoding: Array(query.tenant.rawValue.utf8), as: UTF8.self))
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try? index.decide(user: user, tenant: tenant, product: query.product, permission: query.permission, at: now)
            samples[position] = DispatchTime.now().uptimeNanoseconds - start
        }
        samples.sort()
        var clock = [UInt64](repeating: 0, count: 10_000)
        for position in clock.indices {
            let start = DispatchTime.now().uptimeNanoseconds
            clock[position] = DispatchTime.now().uptimeNanoseconds - start
        }
        clock.sort()
        func percentile(_ p: Double) -> UInt64 { samples[min(samples.count - 1, Int(Double(samples.count) * p))] }
        log("in-process check latency over \(samples.count) checks: p50 \(percentile(0.5)) ns, p90 \(percentile(0.9)) ns, p99 \(percentile(0.99)) ns, p99.9 \(percentile(0.999)) ns, max \(samples.last!) ns (the clock read itself: \(clock[clock.count / 2]) ns)")
    }

    private static func measureThroughput(_ index: DecisionIndex, _ queries: [Query], _ now: Date, threads: Int, log: (String) -> Void) {
        let share = queries.count / threads
        let start = DispatchTime.now()
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for query in queries[(thread * share)..<((thread + 1) * share)] {
                _ = try? index.decide(user: query.user, tenant: query.tenant, product: query.product, permission: query.permission, at: now)
            }
        }
        let elapsed = seconds(since: start)
        log(String(format: "in-process throughput, %d thread(s): %.2f million checks/s", threads, Double(share * threads) / elapsed / 1e6))
    }

    /// A wrk script posting the benchmark's checks in turn, authenticated by a fresh `check` token.
    private static func writeWrkScript(_ path: String, store: Store, operatorUser: User, queries: ArraySlice<Query>) async throws {
        let secret = APITokenRoutes.prefix + SecretToken.make()
        // As the operator would mint it from a signed-in session.
        let caller = Caller(actor: Actor(userID: operatorUser.id, orgID: operatorUser.orgID, orgKind: .vendor, role: operatorUser.role), credential: .session)
        let expiresAt = store.now.addingTimeInterval(86_400)
        _ = try await store.transaction(by: AuditActor(caller.actor)) { records in
            try await APITokenManagement.create(name: "benchmark", scopes: [.check], expiresAt: expiresAt, secretHash: SecretToken.hash(secret), by: caller, in: records)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var bodies: [String] = []
        for query in queries {
            var body = ["user_id": query.user.rawValue, "tenant_id": query.tenant.rawValue, "permission": query.permission.rawValue]
            body["product"] = query.product
            bodies.append(String(decoding: try encoder.encode(body), as: UTF8.self))
        }
        let script = """
            -- Generated by `steward bench`: posts the benchmark's checks in turn.
            wrk.method = "POST"
            wrk.headers["Content-Type"] = "application/json"
            wrk.headers["Authorization"] = "Bearer \(secret)"
            local bodies = {
            \(bodies.map { "  [[\($0)]]," }.joined(separator: "\n"))
            }
            local next = 0
            request = function()
              next = next % #bodies + 1
              return wrk.format(nil, nil, nil, bodies[next])
            end

            """
        try script.write(toFile: path, atomically: true, encoding: .utf8)
    }

    private static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    private static func mebibytes(_ bytes: Int) -> Double { Double(bytes) / 1_048_576 }
}
