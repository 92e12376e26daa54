/// The vendor's privilege per partner (SPEC §2). Existing partners get the documented default, `support`:
/// an upgrade never widens access, and an operator raises a partner to `manage` where the vendor wants it.
let migration006DataPrivilege = Migration(version: 6, name: "data_privilege") { _ in
    [
        "ALTER TABLE orgs ADD COLUMN data_privilege TEXT",
        "UPDATE orgs SET data_privilege = 'support' WHERE kind = 'partner'",
    ]
}
