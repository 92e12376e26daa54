/// How a refusal reads to whoever asked. The server gives each kind exactly one HTTP status, in one place
/// (`APIError.from`); Core says only what happened.
public enum RefusalKind: String, Sendable, CaseIterable {
    /// The input breaks a rule of its own (400).
    case invalid
    /// Nobody is signed in, or the credentials are wrong (401).
    case unauthenticated
    /// The caller sees the thing but may not do this (403).
    case forbidden
    /// Out of the caller's reach, read exactly like something that does not exist (404).
    case hidden
    /// The state does not allow it now (409).
    case conflict
    /// A single-use link or code that was used or has expired (410).
    case gone
    /// The edit was based on an older version (412).
    case stale
    /// Too many attempts; try again later (429).
    case throttled
    /// The service cannot be sure right now; try again shortly, never read it as a deny (503).
    case unavailable
}

/// An error the caller is told about. Anything thrown that is not a refusal is an unexpected failure:
/// a bare 500 with its cause in the log.
public protocol Refusal: Error, Sendable {
    /// The refusal in its one normal form.
    var refused: Refused { get }
}

/// A refusal in words: what kind, why, and, for input, which fields or items.
public struct Refused: Refusal, Equatable {
    public var kind: RefusalKind
    public var detail: String
    /// A stable name a client acts on (`index_unavailable`, `mfa_required`); nil for most.
    public var code: String?
    public var fields: [FieldError]
    /// Failing items of a bulk request, in order.
    public var items: [ItemError]

    public init(_ kind: RefusalKind, _ detail: String, code: String? = nil, fields: [FieldError] = [], items: [ItemError] = []) {
        self.kind = kind
        self.detail = detail
        self.code = code
        self.fields = fields
        self.items = items
    }

    public var refused: Refused { self }

    /// Whether `error` is a refusal of this kind.
    public static func `is`(_ kind: RefusalKind, _ error: any Error) -> Bool {
        (error as? any Refusal)?.refused.kind == kind
    }

    public static func forbidden(_ detail: String) -> Refused { Refused(.forbidden, detail) }
    public static func conflict(_ detail: String) -> Refused { Refused(.conflict, detail) }
    public static func hidden(_ detail: String) -> Refused { Refused(.hidden, detail) }
}

extension Refused {
    /// The one answer for anything missing or out of reach.
    public static let notFound = Refused(.hidden, "no such resource")
    public static let signInFirst = Refused(.unauthenticated, "sign in first")
    public static let notAllowed = Refused(.forbidden, "you may not do this")

    /// The edit was based on version `current - n`.
    public static func stale(current: Int) -> Refused {
        Refused(.stale, "the resource changed; its current version is \(current)")
    }
}

extension AccessDenied: Refusal {
    public var refused: Refused { self == .hidden ? .notFound : .notAllowed }
}

extension ValidationFailure: Refusal {
    public var refused: Refused { Refused(.invalid, "the request has invalid fields", fields: errors) }
}

extension RelationshipRefusal: Refusal {
    public var refused: Refused {
        switch self {
        case .hidden: .notFound
        case .forbidden: .notAllowed
        case .wrongState(let status): .conflict("the relationship is \(status.rawValue)")
        }
    }
}

extension ManagementRefusal: Refusal {
    public var refused: Refused {
        switch self {
        case .hidden: .notFound
        case .forbidden(let rule): .forbidden(rule)
        case .invalid(let field, let message): ValidationFailure([FieldError(field, message)]).refused
        }
    }
}

/// One failing item of a bulk request, by its 0-based position in the request.
public struct ItemError: Sendable, Equatable, Codable {
    public var index: Int
    public var detail: String

    public init(index: Int, detail: String) {
        self.index = index
        self.detail = detail
    }
}
