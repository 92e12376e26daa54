import Foundation

/// An IPv4 or IPv6 address as its bytes (4 or 16), and networks of them: the client address sign-in
/// throttling counts by, and the proxies whose `X-Forwarded-For` is believed.
struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    let bytes: [UInt8]

    init?(_ text: String) {
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
        } else if inet_pton(AF_INET6, text, &v6) == 1 {
            let raw = withUnsafeBytes(of: &v6) { Array($0) }
            // An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is that IPv4 address.
            bytes = raw[0..<10].allSatisfy { $0 == 0 } && raw[10] == 0xFF && raw[11] == 0xFF ? Array(raw[12...]) : raw
        } else {
            return nil
        }
    }

    var description: String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        return stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }.joined(separator: ":")
    }
}

/// `10.0.0.0/8`, `2001:db8::/32`, or one address.
struct IPNetwork: Sendable, Equatable {
    let base: IPAddress
    let prefix: Int

    init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        guard let base = IPAddress(parts[0]) else { return nil }
        let bits = base.bytes.count * 8
        if parts.count == 2 {
            guard let prefix = Int(parts[1]), (0...bits).contains(prefix) else { return nil }
            self.prefix = prefix
        } else {
            prefix = bits
        }
        self.base = base
    }

    func contains(_ address: IPAddress) -> Bool {
        guard address.bytes.count == base.bytes.count else { return false }
        for bit in 0..<prefix where (address.bytes[bit / 8] ^ base.bytes[bit / 8]) & (0x80 >> UInt8(bit % 8)) != 0 { return false }
        return true
    }
}

/// Who is on the other end: the socket's peer, or, when the peer is a trusted proxy, the address it says it
/// forwarded for (the right-most `X-Forwarded-For` entry that is not itself a trusted proxy).
enum ClientAddress {
    static func resolve(peer: String?, forwardedFor: String?, trusted: [IPNetwork]) -> String {
        guard let peer, let peerAddress = IPAddress(peer) else { return "unknown" }
        guard trusted.contains(where: { $0.contains(peerAddress) }), let forwardedFor else { return peerAddress.description }
        var client = peerAddress
        for entry in forwardedFor.split(separator: ",").reversed() {
            guard let address = IPAddress(entry.trimmingCharacters(in: .whitespaces)) else { break }
            client = address
            if !trusted.contains(where: { $0.contains(address) }) { break }
        }
        return client.description
    }
}
