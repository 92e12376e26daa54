import Foundation
import Hummingbird
import NIOCore
import StewardCore

/// An error the API reports as `application/problem+json` (RFC 9457).
struct APIError: Error, Sendable {
    var status: HTTPResponse.Status
    var detail: String
    var errors: [FieldError] = []
    var items: [BulkItemError] = []
    var headers: HTTPFields = [:]
    /// A machine-readable name for refusals a client acts on (`index_unavailable`); also the problem's type.
    var code: String?
    /// Sign-in: the password was right and the TOTP code is missing.
    var mfaRequired: Bool?

    static let unauthorized = APIError(status: .unauthorized, detail: "sign in first")
    static let forbidden = APIError(status: .forbidden, detail: "you may not do this")
    static let notFound = APIError(status: .notFound, detail: "no such resource")

    static func badRequest(_ detail: String, errors: [FieldError] = []) -> APIError {
        APIError(status: .badRequest, detail: detail, errors: errors)
    }

    /// Decisions cannot be made from a current state; the client should retry shortly (never read it as a deny).
    static let indexUnavailable = APIError(
        status: .serviceUnavailable, detail: "access decisions are unavailable: this instance cannot bring its index up to date",
        headers: [.retryAfter: "1"], code: "index_unavailable"
    )

    static func conflict(_ detail: String) -> APIError {
        APIError(status: .conflict, detail: detail)
    }

    /// The problem document.
    var problem: Problem {
        Problem(
            type: code.map { "urn:steward:problem:\($0)" } ?? "about:blank", title: status.reasonPhrase, status: status.code, detail: detail,
            code: code, mfaRequired: mfaRequired, errors: errors.isEmpty ? nil : errors, items: items.isEmpty ? nil : items
        )
    }
}

/// One failing item of a bulk request.
struct BulkItemError: Codable, Sendable, Equatable {
    var index: Int
    var detail: String
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
    var items: [BulkItemError]?

    enum CodingKeys: String, CodingKey { case type, title, status, detail, code, mfaRequired = "mfa_required", errors, items }
}

extension APIError {
    /// Maps any error to what the client may see; nil for unexpected errors (a bare 500).
    static func from(_ error: any Error) -> APIError? {
        switch error {
        case let error as APIError:
            return error
        case is IndexUnavailable:
            return .indexUnavailable
        case let failure as ValidationFailure:
            return .badRequest("the request has invalid fields", errors: failure.errors)
        case let denied as AccessDenied:
            return denied == .hidden ? .notFound : .forbidden
        case let error as StoreError:
            switch error {
            case .notFound: return .notFound
            case .conflict(let detail): return .conflict(detail)
            case .staleVersion(let current):
                return APIError(status: .preconditionFailed, detail: "the resource changed; its current version is \(current)")
            case .invalidConfiguration, .schemaTooNew, .unreadable: return nil
            }
        case let error as HTTPError:
            switch error.status {
            case .contentTooLarge:
                return APIError(status: .contentTooLarge, detail: "the request body is larger than the limit")
            case .notFound:
                return .notFound
            case .methodNotAllowed:
                return APIError(status: .methodNotAllowed, detail: "this method is not allowed here")
            default:
                return error.status.code < 500 ? APIError(status: error.status, detail: error.body ?? error.status.reasonPhrase) : nil
            }
        case let refusal as RelationshipRefusal:
            switch refusal {
            case .hidden: return .notFound
            case .forbidden: return .forbidden
            case .wrongState(let status): return .conflict("the relationship is \(status.rawValue)")
            }
        case let refusal as ApprovalLinkRefusal:
            switch refusal {
            case .unknown: return .notFound
            case .used: return APIError(status: .gone, detail: "this approval link has already been used")
            case .expired: return APIError(status: .gone, detail: "this approval link has expired")
            }
        case is NIOTooManyBytesError:
            return APIError(status: .contentTooLarge, detail: "the request body is larger than the limit")
        case let error as any HTTPResponseError where error.status.code < 500:
            return APIError(status: error.status, detail: error.status.reasonPhrase)
        default:
            return nil
        }
    }
}

import StewardStore
