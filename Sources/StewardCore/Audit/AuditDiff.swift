/// An audit event's before and after as a reader compares them: one line per field that differs, nested
/// objects by dotted path (`address.city`), lists and scalars as readable text.
public struct AuditChange: Sendable, Equatable {
    public var field: String
    /// Nil when the field was absent or null on that side.
    public var before: String?
    public var after: String?

    public init(field: String, before: String?, after: String?) {
        self.field = field
        self.before = before
        self.after = after
    }
}

public enum AuditDiff {
    /// Every field whose text differs between `before` and `after`, by path; a creation lists every field
    /// with no `before`, a deletion every field with no `after`.
    public static func changes(before: JSONValue?, after: JSONValue?) -> [AuditChange] {
        let old = fields(before)
        let new = fields(after)
        return Set(old.keys).union(new.keys).sorted().compactMap { path in
            old[path] == new[path] ? nil : AuditChange(field: path, before: old[path], after: new[path])
        }
    }

    /// The leaves of a value by path; nulls are left out, so a null and a missing key read alike.
    public static func fields(_ value: JSONValue?) -> [String: String] {
        var result: [String: String] = [:]
        func walk(_ value: JSONValue, _ path: String) {
            switch value {
            case .null: break
            case .object(let members):
                // An empty object is a value of its own, not nothing.
                if members.isEmpty, !path.isEmpty { result[path] = "{}" }
                for (key, member) in members { walk(member, path.isEmpty ? key : path + "." + key) }
            default: result[path.isEmpty ? "value" : path] = text(value)
            }
        }
        if let value { walk(value, "") }
        return result
    }

    /// A leaf as a person reads it: numbers without a needless `.0`, lists as `a, b`, objects in lists as
    /// `key: value` pairs.
    public static func text(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .number(let number):
            number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .string(let string): string
        case .array(let items): items.isEmpty ? "(none)" : items.map(text).joined(separator: "; ")
        case .object(let members):
            members.sorted { $0.key < $1.key }.filter { $0.value != .null }.map { "\($0.key): \(text($0.value))" }.joined(separator: ", ")
        }
    }
}
