/// Failures of the store that callers are expected to handle.
public enum StoreError: Error, Sendable, Equatable {
    /// The configuration cannot be used (bad URL, unreachable database at start).
    case invalidConfiguration(String)
    /// A uniqueness or state rule of the data was violated.
    case conflict(String)
    /// The record does not exist.
    case notFound
    /// The edit was based on an older version than the stored one.
    case staleVersion(current: Int)
    /// The database holds migrations newer than this build knows.
    case schemaTooNew(Int)
    /// A stored record does not pass the validation its type applies; nothing is guessed in its place.
    case unreadable(String)
}
