import Hummingbird
import StewardCore

/// Finds the API caller by `Authorization: Bearer` and asks `CredentialPolicy` whether their credential
/// reaches this kind of request. Every API route that needs a caller is registered behind one, with the
/// operation it performs (`APIRoutes.callers(_:)`); a route registered elsewhere has no caller and answers 401.
struct APIAuthMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let lookup: CredentialLookup
    let requireMFA: MFARequirement
    let operation: APIOperation

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { return try await next(request, context) }
        guard header.hasPrefix("Bearer "), let identity = try await lookup.identity(String(header.dropFirst(7)), kind: .api) else {
            throw Refused.signInFirst
        }
        try CredentialPolicy.mayUse(identity.caller, for: operation, requirement: requireMFA).get()
        var context = context
        context.identity = identity
        return try await next(request, context)
    }
}
