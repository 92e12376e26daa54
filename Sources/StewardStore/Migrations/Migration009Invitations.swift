/// Set-password links for users created without a password: only each token's hash is kept.
let migration009Invitations = Migration(version: 9, name: "invitations") { _ in
    [
        """
        CREATE TABLE invitations (
            token_hash TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id),
            expires_at BIGINT NOT NULL,
            used_at BIGINT,
            created_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX invitations_by_user ON invitations (user_id)",
    ]
}
