/// Each partner's profile and configuration, as JSON in the shapes docs/audit-chain.md lists.
let migration008PartnerSettings = Migration(version: 8, name: "partner_settings") { _ in
    [
        """
        CREATE TABLE partner_settings (
            partner_id TEXT PRIMARY KEY REFERENCES orgs(id),
            profile TEXT NOT NULL,
            config TEXT NOT NULL,
            version INTEGER NOT NULL,
            updated_at BIGINT NOT NULL
        )
        """,
    ]
}
