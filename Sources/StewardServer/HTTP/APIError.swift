import Foundation
import Hummingbird
import NIOCore
import StewardCore

/// An error the API reports as `application/problem+json` (RFC 9457).
struct APIError: Error, Sendable {
    var status: HTTPResponse.Status
    var detail: String
    var errors: [FieldError] = []
    var items: [ItemError] = []
    var headers: HTTPFields = [:]
    /// A machine-readable name for refusals a client acts on (`index_unavailable`); also the problem's type.
    var code: String?
    /// Sign-in: the password was right and the TOTP code is missing.
    var mfaRequired: Bool?

    init(status: HTTPResponse.Status, detail: String, errors: [FieldError] = [], items: [ItemError] = [], headers: HTTPFields = [:], code: String? = nil) {
        self.status = status
        self.detail = detail
        self.errors = errors
        self.items = items
        self.headers = headers
        self.code = code
    }

    /// A refusal as the client sees it.
    init(_ refused: Refused) {
        var headers: HTTPFields = [:]
        if let retryAfter = Self.retryAfter(refused.kind) { headers[.retryAfter] = retryAfter }
        self.init(
            status: Self.status(of: refused.kind), detail: refused.detail, errors: refused.fields,
            items: refused.items,
            headers: headers, code: refused.code
        )
        if refused.code == Refused.mfaCodeMissing.code { mfaRequired = true }
    }

    /// The one place a kind of refusal becomes an HTTP status.
    static func status(of kind: RefusalKind) -> HTTPResponse.Status {
        switch kind {
        case .invalid: .badRequest
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .hidden: .notFound
        case .conflict: .conflict
        case .gone: .gone
        case .stale: .preconditionFailed
        case .throttled: .tooManyRequests
        case .unavailable: .serviceUnavailable
        }
    }

    private static func retryAfter(_ kind: RefusalKind) -> String? {
        switch kind {
        case .unavailable: "1"
        case .throttled: String(Int(SignIn.failureWindow))
        default: nil
        }
    }

    /// The problem document.
    var problem: Problem {
        Problem(
            type: code.map { "urn:steward:problem:\($0)" } ?? "about:blank", title: status.reasonPhrase, status: status.code, detail: detail,
            code: code, mfaRequired: mfaRequired, errors: errors.isEmpty ? nil : errors, items: items.isEmpty ? nil : items
        )
    }
}

/// The body of every error response.
struct Problem: Codable, Sendable {
    var type: String
    var title: String
    var status: Int
    var detail: String
    var code: String?
    var mfaRequired: Bool?
    var errors: [FieldError]?
    var items: [ItemError]?

    enum CodingKeys: String, CodingKey { case type, title, status, detail, code, mfaRequired = "mfa_required", errors, items }
}

extension APIError {
    /// Maps any error to what the client may see; nil for unexpected errors (a bare 500, the cause logged).
    /// Every refusal of Core, the store and the server arrives here as a `Refusal`; the rest are the
    /// HTTP library's own.
    static func from(_ error: any Error) -> APIError? {
        switch error {
        case let error as APIError:
            return error
        case let refusal as any Refusal:
            return APIError(refusal.refused)
        case let error as HTTPError:
            switch error.status {
            case .contentTooLarge: return .tooLarge
            case .notFound: return APIError(Refused.notFound)
            case .methodNotAllowed: return APIError(status: .methodNotAllowed, detail: "this method is not allowed here")
            default: return error.status.code < 500 ? APIError(status: error.status, detail: error.body ?? error.status.reasonPhrase) : nil
            }
        case is NIOTooManyBytesError:
            return .tooLarge
        case let error as any HTTPResponseError where error.status.code < 500:
            return APIError(status: error.status, detail: error.status.reasonPhrase)
        default:
            return nil
        }
    }

    static let tooLarge = APIError(status: .contentTooLarge, detail: "the request body is larger than the limit")
}

import StewardStore
