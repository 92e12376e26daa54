import Foundation
import StewardCore
import HTTPTypes
import Hummingbird
import Mustache

/// Renders console pages from the templates in Resources/templates, loaded once at start-up.
struct PageRenderer: Sendable {
    let library: MustacheLibrary

    /// Loads every template; a broken template stops start-up rather than a request.
    static func load() async throws -> PageRenderer {
        guard let directory = Bundle.module.resourceURL?.appendingPathComponent("templates").path else {
            throw ConfigurationError("console templates are missing from this build")
        }
        let library = try await MustacheLibrary(directory: directory)
        for name in ConsolePage.allCases.map(\.rawValue) + ConsolePage.partials where library.getTemplate(named: name) == nil {
            throw ConfigurationError("console template '\(name)' is missing")
        }
        return PageRenderer(library: library)
    }

    /// Headers every console page carries: no scripts at all, no framing, no caching of private pages.
    static let securityHeaders: HTTPFields = [
        .contentType: "text/html; charset=utf-8",
        .contentSecurityPolicy: "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        .xContentTypeOptions: "nosniff",
        .cacheControl: "no-store",
        HTTPField.Name("Referrer-Policy")!: "same-origin",
    ]

    func render(_ page: ConsolePage, _ data: [String: Any], status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        // Every page was found at start-up, so this cannot miss; were it to, the answer is an honest 500.
        guard let html = library.render(data, withTemplate: page.rawValue) else {
            return Response(status: .internalServerError, headers: Self.securityHeaders, body: .init(byteBuffer: ByteBuffer(string: "Something went wrong on our side.")))
        }
        var headers = Self.securityHeaders
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The HTML page for an error on a console route.
    func errorPage(_ error: APIError, identity: Identity?) -> Response {
        if error.status == .unauthorized {
            return Response(status: .seeOther, headers: [.location: "/login"])
        }
        var data = ConsoleLayout.data(identity: identity, title: error.status.reasonPhrase)
        data["status"] = error.status.code
        data["detail"] = error.status == .internalServerError ? "Something went wrong on our side." : error.detail
        ConsoleLayout.addErrors(error.errors, to: &data)
        return render(.error, data, status: error.status)
    }
}

/// The data every page's top bar needs.
enum ConsoleLayout {
    /// The form errors the `errors` partial lists.
    static func addErrors(_ errors: [FieldError], to data: inout [String: Any]) {
        data["errors"] = errors.map { ["field": $0.field, "message": $0.message] }
        data["has_errors"] = !errors.isEmpty
    }

    static func data(identity: Identity?, title: String, csrf: String? = nil) -> [String: Any] {
        var data: [String: Any] = ["title": title]
        guard let identity else { return data }
        data["signed_in"] = true
        // A session waiting for its required TOTP enrolment sees no navigation it could not follow.
        data["navigation"] = identity.session?.restricted != true
        data["user_name"] = identity.user.name
        data["user_email"] = identity.user.email.value
        data["org_name"] = identity.org.name
        data["org_id"] = identity.org.id.rawValue
        data["csrf"] = identity.csrfToken
        // What the navigation offers follows the areas the caller's audience may open.
        let audience = identity.audience
        data["is_operator"] = ConsoleArea.vendorDesk.audiences.contains(audience)
        data["is_admin"] = audience.isOrgAdmin
        data["is_partner_admin"] = ConsoleArea.managedCustomers.audiences.contains(audience)
        data["is_customer_admin"] = ConsoleArea.externalAccess.audiences.contains(audience)
        data["tenants"] = identity.tenants.map {
            ["id": $0.membership.tenantID.rawValue, "name": $0.name, "selected": $0.membership.tenantID == identity.currentTenant]
        }
        return data
    }
}
