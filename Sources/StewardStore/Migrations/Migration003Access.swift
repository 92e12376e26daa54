/// Licences, API tokens, the token-signing key and the change feed the decision index follows.
let migration003Access = Migration(version: 3, name: "access") { _ in
    [
        """
        CREATE TABLE licenses (
            id TEXT PRIMARY KEY,
            customer_id TEXT NOT NULL REFERENCES orgs(id),
            product TEXT NOT NULL,
            kind TEXT NOT NULL,
            region TEXT NOT NULL,
            starts_at BIGINT NOT NULL,
            expires_at BIGINT,
            created_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX licenses_customer ON licenses (customer_id)",
        """
        CREATE TABLE api_tokens (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id),
            name TEXT NOT NULL,
            scopes TEXT NOT NULL,
            token_hash TEXT NOT NULL UNIQUE,
            created_at BIGINT NOT NULL,
            expires_at BIGINT,
            revoked_at BIGINT
        )
        """,
        "CREATE INDEX api_tokens_user ON api_tokens (user_id)",
        """
        CREATE TABLE signing_keys (
            kid TEXT PRIMARY KEY,
            private_pem TEXT NOT NULL,
            created_at BIGINT NOT NULL
        )
        """,
        // What each revision touched, for the decision index: `kind` is user, membership, tenant, relationship or catalog.
        """
        CREATE TABLE changes (
            revision BIGINT NOT NULL,
            kind TEXT NOT NULL,
            key TEXT NOT NULL
        )
        """,
        "CREATE INDEX changes_revision ON changes (revision)",
        "CREATE INDEX memberships_relationship ON memberships (relationship_id)",
    ]
}
