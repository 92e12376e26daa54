import Foundation

/// Where the console opens after sign-in, as partner portals let a partner admin choose.
public enum ConsoleLanding: String, Sendable, CaseIterable {
    case home
    case managedCustomers = "customers"

    /// The landings this audience may choose: Manage Customer Access only for the admins who have it.
    public static func choices(for audience: Audience) -> [ConsoleLanding] {
        ConsoleArea.managedCustomers.audiences.contains(audience) ? [.home, .managedCustomers] : [.home]
    }
}

/// Where a user's console preferences are kept, inside one transaction.
public protocol PreferenceRecords: Sendable {
    func landing(of user: UserID) async throws -> ConsoleLanding?
    /// Stores the choice and records `user.preferences_updated`.
    func setLanding(_ landing: ConsoleLanding, of user: UserID, before: ConsoleLanding?) async throws
}

/// A user's own console preferences: only their own, only what their audience can use.
public enum PreferenceManagement {
    public static func setLanding(_ landing: ConsoleLanding, by actor: Actor, audience: Audience, in records: some PreferenceRecords) async throws {
        guard ConsoleLanding.choices(for: audience).contains(landing) else { throw Refused.notAllowed }
        let before = try await records.landing(of: actor.userID)
        guard before != landing else { return }
        try await records.setLanding(landing, of: actor.userID, before: before)
    }

    /// Where the console opens for this user now: their choice, while their audience can still use it.
    public static func landingPath(_ landing: ConsoleLanding?, audience: Audience) -> String? {
        guard let landing, landing != .home, ConsoleLanding.choices(for: audience).contains(landing) else { return nil }
        return "/console/customers"
    }
}
