import Hummingbird
import StewardCore

/// What every request needs before any route runs: the body limit and the client's address.
struct RequestSetupMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let maxBodyBytes: Int
    let trustedProxies: [IPNetwork]

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        context.maxBodyBytes = maxBodyBytes
        context.clientAddress = ClientAddress.resolve(peer: context.peerAddress, forwardedFor: request.headers[.xForwardedFor], trusted: trustedProxies)
        return try await next(request, context)
    }
}
