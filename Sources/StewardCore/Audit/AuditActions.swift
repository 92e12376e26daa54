/// Every action the audit trail records. A filter naming anything else is a mistake to report, not an
/// empty result; the store asserts each event it writes is listed here, so the list cannot fall behind.
public enum AuditActions {
    public static let all: [String] = [
        "api_token.created", "api_token.revoked",
        "bulk.imported",
        "license.created", "license.expiry_warned", "license.requested", "license.resolved", "license.updated",
        "membership.created", "membership.deleted", "membership.ended", "membership.expired", "membership.updated",
        "notification_settings.updated",
        "org.created", "org.updated",
        "partner.config_updated", "partner.profile_updated",
        "product.created", "product.updated",
        "relationship.approved", "relationship.created", "relationship.expired", "relationship.privilege_changed",
        "relationship.rejected", "relationship.requested", "relationship.revoked", "relationship.terminated",
        "session.created", "session.ended",
        "signing_key.moved",
        "user.created", "user.deactivated", "user.invitation_accepted", "user.invited", "user.mfa_disabled",
        "user.mfa_enabled", "user.mfa_enrolment_started", "user.mfa_recovery_code_used", "user.password_changed",
        "user.preferences_updated", "user.updated",
    ]

    public static let known: Set<String> = Set(all)
}
