import HTTPTypes
import Hummingbird

/// Headers every response carries: no powerful browser features for any page, HSTS behind an https public URL,
/// and `no-store` on the API, whose answers carry session tokens, API tokens, tenant tokens and MFA secrets.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let https: Bool

    static let permissionsPolicy = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()"

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.permissionsPolicy] = Self.permissionsPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        if https { response.headers[.strictTransportSecurity] = "max-age=31536000; includeSubDomains" }
        if request.uri.path.hasPrefix("/v1/"), response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}

extension HTTPField.Name {
    static let permissionsPolicy = HTTPField.Name("Permissions-Policy")!
}

extension HTTPField.Name {
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
