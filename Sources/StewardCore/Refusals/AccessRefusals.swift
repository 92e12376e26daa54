/// Refusals of access management and decisions (SPEC §3, §4), named where their rules are.
extension Refused {
    public static let noActiveUserWithEmail = Refused.hidden("no active user has this email")
    public static let checkOnlyOwnAccess = Refused.forbidden("you may check only your own access")
    public static let noLiveAccessToTenant = Refused.hidden("you have no live access to this tenant")
    public static let partnersCreatePOCOnly = Refused.forbidden("partners create POC licences only")
    public static let approvalLinkInvalid = Refused.hidden("This approval link is not valid.")
    public static let consoleMFARequired = Refused.forbidden("This deployment requires an authenticator app for your account.")
    public static let formExpired = Refused.forbidden("This form has expired. Go back, reload the page and try again.")

    /// A check asked for a state this deployment has not reached.
    public static func revisionNotYet(_ revision: Int) -> Refused { .conflict("revision \(revision) does not exist yet") }
}
