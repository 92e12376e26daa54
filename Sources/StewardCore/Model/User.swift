import Foundation

/// A user's role in their home org.
public enum HomeRole: String, Codable, Sendable, CaseIterable {
    case admin, member
}

/// Whether a user may sign in.
public enum UserStatus: String, Codable, Sendable, CaseIterable {
    case active, deactivated
}

/// A person with exactly one home org.
public struct User: Sendable, Equatable {
    public var id: UserID
    public var orgID: OrgID
    public var email: EmailAddress
    public var name: String
    public var role: HomeRole
    public var timeZone: String
    public var status: UserStatus
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UserID, orgID: OrgID, email: EmailAddress, name: String, role: HomeRole, timeZone: String,
        status: UserStatus = .active, version: Int = 1, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.orgID = orgID
        self.email = email
        self.name = name
        self.role = role
        self.timeZone = timeZone
        self.status = status
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
