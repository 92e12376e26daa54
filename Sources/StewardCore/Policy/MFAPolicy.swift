/// Who must protect their sign-in with TOTP (`STEWARD_REQUIRE_MFA`).
public enum MFARequirement: String, Sendable, CaseIterable {
    case none
    /// Operators: the vendor org's admins.
    case operators
    /// Operators and every org's admins.
    case admins

    /// Whether the rule covers this caller: they must enrol, and may not switch it off.
    public func covers(_ actor: Actor) -> Bool {
        switch self {
        case .none: false
        case .operators: actor.isOperator
        case .admins: actor.role == .admin
        }
    }
}
