import Foundation
import Hummingbird
import StewardCore

/// A request body: decoded strictly, so an unknown field at any depth is a 400, never silently dropped.
protocol RequestBody: Decodable, Sendable {}

extension Request {
    /// The body, at most the configured size (413 past it); a body that is not declared JSON is a 415.
    func collectJSON(context: AppContext) async throws -> ByteBuffer {
        let buffer = try await body.collect(upTo: context.maxBodyBytes)
        if buffer.readableBytes > 0, !Self.isJSON(headers[.contentType]) {
            throw APIError(status: .unsupportedMediaType, detail: "the request body must be sent as application/json")
        }
        return buffer
    }

    /// `application/json` or a `+json` type, with any parameters.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let type = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json"))
    }

    /// Reads the body and decodes it strictly.
    func decodeBody<Body: RequestBody>(_ type: Body.Type, context: AppContext) async throws -> Body {
        try BodyDecoder.decode(type, from: Data(buffer: try await collectJSON(context: context)))
    }
}

/// The body of an action that takes none: `{}` or nothing.
private struct NoBody: RequestBody {}

extension Request {
    /// For actions without a body: anything but nothing or `{}` is refused (415 when not JSON, 400 naming the
    /// fields), so a client never believes a field it sent was read.
    func requireNoBody(context: AppContext) async throws {
        _ = try await decodeOptionalBody(NoBody.self, context: context)
    }
}

/// A body that can also be built from `FlatJSON` fields; nil hands the body to the full decoder.
protocol FlatRequestBody: RequestBody {
    init?(flat fields: [FlatJSON.Field])
}

extension Request {
    /// `decodeBody` with a fast path for the usual flat shape; every other body, and every error, goes the full way.
    func decodeBody<Body: FlatRequestBody>(_ type: Body.Type, context: AppContext) async throws -> Body {
        let buffer = try await collectJSON(context: context)
        if let fields = buffer.withUnsafeReadableBytes(FlatJSON.fields), let body = Body(flat: fields) { return body }
        return try BodyDecoder.decode(type, from: Data(buffer: buffer))
    }
}

extension Request {
    /// Like `decodeBody`, but an empty body is no body at all (nil).
    func decodeOptionalBody<Body: RequestBody>(_ type: Body.Type, context: AppContext) async throws -> Body? {
        let data = Data(buffer: try await collectJSON(context: context))
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return nil }
        return try BodyDecoder.decode(type, from: data)
    }
}

/// Strict JSON decoding with field-level error messages: an unknown key at any depth is a 400 naming its path.
enum BodyDecoder {
    static func decode<Body: RequestBody>(_ type: Body.Type, from data: Data) throws -> Body {
        guard !data.isEmpty else { throw Refused(.invalid, "the request body must be a JSON object") }
        // A key given twice would be read one way here and perhaps another way by a proxy in front.
        if let duplicate = DuplicateKeys.first(in: data) {
            throw ValidationFailure([FieldError(duplicate, "is given more than once")])
        }
        let log = KeyLog()
        do {
            return try JSONCoding.decoder.decode(Strict<Body>.self, from: data, configuration: log).body
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty && context.underlyingError != nil {
            throw Refused(.invalid, "the request body is not valid JSON")
        } catch let error as DecodingError {
            // Only the field that failed: its siblings were never asked for, so they would read as unknown.
            throw ValidationFailure([fieldError(error)])
        }
    }

    private static func unknown(_ log: KeyLog) -> [FieldError] {
        log.unknownFields.map { FieldError($0, "is not a known field") }
    }

    /// Decodes the body through `StrictDecoder`, then refuses it if any object held a key nobody asked for.
    private struct Strict<Body: RequestBody>: DecodableWithConfiguration {
        let body: Body

        init(from decoder: any Decoder, configuration log: KeyLog) throws {
            let top: KeyedDecodingContainer<AnyKey>
            do { top = try decoder.container(keyedBy: AnyKey.self) } catch DecodingError.typeMismatch {
                throw Refused(.invalid, "the request body must be a JSON object")
            }
            // The body's own keys count even when its type asks for none (an action that takes no body).
            _ = log.open(path: [], present: top.allKeys.map(\.stringValue))
            body = try Body(from: StrictDecoder(base: decoder, log: log))
            let unknown = BodyDecoder.unknown(log)
            if !unknown.isEmpty { throw ValidationFailure(unknown) }
        }
    }

    static func fieldError(_ error: DecodingError) -> FieldError {
        func path(_ codingPath: [any CodingKey]) -> String { FieldPath.render(codingPath) }
        switch error {
        case .keyNotFound(let key, let context):
            return FieldError(path(context.codingPath + [key]), "is required")
        case .valueNotFound(_, let context):
            return FieldError(path(context.codingPath), "must not be null")
        case .typeMismatch(let type, let context):
            return FieldError(path(context.codingPath), "must be \(describe(type))")
        case .dataCorrupted(let context):
            let message = context.debugDescription.hasPrefix("Cannot initialize")
                ? "is not one of the allowed values" : context.debugDescription
            return FieldError(path(context.codingPath), message)
        @unknown default:
            return FieldError("", "is invalid")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is Double.Type: "a number"
        case is [Any].Type: "an array"
        default: "an object"
        }
    }
}

extension Request {
    /// The page asked for by `?limit=&cursor=` (limit 1–500, default 50).
    func pageRequest() throws -> PageRequest {
        var limit = 50
        if let text = uri.queryParameters["limit"] {
            guard let value = Int(String(text)), (1...500).contains(value) else {
                throw ValidationFailure([FieldError("limit", "must be a whole number from 1 to 500")])
            }
            limit = value
        }
        var after: String?
        if let cursor = uri.queryParameters["cursor"], !cursor.isEmpty {
            guard let decoded = Cursor.decode(String(cursor)) else {
                throw ValidationFailure([FieldError("cursor", "is not a cursor this server issued")])
            }
            after = decoded
        }
        return PageRequest(limit: limit, after: after)
    }

    /// The version an edit is based on, from `If-Match` (`"3"`, `W/"3"` or `3`); nil when absent.
    func ifMatchVersion() throws -> Int? {
        guard let header = headers[.ifMatch] else { return nil }
        var text = header.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("W/") { text.removeFirst(2) }
        text = text.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        guard let version = Int(text), version > 0 else {
            throw Refused(.invalid, "If-Match must name a version, such as \"3\"")
        }
        return version
    }
}

/// Opaque list cursors: the last id seen, base64url-encoded so clients do not build them by hand.
enum Cursor {
    static func encode(_ id: String?) -> String? {
        id.map { Data($0.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "") }
    }

    static func decode(_ cursor: String) -> String? {
        var text = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        guard cursor.count <= 200, let data = Data(base64Encoded: text), let id = String(data: data, encoding: .utf8),
              id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
        else { return nil }
        return id
    }
}

import StewardStore
