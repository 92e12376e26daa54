/// JSON text written by hand where a value must be copied verbatim (an audit payload as its hash covers it),
/// which `JSONEncoder` cannot do.
enum JSONText {
    /// `value` as a JSON string literal, escaped as RFC 8259 requires.
    static func string(_ value: String) -> String {
        var text = "\""
        text.reserveCapacity(value.utf8.count + 2)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text + "\""
    }

    static func string(_ value: String?) -> String { value.map(string) ?? "null" }

    /// An object of `(key, JSON text)` pairs in the order given; keys are plain ASCII names.
    static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }
}
