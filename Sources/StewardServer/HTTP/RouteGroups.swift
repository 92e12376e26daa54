import Hummingbird
import StewardCore

/// Where API routes are registered: each with the operation it performs, so that token scopes and the TOTP
/// requirement (`CredentialPolicy`) apply before any handler runs.
struct APIRoutes {
    let router: Router<AppContext>
    let lookup: CredentialLookup
    let requireMFA: MFARequirement

    /// Routes whose callers sign in with a bearer token or session token.
    func callers(_ operation: APIOperation) -> RouterGroup<AppContext> {
        router.group().add(middleware: APIAuthMiddleware(lookup: lookup, requireMFA: requireMFA, operation: operation))
    }

    /// Routes that read no credential: health, metrics, keys, the document and sign-in itself.
    var anyone: RouterGroup<AppContext> { router.group() }
}

/// Where console pages are registered: pages that need a signed-in session (with its CSRF check on every
/// form and the caller's audience resolved), and the few that anyone may open.
struct ConsoleRoutes {
    let router: Router<AppContext>
    let lookup: CredentialLookup
    let requireMFA: MFARequirement
    let cookies: ConsoleCookies
    let pages: PageRenderer

    /// Console refusals render inside the session middleware, where the signed-in user is known.
    private var errors: ErrorMiddleware { ErrorMiddleware(pages: pages) }

    /// Pages of an area for a signed-in user of its audience; anyone not signed in is sent to the sign-in page.
    /// Pages that list an org's own records (`ownRecords`), like pages with an id, read as absent to others.
    func signedIn(_ area: ConsoleArea, ownRecords: Bool = false) -> RouterGroup<AppContext> {
        router.group().add(middleware: ConsoleSessionMiddleware(lookup: lookup, requireMFA: requireMFA, area: area, ownRecords: ownRecords, cookies: cookies, errors: errors))
    }

    var signedIn: RouterGroup<AppContext> { signedIn(.common) }

    /// Pages that look at the session if there is one (sign-in, approval links) but do not need it.
    var anyone: RouterGroup<AppContext> {
        router.group().add(middleware: ConsoleSessionMiddleware(lookup: lookup, requireMFA: requireMFA, area: nil, ownRecords: false, cookies: cookies, errors: errors))
    }

    /// Files that need no session at all (the stylesheet): no database read.
    var files: RouterGroup<AppContext> { router.group() }
}
