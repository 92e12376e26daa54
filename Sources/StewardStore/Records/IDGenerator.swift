import Foundation

/// Makes ids that sort by creation time (48-bit milliseconds, then 80 random bits, Crockford base32),
/// so keyset pagination by id lists oldest first.
enum IDGenerator {
    private static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")

    static func make(_ prefix: String, at date: Date = Date()) -> String {
        var generator = SystemRandomNumberGenerator()
        let millis = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        var text = prefix + "_"
        for shift in stride(from: 45, through: 0, by: -5) {
            text.append(alphabet[Int((millis >> UInt64(shift)) & 31)])
        }
        for _ in 0..<16 {
            text.append(alphabet[Int(generator.next() & 31)])
        }
        return text
    }
}
