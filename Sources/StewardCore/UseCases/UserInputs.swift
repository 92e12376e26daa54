import Foundation

/// A user to create, with a password hash made by the caller (or none: invitation only).
public struct NewUser: Sendable {
    public var orgID: OrgID
    public var email: EmailAddress
    public var name: String
    public var role: HomeRole
    public var timeZone: String
    public var passwordHash: String?

    public init(orgID: OrgID, email: EmailAddress, name: String, role: HomeRole, timeZone: String = "UTC", passwordHash: String?) {
        self.orgID = orgID
        self.email = email
        self.name = name
        self.role = role
        self.timeZone = timeZone
        self.passwordHash = passwordHash
    }
}

/// A partial edit of a user; nil fields stay as they are.
public struct UserChanges: Sendable {
    public var name: String?
    public var email: EmailAddress?
    public var role: HomeRole?
    public var timeZone: String?
    public var passwordHash: String?

    public init(name: String? = nil, email: EmailAddress? = nil, role: HomeRole? = nil, timeZone: String? = nil, passwordHash: String? = nil) {
        self.name = name
        self.email = email
        self.role = role
        self.timeZone = timeZone
        self.passwordHash = passwordHash
    }
}

