/// Partners' licence requests, and which POC licences their partners were warned about (once per end date).
let migration007LicenseRequests = Migration(version: 7, name: "license_requests") { _ in
    [
        """
        CREATE TABLE license_requests (
            id TEXT PRIMARY KEY,
            license_id TEXT NOT NULL REFERENCES licenses(id),
            partner_id TEXT NOT NULL REFERENCES orgs(id),
            customer_id TEXT NOT NULL REFERENCES orgs(id),
            type TEXT NOT NULL,
            note TEXT,
            status TEXT NOT NULL,
            requested_by TEXT NOT NULL REFERENCES users(id),
            requested_at BIGINT NOT NULL,
            resolved_by TEXT REFERENCES users(id),
            resolved_at BIGINT,
            version INTEGER NOT NULL
        )
        """,
        "CREATE INDEX license_requests_by_partner ON license_requests (partner_id, id)",
        "CREATE INDEX license_requests_by_license ON license_requests (license_id, status)",
        "ALTER TABLE licenses ADD COLUMN expiry_warned_at BIGINT",
    ]
}
