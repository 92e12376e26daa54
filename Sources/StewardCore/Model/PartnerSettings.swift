import Foundation

/// Someone to reach at a partner.
public struct Contact: Sendable, Equatable {
    public var name: String
    public var email: EmailAddress
    public var phone: String?

    public init(name: String, email: EmailAddress, phone: String? = nil) {
        self.name = name
        self.email = email
        self.phone = phone
    }
}

/// Whether the vendor treats the partner as technical or sales-led.
public enum PartnerStatus: String, Codable, Sendable, CaseIterable {
    case technical, sales
}

/// A contracted price of a product for the partner.
public struct PartnerPrice: Sendable, Equatable {
    public var product: String
    public var amount: Decimal
    /// ISO 4217, three capital letters.
    public var currency: String

    public init(product: String, amount: Decimal, currency: String) {
        self.product = product
        self.amount = amount
        self.currency = currency
    }
}

/// A partner's details (Mimecast's Partner Details): its own contacts and address; status and prices are the vendor's.
public struct PartnerProfile: Sendable, Equatable {
    public var contact: Contact?
    public var billingContact: Contact?
    public var status: PartnerStatus?
    public var address: Address?
    public var prices: [PartnerPrice]

    public init(contact: Contact? = nil, billingContact: Contact? = nil, status: PartnerStatus? = nil, address: Address? = nil, prices: [PartnerPrice] = []) {
        self.contact = contact
        self.billingContact = billingContact
        self.status = status
        self.address = address
        self.prices = prices
    }
}

/// A partner's mail routing (Mimecast's Partner Config): the addresses and ranges it sends from and receives
/// on, and its smarthost.
public struct PartnerConfig: Sendable, Equatable {
    public var outboundIPs: [String]
    public var inboundIPs: [String]
    public var smarthost: String?

    public init(outboundIPs: [String] = [], inboundIPs: [String] = [], smarthost: String? = nil) {
        self.outboundIPs = outboundIPs
        self.inboundIPs = inboundIPs
        self.smarthost = smarthost
    }
}

/// The partner's profile and configuration with the version both edits are based on.
public struct PartnerSettings: Sendable, Equatable {
    public var partnerID: OrgID
    public var profile: PartnerProfile
    public var config: PartnerConfig
    public var version: Int
    public var updatedAt: Date?

    public init(partnerID: OrgID, profile: PartnerProfile = PartnerProfile(), config: PartnerConfig = PartnerConfig(), version: Int = 0, updatedAt: Date? = nil) {
        self.partnerID = partnerID
        self.profile = profile
        self.config = config
        self.version = version
        self.updatedAt = updatedAt
    }
}

/// The checks on a partner's configuration, pure.
public enum PartnerConfigRules {
    public static let maxAddresses = 100

    /// Each entry an IPv4 or IPv6 address or a CIDR network (its address the network's own), no entry twice;
    /// the entries as typed, trimmed. Errors name the entry: `outbound_ips[2]`.
    public static func addresses(_ field: String, _ entries: [String], into validator: inout Validator) -> [String] {
        if entries.count > maxAddresses { validator.add(field, "at most \(maxAddresses) entries") }
        var seen = Set<IPNetwork>()
        var clean: [String] = []
        for (index, entry) in entries.prefix(maxAddresses).enumerated() {
            let text = entry.trimmingCharacters(in: .whitespaces)
            guard text.count <= 64, let network = IPNetwork(text) else {
                validator.add("\(field)[\(index)]", "must be an IPv4 or IPv6 address or a CIDR range such as 192.0.2.0/24")
                continue
            }
            guard network.isNetworkAddress else {
                validator.add("\(field)[\(index)]", "has bits set past its prefix: give the range's first address")
                continue
            }
            guard seen.insert(network).inserted else {
                validator.add("\(field)[\(index)]", "appears twice")
                continue
            }
            clean.append(text)
        }
        return clean
    }

    /// A host name or an IP address, optionally with `:port` (`[v6]:port` for IPv6); no scheme, path or user.
    public static func smarthost(_ value: String?, into validator: inout Validator) -> String? {
        guard let value else { return nil }
        let text = value.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return nil }
        guard text.count <= 260, let (host, port) = split(text), isHost(host), port.map({ (1...65535).contains($0) }) ?? true else {
            validator.add("smarthost", "must be a host name or address, optionally with :port (such as smtp.example.com:25), without a scheme or path")
            return nil
        }
        return text
    }

    private static func split(_ text: String) -> (String, Int?)? {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let host = String(text[text.index(after: text.startIndex)..<close])
            guard IPAddress(host)?.bytes.count == 16 else { return nil }
            let rest = text[text.index(after: close)...]
            if rest.isEmpty { return (host, nil) }
            guard rest.hasPrefix(":"), let port = Int(rest.dropFirst()) else { return nil }
            return (host, port)
        }
        // A bare IPv6 address has colons of its own and takes no port.
        if IPAddress(text)?.bytes.count == 16 { return (text, nil) }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return (text, nil)
        case 2:
            guard let port = Int(parts[1]), String(port) == parts[1] else { return nil }
            return (String(parts[0]), port)
        default: return nil
        }
    }

    private static func isHost(_ host: String) -> Bool {
        if IPAddress(host) != nil { return true }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...127).contains(labels.count), host.count <= 253 else { return false }
        return labels.allSatisfy { label in
            (1...63).contains(label.count) && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }
}
