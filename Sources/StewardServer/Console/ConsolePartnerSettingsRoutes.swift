import Foundation
import HTTPTypes
import Hummingbird
import StewardCore
import StewardStore

/// A partner's profile and configuration in the console, through `PartnerSettingsManagement` as the API is:
/// the partner's admins keep contacts, address, addresses and smarthost; operators status and prices.
struct ConsolePartnerSettingsRoutes {
    let store: Store
    let pages: PageRenderer
    let cookies: ConsoleCookies

    func register(on routes: ConsoleRoutes) {
        let area = routes.signedIn(.partnerSettings)
        area.get("/console/partners/{id}/settings", use: show)
        area.post("/console/partners/{id}/details", use: saveDetails)
        area.post("/console/partners/{id}/terms", use: saveTerms)
        area.post("/console/partners/{id}/addresses/add", use: addAddress)
        area.post("/console/partners/{id}/addresses/remove", use: removeAddress)
        area.post("/console/partners/{id}/smarthost", use: saveSmarthost)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        try await render(try context.pathID("id"), identity: try context.requireIdentity(), errors: [], status: .ok)
    }

    @Sendable func saveDetails(_ request: Request, context: AppContext) async throws -> Response {
        try await edit(request, context, PartnerDetailsForm.self) { form, _ in .profile(form.changes) } saved: { _ in "Your details are saved." }
    }

    @Sendable func saveTerms(_ request: Request, context: AppContext) async throws -> Response {
        try await edit(request, context, VendorTermsForm.self) { form, current in
            if let status = form.status.nonBlank {
                guard let known = PartnerStatus(rawValue: status) else { throw ValidationFailure([FieldError("status", "choose technical or sales")]) }
                return .profile(ProfileChanges(status: .some(known)))
            }
            var prices = current.profile.prices.map { PriceInput(product: $0.product, amount: $0.amount, currency: $0.currency) }
            if let remove = form.remove.nonBlank {
                prices.removeAll { "\($0.product)|\($0.currency)" == remove }
            } else {
                // The whole text must be the number: Decimal(string:) alone reads "12,50" as 12.
                guard let text = form.amount.nonBlank?.trimmingCharacters(in: .whitespaces), text.wholeMatch(of: /\d{1,10}(\.\d{1,4})?/) != nil,
                      let amount = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
                else {
                    throw ValidationFailure([FieldError("amount", "must be a number such as 12.50")])
                }
                prices.append(PriceInput(product: form.product ?? "", amount: amount, currency: (form.currency ?? "").uppercased()))
            }
            return .profile(ProfileChanges(prices: prices))
        } saved: { _ in "The partner's terms are saved." }
    }

    @Sendable func addAddress(_ request: Request, context: AppContext) async throws -> Response {
        try await edit(request, context, PartnerConfigForm.self) { form, current in
            var config = current.config
            let entry = (form.address ?? "").trimmingCharacters(in: .whitespaces)
            switch form.list {
            case "outbound": config.outboundIPs.append(entry)
            case "inbound": config.inboundIPs.append(entry)
            default: throw ValidationFailure([FieldError("list", "choose outbound or inbound")])
            }
            return .config(config)
        } saved: { form in "Added \((form.address ?? "").trimmingCharacters(in: .whitespaces))." }
    }

    @Sendable func removeAddress(_ request: Request, context: AppContext) async throws -> Response {
        try await edit(request, context, PartnerConfigForm.self) { form, current in
            var config = current.config
            switch form.list {
            case "outbound": config.outboundIPs.removeAll { $0 == form.address }
            case "inbound": config.inboundIPs.removeAll { $0 == form.address }
            default: throw ValidationFailure([FieldError("list", "choose outbound or inbound")])
            }
            return .config(config)
        } saved: { form in "Removed \(form.address ?? "")." }
    }

    @Sendable func saveSmarthost(_ request: Request, context: AppContext) async throws -> Response {
        try await edit(request, context, PartnerConfigForm.self) { form, current in
            var config = current.config
            config.smarthost = form.smarthost.nonBlank
            return .config(config)
        } saved: { form in form.smarthost.nonBlank.map { "The smarthost is now \($0)." } ?? "The smarthost is cleared." }
    }

    private enum Edit {
        case profile(ProfileChanges)
        case config(PartnerConfig)
    }

    /// Reads the form, makes the edit from what is stored now, saves it through the use case; a refused
    /// value comes back on the page next to its field.
    private func edit<Form: Decodable>(
        _ request: Request, _ context: AppContext, _ type: Form.Type, _ make: (Form, PartnerSettings) throws -> Edit, saved: (Form) -> String
    ) async throws -> Response {
        let identity = try context.requireIdentity()
        let id: OrgID = try context.pathID("id")
        let current = try await PartnerSettingsManagement.read(id, by: identity.actor, in: store)
        let form = try await request.decodeForm(type, context: context)
        do {
            let change = try make(form, current)
            _ = try await store.transaction(by: identity.auditActor) { records in
                switch change {
                case .profile(let changes): try await PartnerSettingsManagement.updateProfile(id, changes, by: identity.actor, in: records)
                case .config(let config): try await PartnerSettingsManagement.replaceConfig(id, config, by: identity.actor, in: records)
                }
            }
            return try ConsoleNotice.redirect(to: "/console/partners/\(id)/settings", saved(form), cookies: cookies)
        } catch let failure as ValidationFailure {
            return try await render(id, identity: identity, errors: failure.errors, status: .badRequest)
        }
    }

    private func render(_ id: OrgID, identity: Identity, errors: [FieldError], status: HTTPResponse.Status) async throws -> Response {
        let settings = try await PartnerSettingsManagement.read(id, by: identity.actor, in: store)
        let partner = try await store.org(id)
        let catalog = try await store.products()
        let words = ConsoleWords(identity, products: catalog)
        let profile = settings.profile
        return pages.render(PartnerSettingsPage(
            layout: Layout(identity, title: "Partner settings", errors: errors), partnerID: id.rawValue, partnerName: partner?.name ?? id.rawValue,
            editsDetails: (try? PartnerSettingsPolicy.mayEdit(ProfileChanges(contact: .some(nil)), actor: identity.actor).get()) != nil,
            editsTerms: (try? PartnerSettingsPolicy.mayEdit(ProfileChanges(status: .some(nil)), actor: identity.actor).get()) != nil,
            contact: ContactView(profile.contact), billing: ContactView(profile.billingContact), address: AddressView(profile.address),
            status: profile.status?.rawValue, statuses: PartnerStatus.allCases.map { Choice($0.rawValue, selected: $0 == profile.status) },
            prices: profile.prices.map { PriceView(key: "\($0.product)|\($0.currency)", product: words.productName($0.product), amount: "\($0.amount)", currency: $0.currency) },
            hasPrices: !profile.prices.isEmpty, products: catalog.map { Choice($0.key, label: $0.name, selected: false) },
            outbound: settings.config.outboundIPs, inbound: settings.config.inboundIPs, smarthost: settings.config.smarthost ?? ""
        ), status: status)
    }
}
