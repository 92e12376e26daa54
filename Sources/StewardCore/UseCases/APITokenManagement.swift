import Foundation

/// An API token as listed: never its secret.
public struct APIToken: Sendable, Equatable {
    public var id: String
    public var userID: UserID
    public var name: String
    public var scopes: [TokenScope]
    public var createdAt: Date
    public var expiresAt: Date?
    public var revokedAt: Date?

    public init(id: String, userID: UserID, name: String, scopes: [TokenScope], createdAt: Date, expiresAt: Date?, revokedAt: Date? = nil) {
        self.id = id
        self.userID = userID
        self.name = name
        self.scopes = scopes
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }
}

/// Where API tokens are kept, inside one transaction: only the hash of a secret.
public protocol APITokenRecords: Sendable {
    var now: Date { get }
    func newAPITokenID() -> String
    /// Stores the token by its secret's hash and records `api_token.created`.
    func insert(_ token: APIToken, secretHash: String) async throws
    /// One of the user's tokens, revoked or not.
    func apiToken(_ id: String, of user: UserID) async throws -> APIToken?
    /// Revokes the token, tells every decision index to drop it and records `api_token.revoked`.
    func revoke(_ token: APIToken) async throws
}

/// API tokens act as the user who made them, narrowed to their scopes (API.md "Auth and self").
public enum APITokenManagement {
    /// Whether the caller may make tokens at all: asked before the request body is read.
    public static func requireMayCreate(_ caller: Caller) throws {
        try CredentialPolicy.mayCreateToken(caller, scopes: []).get()
    }

    /// Makes a token for the caller; the secret itself is the caller's to show once.
    public static func create(
        name: String, scopes: [TokenScope], expiresAt: Date?, secretHash: String, by caller: Caller, in records: some APITokenRecords
    ) async throws -> APIToken {
        try requireMayCreate(caller)
        var validator = Validator()
        let cleanName = validator.name("name", name, maxLength: 100)
        if scopes.isEmpty { validator.add("scopes", "must name at least one of check, admin") }
        if let expiresAt, expiresAt <= records.now { validator.add("expires_at", "must be in the future") }
        try validator.check()
        try CredentialPolicy.mayCreateToken(caller, scopes: Set(scopes)).get()
        let token = APIToken(
            id: records.newAPITokenID(), userID: caller.actor.userID, name: cleanName!,
            scopes: Array(Set(scopes)).sorted { $0.rawValue < $1.rawValue }, createdAt: records.now, expiresAt: expiresAt
        )
        try await records.insert(token, secretHash: secretHash)
        return token
    }

    /// Revokes one of the actor's own tokens; anyone else's reads as absent. Revoking twice changes nothing.
    public static func revoke(_ id: String, by actor: Actor, in records: some APITokenRecords) async throws {
        guard let token = try await records.apiToken(id, of: actor.userID) else { throw Refused.notFound }
        guard token.revokedAt == nil else { return }
        try await records.revoke(token)
    }
}
