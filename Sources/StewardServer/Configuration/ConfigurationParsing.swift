/// Parsers for the value formats configuration uses: durations (`30s`, `15m`, `12h`, `14d`), sizes (`1MiB`).
public enum ConfigurationParsing {
    /// A port from 1 to 65535.
    public static func port(_ text: String, name: String) throws -> Int {
        guard let port = Int(text), (1...65535).contains(port) else {
            throw ConfigurationError("\(name) must be a port from 1 to 65535, not '\(text)'")
        }
        return port
    }

    /// A positive duration with a unit: `s`, `m`, `h` or `d`.
    public static func duration(_ text: String, name: String) throws -> Duration {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        guard let unit = text.last, let factor = units[unit], let count = Int64(text.dropLast()), count > 0,
              count <= Int64.max / factor
        else {
            throw ConfigurationError("\(name) must be a positive duration such as 30s, 15m, 12h or 14d, not '\(text)'")
        }
        return .seconds(count * factor)
    }

    /// A positive size in bytes, optionally with `KiB`, `MiB` or `GiB`.
    public static func size(_ text: String, name: String) throws -> Int {
        let units: [(String, Int)] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10), ("B", 1), ("", 1)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            if let count = Int(text.dropLast(suffix.count)), count > 0, count <= Int.max / factor {
                return count * factor
            }
        }
        throw ConfigurationError("\(name) must be a size such as 1MiB, 512KiB or 1048576, not '\(text)'")
    }

    /// A comma-separated list of region keys.
    public static func regions(_ text: String) throws -> [String] {
        let regions = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let valid = regions.allSatisfy { region in
            !region.isEmpty && region.count <= 32 && region.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        }
        guard !regions.isEmpty, valid, Set(regions).count == regions.count else {
            throw ConfigurationError("STEWARD_REGIONS must be a comma-separated list of distinct lower-case keys, not '\(text)'")
        }
        return regions
    }
}

import Foundation
