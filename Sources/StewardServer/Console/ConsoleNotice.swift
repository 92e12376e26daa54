import Foundation
import HTTPTypes
import Hummingbird

/// The short confirmation shown on the page after an action ("Ada Analyst can now use Globex …"). It travels
/// in a cookie only this server sets (HttpOnly, SameSite=Strict, one minute), never in the URL, so a link
/// cannot make the console say anything; the page that shows it clears it.
enum ConsoleNotice {
    static let cookieName = "steward_notice"
    static let maxLength = 600

    /// A redirect after a successful action, carrying its confirmation.
    static func redirect(to location: String, _ text: String, cookies: ConsoleCookies) throws -> Response {
        let value = Data(String(text.prefix(maxLength)).utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return Response(status: .seeOther, headers: HTTPFields([
            HTTPField(name: .location, value: location), try cookies.make(cookieName, value, maxAge: 60),
        ]))
    }

    /// The confirmation a request carries, if any and readable.
    static func read(_ request: Request) -> String? {
        guard var text = request.cookies[cookieName]?.value, !text.isEmpty, text.count <= maxLength * 2 else { return nil }
        text = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        guard let data = Data(base64Encoded: text) else { return nil }
        return String(data: data, encoding: .utf8)
    }
}
