import Foundation

/// Makes ids that sort by creation time (48-bit milliseconds, then 80 random bits, Crockford base32),
/// so keyset pagination by id lists oldest first. Within one process ids are strictly increasing, even
/// within one millisecond: the random part of the previous id is incremented instead of drawn anew.
public enum IDGenerator {
    private static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")
    private static let lock = NSLock()
    nonisolated(unsafe) private static var last: (millis: UInt64, high: UInt64, low: UInt64) = (0, 0, 0)

    public static func make(_ prefix: String, at date: Date = Date()) -> String {
        let (millis, high, low) = next(millis: UInt64(max(0, date.timeIntervalSince1970 * 1000)))
        var text = prefix + "_"
        for shift in stride(from: 45, through: 0, by: -5) {
            text.append(alphabet[Int((millis >> UInt64(shift)) & 31)])
        }
        // 80 bits: the top 16 in `high`, the rest in `low`, written 5 bits at a time.
        for index in 0..<16 {
            let bit = 75 - index * 5
            let value = bit >= 64 ? (high >> UInt64(bit - 64)) : (bit + 5 > 64 ? ((high << UInt64(64 - bit)) | (low >> UInt64(bit))) : (low >> UInt64(bit)))
            text.append(alphabet[Int(value & 31)])
        }
        return text
    }

    private static func next(millis: UInt64) -> (UInt64, UInt64, UInt64) {
        lock.withLock {
            if millis > last.millis {
                var generator = SystemRandomNumberGenerator()
                last = (millis, generator.next() & 0xFFFF, generator.next())
            } else {
                let (low, overflow) = last.low.addingReportingOverflow(1)
                last = (last.millis, (last.high + (overflow ? 1 : 0)) & 0xFFFF, low)
            }
            return last
        }
    }
}
