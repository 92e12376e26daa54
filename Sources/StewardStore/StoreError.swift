/// Failures of the store that no caller can mend: a bare 500 at the API, a refusal to start at the command line.
/// What a caller is told instead (not found, a conflict, a stale version) is a `Refused` from Core.
public enum StoreError: Error, Sendable, Equatable {
    /// The configuration cannot be used (bad URL, unreachable database at start).
    case invalidConfiguration(String)
    /// The database holds migrations newer than this build knows.
    case schemaTooNew(Int)
    /// A stored record does not pass the validation its type applies; nothing is guessed in its place.
    case unreadable(String)
}
