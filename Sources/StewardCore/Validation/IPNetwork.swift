import Foundation

/// An IPv4 or IPv6 address as its bytes (4 or 16), and networks of them: the client address sign-in
/// throttling counts by, and the proxies whose `X-Forwarded-For` is believed.
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init?(_ text: String) {
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

    /// `192.0.2.1:443`, `[2001:db8::1]:443` and the bare forms: what proxies write in `X-Forwarded-For`.
    public init?(withPort text: String) {
        if let address = IPAddress(text) { self = address; return }
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            guard let address = IPAddress(String(text[text.index(after: text.startIndex)..<close])) else { return nil }
            self = address
            return
        }
        let parts = text.split(separator: ":")
        guard parts.count == 2, let address = IPAddress(String(parts[0])), address.bytes.count == 4 else { return nil }
        self = address
    }

    /// What throttling counts by: the address, or for IPv6 its /64, which one host is commonly given whole.
    public var throttleKey: String {
        guard bytes.count == 16 else { return description }
        return IPAddress(prefix: Array(bytes[0..<8]) + Array(repeating: 0, count: 8)).description + "/64"
    }

    private init(prefix: [UInt8]) { bytes = prefix }

    public var description: String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        return stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }.joined(separator: ":")
    }
}

/// `10.0.0.0/8`, `2001:db8::/32`, or one address.
public struct IPNetwork: Hashable, Sendable {
    public let base: IPAddress
    public let prefix: Int

    public init?(_ text: String) {
        // omittingEmptySubsequences: false, so "", "/" and "10.0.0.0/" are refused rather than read short.
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, !first.isEmpty, let base = IPAddress(first) else { return nil }
        let bits = base.bytes.count * 8
        if parts.count == 2 {
            // Digits only, no sign and no leading zero: one spelling per prefix.
            let digits = parts[1]
            guard !digits.isEmpty, digits.count <= 3, digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits == "0" || !digits.hasPrefix("0"),
                  let prefix = Int(digits), (0...bits).contains(prefix)
            else { return nil }
            self.prefix = prefix
        } else {
            prefix = bits
        }
        self.base = base
    }

    public func contains(_ address: IPAddress) -> Bool {
        guard address.bytes.count == base.bytes.count else { return false }
        for bit in 0..<prefix where (address.bytes[bit / 8] ^ base.bytes[bit / 8]) & (0x80 >> UInt8(bit % 8)) != 0 { return false }
        return true
    }

    /// Whether the address has no bits set past the prefix: `10.0.0.0/8`, not `10.0.0.1/8`.
    public var isNetworkAddress: Bool {
        (prefix..<(base.bytes.count * 8)).allSatisfy { bit in base.bytes[bit / 8] & (0x80 >> UInt8(bit % 8)) == 0 }
    }
}
