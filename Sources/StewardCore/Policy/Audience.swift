/// Who a console user is, for what the console offers them (SPEC §8).
public enum Audience: String, Sendable, CaseIterable {
    /// An admin of the vendor org.
    case vendorOperator
    case vendorMember
    /// An admin of a managed-service partner (mssp, mdr, msp): Manage Customer Access is theirs.
    case managedServiceAdmin
    /// An admin of a channel partner (distributor, reseller), who holds no managed customers.
    case channelPartnerAdmin
    /// A partner's analyst who is a delegated administrator of at least one customer (`DelegationPolicy`).
    case delegatedCustomerAdmin
    /// A partner's analyst.
    case partnerMember
    case customerAdmin
    case customerMember

    /// An admin of their home org.
    public var isOrgAdmin: Bool {
        switch self {
        case .vendorOperator, .managedServiceAdmin, .channelPartnerAdmin, .customerAdmin: true
        case .vendorMember, .delegatedCustomerAdmin, .partnerMember, .customerMember: false
        }
    }

    /// Where relationship and access pages lead back to: the list this audience manages them from.
    public var relationshipsHome: String {
        switch self {
        case .vendorOperator: "/console/relationships"
        case .customerAdmin, .customerMember: "/console/external"
        default: "/console/customers"
        }
    }

    /// Where a removed access leads back to: a customer's external-access list, the customers an analyst
    /// administers, else the partner's customers.
    public var accessHome: String {
        switch self {
        case .customerAdmin, .customerMember: "/console/external"
        case .delegatedCustomerAdmin: "/console/delegated"
        default: "/console/customers"
        }
    }

    /// Where an access on `tenant` is managed from: the page an edit leads back to.
    public func accessPage(on tenant: OrgID) -> String {
        switch self {
        case .customerAdmin, .customerMember: "/console/external"
        case .delegatedCustomerAdmin: "/console/delegated/\(tenant)"
        default: "/console/customers/\(tenant)"
        }
    }

    /// `administers`: whether the actor is a delegated administrator of any customer now.
    public static func of(_ actor: Actor, program: PartnerProgram?, administers: Bool = false) -> Audience {
        switch (actor.orgKind, actor.role) {
        case (.vendor, .admin): .vendorOperator
        case (.vendor, .member): .vendorMember
        case (.partner, .admin): program?.mayHoldRelationships == true ? .managedServiceAdmin : .channelPartnerAdmin
        case (.partner, .member): administers ? .delegatedCustomerAdmin : .partnerMember
        case (.customer, .admin): .customerAdmin
        case (.customer, .member): .customerMember
        }
    }
}

/// The console's areas, each for its audience; pages in `common` decide per record with the domain's policies.
public enum ConsoleArea: String, Sendable, CaseIterable {
    /// Home, tenants, orgs, users, sign-in security, access and relationship pages (their rules decide).
    case common
    /// The vendor's desk: every relationship, linking partners to customers, the mail outbox.
    case vendorDesk
    /// Manage Customer Access: managed customers, assignment and the partner's users.
    case managedCustomers
    /// External user settings: who from outside holds access, notifications, the team.
    case externalAccess
    /// Customers an analyst administers: their colleagues' access there, within the analyst's own.
    case delegatedCustomers
    /// A partner's profile and configuration: its admins and the vendor's operators (their rules decide which fields).
    case partnerSettings
    /// The audit trail: operators all of it, an org's admins their org's events (`AuditPolicy`).
    case auditTrail
    /// Access review: a customer's admins review who from outside holds access, a partner's where its users do.
    case accessReview

    public var audiences: Set<Audience> {
        switch self {
        case .common: Set(Audience.allCases)
        case .vendorDesk: [.vendorOperator]
        case .managedCustomers: [.managedServiceAdmin]
        case .externalAccess: [.customerAdmin]
        case .delegatedCustomers: [.delegatedCustomerAdmin]
        case .partnerSettings: [.vendorOperator, .managedServiceAdmin, .channelPartnerAdmin]
        case .auditTrail: Set(Audience.allCases.filter(\.isOrgAdmin))
        case .accessReview: [.customerAdmin, .managedServiceAdmin, .channelPartnerAdmin]
        }
    }
}

public enum ConsolePolicy {
    /// Whether `audience` may open a page of `area`. A page that names a record reads as absent (404) to an
    /// audience it is not for; a page that names none is visibly not theirs (403).
    public static func mayOpen(_ area: ConsoleArea, audience: Audience, namesRecord: Bool) -> Authorization {
        if area.audiences.contains(audience) { return .allowed }
        return namesRecord ? .hidden : .forbidden
    }
}
