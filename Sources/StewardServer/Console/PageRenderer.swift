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

    /// Renders a page from its typed model.
    func render<Model: PageModel>(_ model: Model, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        guard let html = library.render(model, withTemplate: Model.page.rawValue) else {
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
        let detail = error.status == .internalServerError ? "Something went wrong on our side." : error.detail
        return render(ErrorPage(layout: Layout(identity, title: error.status.reasonPhrase, errors: error.errors), status: Int(error.status.code), detail: detail), status: error.status)
    }
}

struct ErrorPage: PageModel {
    static let page = ConsolePage.error
    var layout: Layout
    var status: Int
    var detail: String
}
