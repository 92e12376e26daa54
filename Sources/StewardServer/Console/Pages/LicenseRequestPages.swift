import Foundation
import StewardCore

/// The operators' licence-request inbox: open requests to answer, then the answered ones.
struct LicenseRequestsPage: PageModel {
    static let page = ConsolePage.licenseRequests
    var layout: Layout
    var open: [LicenseRequestRow]
    var answered: [LicenseRequestRow]
    var hasOpen: Bool
    var hasAnswered: Bool

    init(layout: Layout, rows: [LicenseRequestRow]) {
        self.layout = layout
        open = rows.filter(\.isOpen)
        answered = rows.filter { !$0.isOpen }
        hasOpen = !open.isEmpty
        hasAnswered = !answered.isEmpty
    }
}

/// One request as the inbox shows it, with what the licence holds now.
struct LicenseRequestRow: TemplateValues {
    var id: String
    var partner: String
    var customer: String
    var product: String
    var type: String
    var note: String?
    var status: String
    var isOpen: Bool
    var requestedAt: ShownTime
    var licenseEnds: ShownTime
    var licenseKind: String

    init(_ request: LicenseRequest, license: License?, orgs: [OrgID: Org], words: ConsoleWords) {
        id = request.id.rawValue
        partner = orgs[request.partnerID]?.name ?? request.partnerID.rawValue
        customer = orgs[request.customerID]?.name ?? request.customerID.rawValue
        product = license.map { words.productName($0.product) } ?? request.licenseID.rawValue
        type = request.type == .extend ? "Extension" : "Purchase"
        note = request.note
        status = request.status.rawValue
        isOpen = request.status == .open
        requestedAt = words.shown(request.requestedAt, empty: "")
        licenseEnds = words.shown(license?.expiresAt, empty: "no end")
        licenseKind = license?.kind == .paid ? "paid" : "POC"
    }
}
