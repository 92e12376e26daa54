import Foundation
import StewardCore

/// Who is on the other end, as throttling counts it: the socket's peer, or, when the peer is a trusted proxy,
/// the address it says it forwarded for (the right-most `X-Forwarded-For` entry that is not itself a trusted
/// proxy). An entry that is no address at all is counted as itself, never as the proxy: clients behind a
/// proxy must not share one count. IPv6 clients count by their /64.
enum ClientAddress {
    static func resolve(peer: String?, forwardedFor: String?, trusted: [IPNetwork]) -> String {
        guard let peer, let peerAddress = IPAddress(peer) else { return "unknown" }
        guard trusted.contains(where: { $0.contains(peerAddress) }), let forwardedFor else { return peerAddress.throttleKey }
        var client = peerAddress
        for entry in forwardedFor.split(separator: ",").reversed() {
            let text = entry.trimmingCharacters(in: .whitespaces)
            guard let address = IPAddress(withPort: text) else { return "unparsed:" + String(text.prefix(64)) }
            client = address
            if !trusted.contains(where: { $0.contains(address) }) { break }
        }
        return client.throttleKey
    }
}
