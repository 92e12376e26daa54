import Foundation
import NIOSSL
import PostgresNIO

/// Parses `postgres://user:pass@host:port/db?sslmode=disable|prefer|require` (libpq's names; default `prefer`).
enum PostgresURL {
    static func parse(_ text: String) throws -> PostgresClient.Configuration {
        guard let components = URLComponents(string: text), let host = components.host, !host.isEmpty else {
            throw StoreError.invalidConfiguration("the PostgreSQL URL must look like postgres://user:pass@host:port/db")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        let mode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "prefer"
        let tls: PostgresClient.Configuration.TLS
        switch mode {
        case "disable": tls = .disable
        case "prefer", "allow": tls = .prefer(.makeClientConfiguration())
        case "require", "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
        default: throw StoreError.invalidConfiguration("sslmode must be disable, prefer or require")
        }
        return PostgresClient.Configuration(
            host: host, port: components.port ?? 5432,
            username: components.user?.removingPercentEncoding ?? "postgres",
            password: components.password?.removingPercentEncoding,
            database: database.isEmpty ? nil : database.removingPercentEncoding,
            tls: tls
        )
    }
}
