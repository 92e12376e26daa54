import Foundation
import Hummingbird
import Logging

/// Turns every error into problem+json (API) or an HTML page (console); unexpected errors become a
/// bare 500 with the cause kept in the log only.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let pages: PageRenderer

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let mapped = APIError.from(error)
            if mapped == nil {
                context.logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))", "path": "\(Self.loggable(request.uri.path))"])
            }
            let apiError = mapped ?? APIError(status: .internalServerError, detail: "an unexpected error occurred")
            if Self.wantsHTML(request) {
                return pages.errorPage(apiError, identity: context.identity)
            }
            return Self.problemResponse(apiError)
        }
    }

    static func problemResponse(_ error: APIError) -> Response {
        var headers = error.headers
        headers[.contentType] = "application/problem+json"
        let body = (try? JSONCoding.encoder.encode(error.problem)) ?? Data()
        return Response(status: error.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// Console pages get HTML errors; the API, health and metrics endpoints get problem+json.
    static func wantsHTML(_ request: Request) -> Bool {
        let path = request.uri.path
        if path.hasPrefix("/v1/") || path.hasPrefix("/.well-known/") || ["/healthz", "/readyz", "/metrics", "/openapi.json"].contains(path) {
            return false
        }
        return true
    }

    /// A path as the log may hold it: a secret link's token (set-password, approval) is left out.
    static func loggable(_ path: String) -> String {
        for prefix in ["/invitation/", "/approve/"] where path.hasPrefix(prefix) { return prefix + "[hidden]" }
        return path
    }
}
