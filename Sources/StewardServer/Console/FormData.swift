import Foundation
import Hummingbird

/// A submitted `application/x-www-form-urlencoded` form.
struct FormData: Sendable {
    private(set) var values: [String: String] = [:]
    /// Every value in order, for fields that repeat by design (checkbox lists).
    private var repeated: [(key: String, value: String)] = []

    init(_ text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (part: Substring) in String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            let key = decode(parts[0])
            repeated.append((key, parts.count > 1 ? decode(parts[1]) : ""))
            // The first value wins: a repeated field cannot override an earlier one.
            if values[key] == nil { values[key] = parts.count > 1 ? decode(parts[1]) : "" }
        }
    }

    subscript(_ key: String) -> String? { values[key] }

    /// Every non-blank value of a repeated field, in order, without duplicates.
    func all(_ key: String) -> [String] {
        var seen = Set<String>()
        return repeated.compactMap { pair in
            let value = pair.value.trimmingCharacters(in: .whitespacesAndNewlines)
            return pair.key == key && !value.isEmpty && seen.insert(value).inserted ? value : nil
        }
    }

    /// The value, or nil when missing or blank.
    func nonEmpty(_ key: String) -> String? {
        guard let value = values[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }
}

extension Request {
    /// Reads a form body within the size limit.
    func form(context: AppContext) async throws -> FormData {
        let buffer = try await body.collect(upTo: context.maxBodyBytes)
        return FormData(String(buffer: buffer))
    }

}
