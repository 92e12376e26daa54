import Foundation
import HTTPTypes

/// Holds every JSON response the API tests receive to the checked-in OpenAPI document
/// (`Sources/StewardServer/Resources/static/openapi.json`): the operation must exist, the status must be
/// documented for it, and the body must match the documented schema. The JSON Schema keywords the document
/// uses are checked; an unknown keyword fails, so the document cannot drift into something unchecked.
struct OpenAPIConformance: Sendable {
    static let shared: OpenAPIConformance = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/StewardServer/Resources/static/openapi.json")
        let document = (try? JSONSerialization.jsonObject(with: Data(contentsOf: url))) as? [String: Any] ?? [:]
        return OpenAPIConformance(document: JSONBox(document))
    }()

    /// `[String: Any]` is not Sendable; the document is read once and never changed.
    final class JSONBox: @unchecked Sendable {
        let value: [String: Any]
        init(_ value: [String: Any]) { self.value = value }
    }

    let document: JSONBox

    /// The problems with one response, empty when it conforms. Paths outside the API are not checked.
    func problems(method: HTTPRequest.Method, path: String, status: Int, contentType: String?, body: String) -> [String] {
        let route = String(path.split(separator: "?", maxSplits: 1).first ?? "")
        guard route.hasPrefix("/v1/") || route == "/healthz" || route == "/readyz" else { return [] }
        let paths = document.value["paths"] as? [String: Any] ?? [:]
        guard let template = paths.keys.filter({ Self.matches(template: $0, path: route) }).min(by: { Self.specificity($0) > Self.specificity($1) }) else {
            // An unknown path answers 404 problem+json from the router; nothing to hold it to.
            return status == 404 ? [] : ["\(method) \(route): no such path in the document"]
        }
        guard let operation = (paths[template] as? [String: Any])?[method.rawValue.lowercased()] as? [String: Any] else {
            return status == 405 || status == 404 ? [] : ["\(method) \(template): no such operation in the document"]
        }
        let responses = operation["responses"] as? [String: Any] ?? [:]
        // An unexpected failure is a bare 500 on any route; it still has the shape of every problem.
        let bare500: [String: Any] = ["content": ["application/problem+json": ["schema": ["$ref": "#/components/schemas/Problem"]]]]
        guard var response = (responses[String(status)] ?? responses["default"] ?? (status == 500 ? bare500 : nil)) as? [String: Any] else {
            return ["\(method) \(template): status \(status) is not documented"]
        }
        if let ref = response["$ref"] as? String { response = resolve(ref) ?? [:] }
        let media = (contentType ?? "").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard media == "application/json" || media == "application/problem+json" else { return [] }
        let content = response["content"] as? [String: Any] ?? [:]
        guard let schema = (content[media] as? [String: Any])?["schema"] as? [String: Any] else {
            return ["\(method) \(template) \(status): \(media) is not documented"]
        }
        guard let value = try? JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed]) else {
            return ["\(method) \(template) \(status): the body is not JSON"]
        }
        return validate(value, against: schema, at: "$").map { "\(method) \(template) \(status): \($0)" }
    }

    static func matches(template: String, path: String) -> Bool {
        let want = template.split(separator: "/", omittingEmptySubsequences: false)
        let have = path.split(separator: "/", omittingEmptySubsequences: false)
        guard want.count == have.count else { return false }
        return zip(want, have).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
    }

    /// Literal segments beat parameters: `/v1/me/tenants` over `/v1/users/{id}/tenants`-like shapes.
    static func specificity(_ template: String) -> Int {
        template.split(separator: "/").filter { !$0.hasPrefix("{") }.count
    }

    func resolve(_ ref: String) -> [String: Any]? {
        guard ref.hasPrefix("#/") else { return nil }
        var node: Any = document.value
        for part in ref.dropFirst(2).split(separator: "/") {
            guard let next = (node as? [String: Any])?[String(part)] else { return nil }
            node = next
        }
        return node as? [String: Any]
    }

    static let annotations: Set<String> = ["description", "examples", "example", "title", "format", "writeOnly", "readOnly", "deprecated", "default"]

    func validate(_ value: Any, against schema: [String: Any], at where_: String) -> [String] {
        var problems: [String] = []
        for key in schema.keys where !Self.annotations.contains(key) {
            switch key {
            case "$ref":
                guard let target = resolve(schema[key] as? String ?? "") else { problems.append("\(where_): unresolvable \(schema[key]!)"); continue }
                problems += validate(value, against: target, at: where_)
            case "type":
                let types = (schema[key] as? [String]) ?? [schema[key] as? String ?? ""]
                if !types.contains(where: { Self.hasType(value, $0) }) { problems.append("\(where_): \(Self.describe(value)) is not \(types.joined(separator: " or "))") }
            case "enum":
                let options = schema[key] as? [Any] ?? []
                if !options.contains(where: { Self.equal($0, value) }) { problems.append("\(where_): \(Self.describe(value)) is not one of \(options)") }
            case "const":
                if !Self.equal(schema[key]!, value) { problems.append("\(where_): \(Self.describe(value)) is not \(schema[key]!)") }
            case "properties", "required", "additionalProperties":
                guard let object = value as? [String: Any] else { continue }
                problems += validateObject(object, schema, key: key, at: where_)
            case "items":
                guard let array = value as? [Any], let items = schema[key] as? [String: Any] else { continue }
                for (index, element) in array.enumerated() { problems += validate(element, against: items, at: "\(where_)[\(index)]") }
            case "minItems", "maxItems":
                guard let array = value as? [Any], let bound = schema[key] as? Int else { continue }
                if key == "minItems" ? array.count < bound : array.count > bound { problems.append("\(where_): \(array.count) items breaks \(key) \(bound)") }
            case "uniqueItems":
                guard let array = value as? [Any], schema[key] as? Bool == true else { continue }
                let texts = array.map(Self.describe)
                if Set(texts).count != texts.count { problems.append("\(where_): items repeat") }
            case "minLength", "maxLength":
                guard let text = value as? String, let bound = schema[key] as? Int else { continue }
                if key == "minLength" ? text.count < bound : text.count > bound { problems.append("\(where_): length \(text.count) breaks \(key) \(bound)") }
            case "minimum", "maximum":
                guard let number = (value as? NSNumber)?.doubleValue, !(value is Bool), let bound = (schema[key] as? NSNumber)?.doubleValue else { continue }
                if key == "minimum" ? number < bound : number > bound { problems.append("\(where_): \(number) breaks \(key) \(bound)") }
            case "pattern":
                guard let text = value as? String, let pattern = schema[key] as? String else { continue }
                if text.range(of: pattern, options: .regularExpression) == nil { problems.append("\(where_): \"\(text)\" does not match \(pattern)") }
            case "oneOf", "anyOf":
                let branches = schema[key] as? [[String: Any]] ?? []
                let passing = branches.filter { validate(value, against: $0, at: where_).isEmpty }.count
                if key == "oneOf" ? passing != 1 : passing == 0 { problems.append("\(where_): matches \(passing) of the \(key) branches") }
            case "allOf":
                for branch in schema[key] as? [[String: Any]] ?? [] { problems += validate(value, against: branch, at: where_) }
            case "unevaluatedProperties":
                // Only `false`, after allOf: no property that neither this schema nor a branch declares.
                guard let object = value as? [String: Any], schema[key] as? Bool == false else { continue }
                let declared = declaredProperties(schema)
                problems += object.keys.filter { !declared.contains($0) }.sorted().map { "\(where_): \($0) is not in the document" }
            default:
                problems.append("\(where_): the schema uses \(key), which this check does not know")
            }
        }
        return problems
    }

    /// The properties a schema declares itself or through its allOf branches.
    func declaredProperties(_ schema: [String: Any]) -> Set<String> {
        var names = Set((schema["properties"] as? [String: Any] ?? [:]).keys)
        if let ref = schema["$ref"] as? String, let target = resolve(ref) { names.formUnion(declaredProperties(target)) }
        for branch in schema["allOf"] as? [[String: Any]] ?? [] { names.formUnion(declaredProperties(branch)) }
        return names
    }

    private func validateObject(_ object: [String: Any], _ schema: [String: Any], key: String, at where_: String) -> [String] {
        let properties = schema["properties"] as? [String: [String: Any]] ?? [:]
        switch key {
        case "required":
            return (schema[key] as? [String] ?? []).filter { object[$0] == nil }.map { "\(where_): \($0) is missing" }
        case "additionalProperties":
            if let allowed = schema[key] as? Bool {
                return allowed ? [] : object.keys.filter { properties[$0] == nil }.sorted().map { "\(where_): \($0) is not in the document" }
            }
            guard let extra = schema[key] as? [String: Any] else { return [] }
            return object.filter { properties[$0.key] == nil }.sorted { $0.key < $1.key }.flatMap { validate($0.value, against: extra, at: "\(where_).\($0.key)") }
        default:
            return properties.sorted { $0.key < $1.key }.flatMap { name, property in
                object[name].map { validate($0, against: property, at: "\(where_).\(name)") } ?? []
            }
        }
    }

    static func hasType(_ value: Any, _ type: String) -> Bool {
        switch type {
        case "null": return value is NSNull
        case "boolean": return isBoolean(value)
        case "string": return value is String
        case "array": return value is [Any]
        case "object": return value is [String: Any]
        case "integer":
            guard let number = value as? NSNumber, !isBoolean(value) else { return false }
            return number.doubleValue == number.doubleValue.rounded()
        case "number": return value is NSNumber && !isBoolean(value)
        default: return false
        }
    }

    /// JSON booleans arrive as NSNumbers of the `char` type.
    static func isBoolean(_ value: Any) -> Bool {
        guard let number = value as? NSNumber else { return false }
        return String(cString: number.objCType) == "c"
    }

    static func equal(_ a: Any, _ b: Any) -> Bool {
        switch (a, b) {
        case let (x as String, y as String): x == y
        case let (x as NSNumber, y as NSNumber): x == y
        case (is NSNull, is NSNull): true
        default: false
        }
    }

    static func describe(_ value: Any) -> String {
        let text = (try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed])).map { String(decoding: $0, as: UTF8.self) } ?? "\(value)"
        return text.count > 80 ? String(text.prefix(80)) + "…" : text
    }
}
