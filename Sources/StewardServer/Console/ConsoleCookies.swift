import HTTPTypes
import Hummingbird

/// The console's cookies: HttpOnly and SameSite=Strict (never sent cross-site, never readable by scripts),
/// for the whole site, and Secure whenever the public URL is https.
struct ConsoleCookies: Sendable {
    let secure: Bool

    /// `maxAge` nil lasts the browser session; 0 deletes the cookie.
    func make(_ name: String, _ value: String, maxAge: Int? = nil) throws -> HTTPField {
        let cookie = try Cookie.validated(name: name, value: value, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
        return HTTPField(name: .setCookie, value: cookie.description)
    }
}
