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
    let metrics: PrometheusCollectorRegistry
    /// The key file as read at start (signing keys are re-read by the signer on rotation).
    let keys: KeyFile
    let index: DecisionIndex
    let signer: TokenSigner
    let credentials: CredentialCache
    let tenants: TenantDirectory

    init(
        configuration: Configuration, store: Store, pages: PageRenderer, index: DecisionIndex, signer: TokenSigner, credentials: CredentialCache,
        tenants: TenantDirectory, metrics: PrometheusCollectorRegistry, keys: KeyFile
    ) {
        self.tenants = tenants
        self.metrics = metrics
        self.keys = keys
        self.configuration = configuration
        self.store = store
        hasher = PasswordHasher(cost: configuration.bcryptCost)
        self.pages = pages
        self.index = index
        self.signer = signer
        self.credentials = credentials
    }

    /// Opens and migrates the database and loads the templates.
    public static func open(configuration: Configuration, clock: @escaping @Sendable () -> Date = { Date() }) async throws -> Steward {
        let store = try await Store.open(configuration.database, clock: clock)
        do {
            try await store.migrate()
            // Values stored before today's validation are made harmless before the index reads them.
            for record in try await store.healStoredValues() {
                Logger(label: "steward.heal").warning("a stored value failed validation and was healed", metadata: [
                    "table": "\(record.table)", "id": "\(record.id)", "problem": "\(record.problem)", "action": "\(record.action)",
                ])
            }
            let credentials = CredentialCache()
            let metrics = PrometheusCollectorRegistry()
            let failures = metrics.makeCounter(name: "steward_index_catch_up_failures_total")
            let tenants = TenantDirectory(store: store)
            let index = DecisionIndex(store: store, staleBound: configuration.indexStaleBound, onFailure: { failures.increment() }) { changed in
                if let changed { credentials.forget(users: changed.users) } else { credentials.forgetAll() }
                tenants.forget(changed)
            }
            // Every write made here reaches the index before the write returns to its caller; if it cannot,
            // the index refuses checks until it has (the failure is logged there).
            store.onCommit { revision in try? await index.catchUp(committed: revision) }
            try await index.load()
            let keys = try await KeySetup.prepare(path: configuration.keyFile, store: store, now: clock(), logger: Logger(label: "steward.keys"))
            let signer = try await TokenSigner.load(keyFile: configuration.keyFile, issuer: configuration.effectivePublicURL, now: clock())
            return Steward(configuration: configuration, store: store, pages: try await PageRenderer.load(), index: index, signer: signer, credentials: credentials, tenants: tenants, metrics: metrics, keys: keys)
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
        let given = configuration.operatorPassword.flatMap { validator.password("STEWARD_OPERATOR_PASSWORD", $0, policy: CommonPasswords.policy, email: email) }
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
        router.add(middleware: SecurityHeadersMiddleware(https: configuration.effectivePublicURL.hasPrefix("https://")))
        router.add(middleware: ErrorMiddleware(pages: pages))
        router.add(middleware: RequestSetupMiddleware(maxBodyBytes: configuration.maxBodyBytes, trustedProxies: configuration.trustedProxies))
        let lookup = CredentialLookup(store: store, credentials: credentials, tenants: tenants)
        let api = APIRoutes(router: router, lookup: lookup, requireMFA: configuration.requireMFA)
        let cookies = ConsoleCookies(secure: configuration.effectivePublicURL.hasPrefix("https://"))
        let console = ConsoleRoutes(router: router, lookup: lookup, requireMFA: configuration.requireMFA, cookies: cookies, pages: pages)
        let totp = TOTPService(store: store, sessionKey: keys.sessionKey)
        let signIn = SignIn(store: store, hasher: hasher, totp: totp, requireMFA: configuration.requireMFA, sessionLifetime: configuration.sessionLifetime)
        let users = UserService(store: store, hasher: hasher, invitations: InvitationMailer(publicURL: configuration.effectivePublicURL))
        let relationships = relationshipService
        ServiceRoutes(store: store, index: index, metrics: metrics).register(on: api)
        AuthRoutes(store: store, signIn: signIn).register(on: api)
        MFARoutes(store: store, totp: totp, signIn: signIn, requireMFA: configuration.requireMFA).register(on: api)
        OrgRoutes(store: store, regions: configuration.regions).register(on: api)
        UserRoutes(store: store, users: users).register(on: api)
        ProductRoutes(store: store).register(on: api)
        RelationshipRoutes(store: store, relationships: relationships).register(on: api)
        NotificationSettingsRoutes(store: store).register(on: api)
        AuditRoutes(store: store).register(on: api)
        AccessReviewRoutes(store: store).register(on: api)
        MembershipRoutes(store: store, mail: Self.accessMail).register(on: api)
        PartnerRoutes(store: store, regions: configuration.regions, mail: Self.accessMail).register(on: api)
        LicenseRequestRoutes(store: store, licensingContact: configuration.licensingContact).register(on: api)
        LicenseRoutes(store: store, limits: LicenseLimits(regions: configuration.regions, pocMaxDays: configuration.pocMaxDays), mail: Self.accessMail).register(on: api)
        CheckRoutes(index: index, store: store).register(on: api)
        APITokenRoutes(store: store).register(on: api)
        TenantRoutes(store: store, signer: signer, directory: tenants).register(on: api)
        try StaticRoutes().register(on: console)
        ConsoleAuthRoutes(
            store: store, signIn: signIn, pages: pages, cookies: cookies,
            sessionLifetime: configuration.sessionLifetime, preSession: LoginPreSession(sessionKey: keys.sessionKey), tenants: tenants
        ).register(on: console)
        ConsoleInvitationRoutes(
            store: store, pages: pages, cookies: cookies, preSession: LoginPreSession(sessionKey: keys.sessionKey), hasher: hasher, users: users
        ).register(on: console)
        ConsoleOrgRoutes(
            store: store, pages: pages, regions: configuration.regions, users: users, cookies: cookies,
            limits: LicenseLimits(regions: configuration.regions, pocMaxDays: configuration.pocMaxDays)
        ).register(on: console)
        ConsoleRelationshipRoutes(store: store, pages: pages, cookies: cookies, relationships: relationships).register(on: console)
        ConsoleApprovalRoutes(store: store, pages: pages, relationships: relationships).register(on: console)
        ConsoleOutboxRoutes(store: store, pages: pages).register(on: console)
        ConsoleAuditRoutes(store: store, pages: pages).register(on: console)
        ConsoleAccessReviewRoutes(store: store, pages: pages, cookies: cookies).register(on: console)
        ConsoleAssignmentRoutes(store: store, pages: pages, cookies: cookies).register(on: console)
        ConsolePartnerSettingsRoutes(store: store, pages: pages, cookies: cookies).register(on: console)
        ConsoleCatalogRoutes(store: store, pages: pages, cookies: cookies).register(on: console)
        ConsoleUserRoutes(store: store, pages: pages, cookies: cookies).register(on: console)
        ConsoleLicenseRequestRoutes(store: store, pages: pages, cookies: cookies, licensingContact: configuration.licensingContact).register(on: console)
        ConsoleNewCustomerRoutes(store: store, pages: pages, cookies: cookies, regions: configuration.regions, mail: Self.accessMail).register(on: console)
        ConsoleCustomerRoutes(
            store: store, pages: pages, cookies: cookies, limits: LicenseLimits(regions: configuration.regions, pocMaxDays: configuration.pocMaxDays)
        ).register(on: console)
        ConsoleDelegatedRoutes(store: store, pages: pages, cookies: cookies).register(on: console)
        ConsoleAssignWizardRoutes(store: store, pages: pages, cookies: cookies).register(on: console)
        ConsolePartnerUserRoutes(store: store, pages: pages, cookies: cookies).register(on: console)
        ConsoleMFARoutes(store: store, pages: pages, totp: totp, signIn: signIn, requireMFA: configuration.requireMFA).register(on: console)
        return router
    }

    /// The access emails of SPEC §6.
    static let accessMail: AccessMailComposer = { event, membership, subject, tenant, to in
        AccessMail.message(event: event, membership: membership, userName: subject.name, userEmail: subject.email, customer: tenant.name, to: to)
    }

    var relationshipService: RelationshipService {
        RelationshipService(
            store: store, mailer: RelationshipMailer(publicURL: configuration.effectivePublicURL), approvalWindow: configuration.approvalWindow
        )
    }

    /// Delivers the outbox over SMTP when configured, else into `steward-data/mail/`.
    func outboxWorker(logger: Logger) throws -> OutboxWorker {
        let transport: any MailTransport =
            if let smtp = configuration.smtpURL { try SMTPTransport(url: smtp) } else { FileMailTransport(directory: URL(fileURLWithPath: configuration.mailDirectory)) }
        return OutboxWorker(store: store, transport: transport, from: configuration.mailFrom, logger: logger)
    }

    /// The HTTP application on the configured address, with the outbox worker and the expiry sweeper.
    public func application(logger: Logger = Logger(label: "steward")) throws -> some ApplicationProtocol {
        var app = Application(
            router: try buildRouter(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Steward"),
            logger: logger
        )
        app.addServices(
            try outboxWorker(logger: logger), ExpirySweeper(store: store, accessMail: Self.accessMail, logger: logger),
            IndexFollower(index: index, logger: logger)
        )
        return app
    }
}
