import Foundation
import StewardCore
import Testing

/// The user use cases over records held in memory: each asks its policy of what it reads in the same
/// transaction that writes, so nothing read earlier by a handler can let a write through.
@Suite("user management use cases")
struct UserManagementTests {
    actor Records: UserRecords {
        var orgs: [OrgID: Org] = [:]
        var users: [UserID: User] = [:]
        private(set) var writes = 0

        init(orgs: [Org], users: [User]) {
            self.orgs = Dictionary(uniqueKeysWithValues: orgs.map { ($0.id, $0) })
            self.users = Dictionary(uniqueKeysWithValues: users.map { ($0.id, $0) })
        }

        func org(_ id: OrgID) async throws -> Org? { orgs[id] }
        func ancestors(of org: OrgID) async throws -> [OrgID] { Orgs.ancestors(org) }
        func user(_ id: UserID) async throws -> User? { users[id] }
        func insertUser(_ new: NewUser) async throws -> User {
            writes += 1
            let user = UserManagementTests.user(UserID("new-\(writes)"), in: new.orgID, role: new.role)
            users[user.id] = user
            return user
        }
        func updateUser(_ before: User, _ changes: UserChanges, keepingSession: String?) async throws -> User {
            writes += 1
            var after = before
            if let role = changes.role { after.role = role }
            after.version += 1
            users[after.id] = after
            return after
        }
        func deactivateUser(_ before: User) async throws -> User {
            writes += 1
            var after = before
            after.status = .deactivated
            users[after.id] = after
            return after
        }
        nonisolated var now: Date { UserManagementTests.epoch }
        func liveMemberships(of user: UserID) async throws -> [Membership] { [] }
        func replace(_ before: Membership, with after: Membership, action: String, related: OrgID?) async throws { writes += 1 }
        /// Another writer changed the user after a handler read it.
        func bump(_ id: UserID) { users[id]?.version += 1 }
    }

    static let epoch = Date(timeIntervalSince1970: 0)
    static func user(_ id: UserID, in org: OrgID, role: HomeRole = .member) -> User {
        User(id: id, orgID: org, email: EmailAddress("\(id.rawValue)@example.com")!, name: id.rawValue, role: role, timeZone: "UTC", createdAt: epoch, updatedAt: epoch)
    }

    static func world() -> Records {
        Records(
            orgs: [Org(id: Orgs.customer, kind: .customer, name: "C", createdAt: epoch, updatedAt: epoch),
                   Org(id: Orgs.other, kind: .customer, name: "O", createdAt: epoch, updatedAt: epoch)],
            users: [user(Who.customerAdmin.actor.userID, in: Orgs.customer, role: .admin), user(UserID("member"), in: Orgs.customer),
                    user(UserID("stranger"), in: Orgs.other)]
        )
    }

    @Test("out of reach reads as absent and writes nothing; within reach the write happens")
    func reach() async throws {
        let records = Self.world()
        let admin = Who.customerAdmin.actor
        let new = NewUser(orgID: Orgs.other, email: EmailAddress("x@example.com")!, name: "X", role: .member, passwordHash: nil)
        for attempt in [
            { _ = try await UserManagement.create(new, by: admin, in: records) },
            { _ = try await UserManagement.deactivate(UserID("stranger"), by: admin, in: records) },
            { _ = try await UserManagement.deactivate(UserID("nobody"), by: admin, in: records) },
        ] as [@Sendable () async throws -> Void] {
            do {
                try await attempt()
                Issue.record("allowed")
            } catch {
                #expect(Refused.is(.hidden, error), "\(error)")
            }
        }
        #expect(await records.writes == 0)
        var own = new
        own.orgID = Orgs.customer
        _ = try await UserManagement.create(own, by: admin, in: records)
        #expect(await records.writes == 1)
    }

    @Test("nobody deactivates themselves, changes their own role, or sets a password with a token")
    func selfLimits() async throws {
        let records = Self.world()
        let admin = Who.customerAdmin.actor
        await #expect(throws: AccessDenied.forbidden) { _ = try await UserManagement.deactivate(admin.userID, by: admin, in: records) }
        let session = Caller(actor: admin, credential: .session)
        await #expect(throws: AccessDenied.forbidden) {
            _ = try await UserManagement.update(admin.userID, UserChanges(role: .member), expectedVersion: nil, by: session, keepingSession: nil, in: records)
        }
        let token = Caller(actor: admin, credential: .apiToken([.admin]))
        await #expect(throws: Refused.passwordNeedsSession) {
            _ = try await UserManagement.update(UserID("member"), UserChanges(passwordHash: "h"), expectedVersion: nil, by: token, keepingSession: nil, in: records)
        }
        #expect(await records.writes == 0)
    }

    @Test("the version is judged where the write happens: a change in between makes the edit stale")
    func stale() async throws {
        let records = Self.world()
        let session = Caller(actor: Who.customerAdmin.actor, credential: .session)
        let read = try #require(try await records.user(UserID("member")))
        await records.bump(read.id)
        await #expect(throws: Refused.stale(current: read.version + 1)) {
            _ = try await UserManagement.update(read.id, UserChanges(role: .admin), expectedVersion: read.version, by: session, keepingSession: nil, in: records)
        }
        let promoted = try await UserManagement.update(read.id, UserChanges(role: .admin), expectedVersion: read.version + 1, by: session, keepingSession: nil, in: records)
        #expect(promoted.role == .admin)
    }
}
