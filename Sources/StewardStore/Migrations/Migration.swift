/// One numbered change to the schema, applied once and recorded in `steward_migrations`.
struct Migration: Sendable {
    let version: Int
    let name: String
    /// Statements run in order in one transaction; the closure picks dialect-specific SQL where needed.
    let statements: @Sendable (BackendKind) -> [String]
}
