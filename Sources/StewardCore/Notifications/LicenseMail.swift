import Foundation

/// The words of the licence emails of SPEC §6.
public enum LicenseMail {
    /// What every licence email names.
    public struct Details: Sendable {
        public var license: License
        public var productName: String
        public var customer: String
        public var partner: String

        public init(license: License, productName: String, customer: String, partner: String) {
            self.license = license
            self.productName = productName
            self.customer = customer
            self.partner = partner
        }

        var lines: String {
            """
            Product: \(productName) (\(license.product))
            Customer: \(customer) (\(license.customerID))
            Partner: \(partner)
            Licence: \(license.id), \(license.kind.rawValue), region \(license.region)
            Starts: \(Timestamp.format(license.startsAt))
            Ends: \(license.expiresAt.map(Timestamp.format) ?? "no end")
            """
        }
    }

    /// To the vendor's licensing contact.
    public static func requested(_ request: LicenseRequest, _ details: Details, requester: User, to: EmailAddress) -> MailMessage {
        let asks = request.type == .extend ? "an extension of" : "to purchase"
        return MailMessage(
            to: [to],
            subject: "\(details.partner) asks \(asks) \(details.productName) for \(details.customer)",
            body: """
                \(details.partner) asks \(asks) a POC licence.

                \(details.lines)
                Requested by: \(requester.name) <\(requester.email.value)>
                Note: \(request.note ?? "(none)")

                Request \(request.id): answer it in the console's licence requests, or with
                POST /v1/license-requests/\(request.id)/resolve.
                """,
            kind: "license.requested"
        )
    }

    /// To the partner's admins: the vendor's answer.
    public static func resolved(_ request: LicenseRequest, _ details: Details, to: [EmailAddress]) -> MailMessage {
        let outcome: String =
            switch request.status {
            case .extended: "The vendor extended the POC licence; it now ends \(details.license.expiresAt.map(Timestamp.format) ?? "never")."
            case .converted: "The vendor converted the POC licence to a paid one."
            case .declined: "The vendor declined the request; the licence is unchanged."
            case .open: "The request is still open."
            }
        return MailMessage(
            to: to,
            subject: "Your request for \(details.productName) at \(details.customer): \(request.status.rawValue)",
            body: outcome + "\n\n" + details.lines + "\nRequest \(request.id)\n",
            kind: "license.resolved"
        )
    }

    /// To the partner's admins, once per licence, seven days before a POC ends.
    public static func expiring(_ details: Details, to: [EmailAddress]) -> MailMessage {
        MailMessage(
            to: to,
            subject: "POC of \(details.productName) at \(details.customer) ends in 7 days",
            body: """
                The POC licence below ends within seven days. To keep access, request an extension or a
                purchase from the licence's menu on the customer's page.

                \(details.lines)
                """,
            kind: "license.expiring"
        )
    }
}
