/// Each user's console preferences: where the console opens after sign-in.
let migration005ConsolePreferences = Migration(version: 5, name: "console_preferences") { _ in
    [
        """
        CREATE TABLE console_preferences (
            user_id TEXT PRIMARY KEY REFERENCES users(id),
            landing TEXT NOT NULL,
            updated_at BIGINT NOT NULL
        )
        """,
    ]
}
