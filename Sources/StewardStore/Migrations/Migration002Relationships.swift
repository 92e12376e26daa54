/// Managed-customer relationships, their approval links, notification settings and the mail outbox.
let migration002Relationships = Migration(version: 2, name: "relationships") { _ in
    [
        """
        CREATE TABLE relationships (
            id TEXT PRIMARY KEY,
            partner_id TEXT NOT NULL REFERENCES orgs(id),
            customer_id TEXT NOT NULL REFERENCES orgs(id),
            status TEXT NOT NULL,
            privilege TEXT,
            requested_at BIGINT NOT NULL,
            approval_expires_at BIGINT NOT NULL,
            decided_at BIGINT,
            ended_at BIGINT,
            version BIGINT NOT NULL,
            created_by TEXT,
            updated_at BIGINT NOT NULL
        )
        """,
        // At most one open relationship per pair, whatever the code above it does.
        "CREATE UNIQUE INDEX relationships_open_pair ON relationships (partner_id, customer_id) WHERE status IN ('pending', 'active')",
        "CREATE INDEX relationships_customer ON relationships (customer_id)",
        "CREATE INDEX relationships_pending ON relationships (status, approval_expires_at)",
        """
        CREATE TABLE approval_tokens (
            token_hash TEXT PRIMARY KEY,
            relationship_id TEXT NOT NULL REFERENCES relationships(id),
            expires_at BIGINT NOT NULL,
            used_at BIGINT
        )
        """,
        """
        CREATE TABLE notification_settings (
            customer_id TEXT PRIMARY KEY REFERENCES orgs(id),
            on_access_granted BIGINT NOT NULL,
            on_access_removed BIGINT NOT NULL,
            recipients TEXT NOT NULL,
            version BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE outbox (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            recipients TEXT NOT NULL,
            subject TEXT NOT NULL,
            body TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            attempts BIGINT NOT NULL,
            next_attempt_at BIGINT NOT NULL,
            claimed_until BIGINT,
            sent_at BIGINT,
            failed_at BIGINT,
            last_error TEXT
        )
        """,
        "CREATE INDEX outbox_due ON outbox (sent_at, next_attempt_at)",
        // A relationship's events concern both sides: the partner is recorded beside the tenant.
        "ALTER TABLE audit_events ADD COLUMN related_org_id TEXT",
        "CREATE INDEX audit_related_org ON audit_events (related_org_id, seq)",
    ]
}
