/// RFC 4180 fields, safe to open in a spreadsheet.
enum CSVText {
    /// One line of fields, CRLF-terminated.
    static func line(_ fields: [String?]) -> String {
        fields.map { field($0 ?? "") }.joined(separator: ",") + "\r\n"
    }

    /// Quoted when it holds a comma, quote or line break; a leading `=`, `+`, `-`, `@`, tab or CR gets a `'`
    /// first, so a spreadsheet shows the text instead of running it as a formula (OWASP's CSV injection advice).
    static func field(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
