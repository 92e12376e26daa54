import Foundation
import Testing

/// A signed token's parts read back as JSON, for tests that look at what a token claims.
enum TokenClaims {
    static func part(_ part: Substring) throws -> [String: Any] {
        var text = part.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        let data = try #require(Data(base64Encoded: text))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The payload of a compact JWS.
    static func decode(_ token: String) throws -> [String: Any] {
        let parts = token.split(separator: ".")
        try #require(parts.count == 3)
        return try part(parts[1])
    }
}
