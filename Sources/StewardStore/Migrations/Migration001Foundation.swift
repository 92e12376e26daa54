/// Orgs, users, memberships, sessions, the catalog, sign-in throttling and the audit chain.
/// Times are integer milliseconds since 1970 (UTC); booleans are 0/1; JSON is text: the same on both databases.
let migration001Foundation = Migration(version: 1, name: "foundation") { _ in
    [
        """
        CREATE TABLE steward_state (
            id BIGINT PRIMARY KEY,
            revision BIGINT NOT NULL,
            audit_seq BIGINT NOT NULL,
            audit_head TEXT NOT NULL
        )
        """,
        "INSERT INTO steward_state (id, revision, audit_seq, audit_head) VALUES (1, 0, 0, '')",
        """
        CREATE TABLE orgs (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            program TEXT,
            parent_id TEXT REFERENCES orgs(id),
            region TEXT,
            address TEXT,
            version BIGINT NOT NULL,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX orgs_parent ON orgs (parent_id)",
        "CREATE INDEX orgs_kind ON orgs (kind)",
        """
        CREATE TABLE users (
            id TEXT PRIMARY KEY,
            org_id TEXT NOT NULL REFERENCES orgs(id),
            email TEXT NOT NULL,
            email_normalized TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            time_zone TEXT NOT NULL,
            status TEXT NOT NULL,
            password_hash TEXT,
            version BIGINT NOT NULL,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX users_org ON users (org_id)",
        """
        CREATE TABLE memberships (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id),
            tenant_id TEXT NOT NULL REFERENCES orgs(id),
            source TEXT NOT NULL,
            relationship_id TEXT,
            platform_admin BIGINT NOT NULL,
            expires_at BIGINT,
            products TEXT NOT NULL,
            last_access_at BIGINT,
            status TEXT NOT NULL,
            version BIGINT NOT NULL,
            created_by TEXT,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX memberships_user ON memberships (user_id)",
        "CREATE INDEX memberships_tenant ON memberships (tenant_id)",
        """
        CREATE TABLE sessions (
            token_hash TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id),
            kind TEXT NOT NULL,
            csrf_token TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX sessions_user ON sessions (user_id)",
        """
        CREATE TABLE login_failures (
            email_normalized TEXT NOT NULL,
            at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX login_failures_email ON login_failures (email_normalized, at)",
        """
        CREATE TABLE products (
            key TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            roles TEXT NOT NULL,
            created_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE audit_events (
            seq BIGINT PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            at BIGINT NOT NULL,
            actor_user_id TEXT,
            actor_org_id TEXT,
            tenant_id TEXT,
            action TEXT NOT NULL,
            target_type TEXT NOT NULL,
            target_id TEXT NOT NULL,
            before_json TEXT,
            after_json TEXT,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        )
        """,
        "CREATE INDEX audit_tenant ON audit_events (tenant_id, seq)",
        "CREATE INDEX audit_actor_org ON audit_events (actor_org_id, seq)",
    ]
}
