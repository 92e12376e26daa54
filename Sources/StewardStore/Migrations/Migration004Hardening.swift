/// The keyed audit chain's marker, sign-in failures by client address, and TOTP.
let migration004Hardening = Migration(version: 4, name: "hardening") { _ in
    [
        // Set once the chain is keyed: a fingerprint of the audit key (never the key), so a wrong key file is noticed.
        "ALTER TABLE steward_state ADD COLUMN audit_key_id TEXT",
        "ALTER TABLE login_failures ADD COLUMN address TEXT NOT NULL DEFAULT ''",
        "CREATE INDEX login_failures_address ON login_failures (address, at)",
        // A session opened while TOTP enrolment is required but missing reaches only /v1/me and /v1/me/mfa.
        "ALTER TABLE sessions ADD COLUMN restricted BIGINT NOT NULL DEFAULT 0",
        """
        CREATE TABLE mfa_totp (
            user_id TEXT PRIMARY KEY REFERENCES users(id),
            secret TEXT NOT NULL,
            confirmed_at BIGINT,
            last_step BIGINT NOT NULL DEFAULT 0,
            created_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE mfa_recovery_codes (
            user_id TEXT NOT NULL REFERENCES users(id),
            code_hash TEXT NOT NULL,
            used_at BIGINT,
            PRIMARY KEY (user_id, code_hash)
        )
        """,
    ]
}
