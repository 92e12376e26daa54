import Foundation
import Hummingbird
import Logging
import Prometheus
import StewardCore
import StewardStore

/// What the first start of an empty database did, for the executable to tell the operator once.
public struct FirstStart: Sendable {
    public var operatorEmail: String
    /// Set when the password was generated rather than configured; printed once and never stored in clear.
    public var generatedPassword: String?
}

/// A configured Steward: its store and everything the routes share. One way to build the app,
/// used by `steward serve` and by the tests.
public final class Steward: Sendable {
    public let configuration: Configuration
    public let store: Store
    let hasher: PasswordHasher
    let pages: PageRenderer
    let metrics = PrometheusCollectorRegistry()

    init(configuration: Configuration, store: Store, pages: PageRenderer) {
        self.configuration = configuration
        self.store = store
        hasher = PasswordHasher(cost: configuration.bcryptCost)
        self.pages = pages
    }

    /// Opens and migrates the database and loads the templates.
    public static func open(configuration: Configuration) async throws -> Steward {
        let store = try await Store.open(configuration.database)
        do {
            try await store.migrate()
            return Steward(configuration: configuration, store: store, pages: try await PageRenderer.load())
        } catch {
            await store.shutdown()
            throw error
        }
    }

    /// On an empty database, creates the vendor org, the first operator and the default catalog.
    public func bootstrapIfEmpty() async throws -> FirstStart? {
        guard try await store.vendorOrg() == nil else { return nil }
        var validator = Validator()
        let email = validator.email("STEWARD_OPERATOR_EMAIL", configuration.operatorEmail ?? "operator@localhost.localdomain")
        let given = configuration.operatorPassword.flatMap { validator.password("STEWARD_OPERATOR_PASSWORD", $0) }
        if !validator.errors.isEmpty {
            throw ConfigurationError(validator.errors.map { "\($0.field) \($0.message)" }.joined(separator: "; "))
        }
        let password = given ?? SecretToken.make()
        let hash = try await hasher.hash(password)
        guard try await store.bootstrap(vendorName: configuration.vendorName, operatorEmail: email!, operatorName: "Operator", passwordHash: hash) != nil
        else { return nil }
        return FirstStart(operatorEmail: email!.value, generatedPassword: given == nil ? password : nil)
    }

    /// The router with every API route, console page and middleware.
    public func buildRouter() throws -> Router<AppContext> {
        let router = Router(context: AppContext.self)
        router.add(middleware: MetricsMiddleware(registry: metrics))
        router.add(middleware: ErrorMiddleware(pages: pages))
        router.add(middleware: AuthMiddleware(store: store, maxBodyBytes: configuration.maxBodyBytes))
        let signIn = SignIn(store: store, hasher: hasher, sessionLifetime: configuration.sessionLifetime)
        let users = UserService(store: store, hasher: hasher)
        let orgs = OrgService(store: store, regions: configuration.regions)
        ServiceRoutes(store: store, metrics: metrics).register(on: router)
        AuthRoutes(store: store, signIn: signIn).register(on: router)
        OrgRoutes(store: store, regions: configuration.regions).register(on: router)
        UserRoutes(store: store, users: users).register(on: router)
        ProductRoutes(store: store).register(on: router)
        try StaticRoutes().register(on: router)
        ConsoleAuthRoutes(
            store: store, signIn: signIn, pages: pages, secureCookies: configuration.effectivePublicURL.hasPrefix("https://"),
            sessionLifetime: configuration.sessionLifetime
        ).register(on: router)
        ConsoleOrgRoutes(store: store, pages: pages, orgs: orgs, users: users).register(on: router)
        return router
    }

    /// The HTTP application on the configured address.
    public func application(logger: Logger = Logger(label: "steward")) throws -> some ApplicationProtocol {
        Application(
            router: try buildRouter(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Steward"),
            logger: logger
        )
    }
}
