import Foundation
import StewardCore
import StewardStore

/// Everything `steward serve` can be told, with the defaults of API.md "Command line and configuration".
public struct Configuration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var database = DatabaseURL.default
    /// Nil means `http://HOST:PORT`.
    public var publicURL: String?
    public var operatorEmail: String?
    public var operatorPassword: String?
    public var smtpURL: String?
    public var mailFrom = "steward@localhost"
    public var licensingEmail = "licensing@localhost"
    /// `licensingEmail` parsed; checked when the configuration is read.
    var licensingContact: EmailAddress { EmailAddress(licensingEmail) ?? EmailAddress("licensing@localhost")! }
    public var approvalWindow: Duration = .seconds(14 * 24 * 3600)
    public var regions = ["us", "eu", "uk", "ca", "au", "ap"]
    public var maxBodyBytes = 1 << 20
    /// bcrypt work factor; tests lower it to keep sign-ins fast.
    public var bcryptCost: UInt8 = 12
    /// How long a sign-in session lasts.
    public var sessionLifetime: Duration = .seconds(12 * 3600)
    /// How long decisions are still answered while the change feed cannot be read and no missed write is
    /// known (`STEWARD_INDEX_STALE_BOUND`); after it, checks answer 503 and `/readyz` fails.
    public var indexStaleBound: Duration = .seconds(5)
    /// Proxies whose `X-Forwarded-For` names the client (`STEWARD_TRUSTED_PROXIES`, addresses or CIDRs).
    var trustedProxies: [IPNetwork] = []
    /// Who must enrol TOTP (`STEWARD_REQUIRE_MFA`).
    public var requireMFA: MFARequirement = .none
    /// The longest a partner's POC licence may run from its start (`STEWARD_POC_MAX_DAYS`).
    public var pocMaxDays = 90
    public var vendorName = "Vendor"
    /// Where mail goes without SMTP, one `.eml` file per message.
    public var mailDirectory = "steward-data/mail"
    /// The token-signing keys and the audit key (`STEWARD_KEY_FILE`); created 0600 on the first start.
    public var keyFile = "steward-data/keys.json"

    public init() {}

    /// The URL used in emailed links and token issuers.
    public var effectivePublicURL: String {
        publicURL ?? "http://\(host):\(port)"
    }

    /// Reads the `STEWARD_*` variables over the defaults; flags are applied on top by the caller.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Configuration {
        var configuration = Configuration()
        let env = { (name: String) -> String? in
            guard let value = environment[name], !value.isEmpty else { return nil }
            return value
        }
        if let host = env("STEWARD_HOST") { configuration.host = host }
        if let port = env("STEWARD_PORT") { configuration.port = try ConfigurationParsing.port(port, name: "STEWARD_PORT") }
        if let database = env("STEWARD_DATABASE_URL") { configuration.database = try DatabaseURL(parsing: database) }
        configuration.publicURL = env("STEWARD_PUBLIC_URL")
        configuration.operatorEmail = env("STEWARD_OPERATOR_EMAIL")
        configuration.operatorPassword = env("STEWARD_OPERATOR_PASSWORD")
        configuration.smtpURL = env("STEWARD_SMTP_URL")
        if let from = env("STEWARD_MAIL_FROM") { configuration.mailFrom = from }
        if let licensing = env("STEWARD_LICENSING_EMAIL") {
            guard EmailAddress(licensing) != nil else { throw ConfigurationError("STEWARD_LICENSING_EMAIL: '\(licensing)' is not an email address") }
            configuration.licensingEmail = licensing
        }
        if let window = env("STEWARD_APPROVAL_WINDOW") {
            configuration.approvalWindow = try ConfigurationParsing.duration(window, name: "STEWARD_APPROVAL_WINDOW")
        }
        if let regions = env("STEWARD_REGIONS") { configuration.regions = try ConfigurationParsing.regions(regions) }
        if let body = env("STEWARD_MAX_BODY") { configuration.maxBodyBytes = try ConfigurationParsing.size(body, name: "STEWARD_MAX_BODY") }
        if let keyFile = env("STEWARD_KEY_FILE") { configuration.keyFile = keyFile }
        if let proxies = env("STEWARD_TRUSTED_PROXIES") {
            configuration.trustedProxies = try proxies.split(separator: ",").map { entry in
                let text = entry.trimmingCharacters(in: .whitespaces)
                guard let network = IPNetwork(text) else { throw ConfigurationError("STEWARD_TRUSTED_PROXIES: '\(text)' is not an address or CIDR") }
                return network
            }
        }
        if let mfa = env("STEWARD_REQUIRE_MFA") {
            guard let value = MFARequirement(rawValue: mfa) else { throw ConfigurationError("STEWARD_REQUIRE_MFA must be none, operators or admins") }
            configuration.requireMFA = value
        }
        if let bound = env("STEWARD_INDEX_STALE_BOUND") {
            configuration.indexStaleBound = try ConfigurationParsing.duration(bound, name: "STEWARD_INDEX_STALE_BOUND")
            guard configuration.indexStaleBound <= .seconds(60) else { throw ConfigurationError("STEWARD_INDEX_STALE_BOUND must be at most 60s") }
        }
        if let days = env("STEWARD_POC_MAX_DAYS") {
            guard let value = Int(days), (1...3650).contains(value) else {
                throw ConfigurationError("STEWARD_POC_MAX_DAYS must be a whole number of days from 1 to 3650")
            }
            configuration.pocMaxDays = value
        }
        if let cost = env("STEWARD_BCRYPT_COST") {
            guard let value = UInt8(cost), (4...31).contains(value) else {
                throw ConfigurationError("STEWARD_BCRYPT_COST must be a whole number from 4 to 31")
            }
            configuration.bcryptCost = value
        }
        return configuration
    }
}

/// A configuration value that cannot be used; `steward` prints it and exits.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
