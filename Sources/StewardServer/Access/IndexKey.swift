/// An id as the decision index keys it. Ids Steward makes are 30 bytes, held inline here, so a lookup hashes
/// and compares them without following a pointer to string storage (a cache miss each on a large index).
/// Longer ids keep their string: the key is lossless either way.
enum IndexKey: Hashable {
    case inline(UInt64, UInt64, UInt64, UInt64)
    case long(String)

    init(_ text: String) {
        var text = text
        self = text.withUTF8 { bytes in
            guard bytes.count < 32 else { return .long(String(decoding: bytes, as: UTF8.self)) }
            var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            withUnsafeMutableBytes(of: &words) { raw in
                raw.copyMemory(from: UnsafeRawBufferPointer(bytes))
                // The length in the last byte keeps "a" apart from "a\0".
                raw[31] = UInt8(bytes.count)
            }
            return .inline(words.0, words.1, words.2, words.3)
        }
    }

    /// One word into the seeded hasher instead of four, as a check hashes two keys. The keys the index holds
    /// are ids Steward made, so nobody can pick them to collide; equality still compares every word.
    func hash(into hasher: inout Hasher) {
        switch self {
        case let .inline(a, b, c, d): hasher.combine(a ^ (b &* 31) ^ (c &* 961) ^ (d &* 29_791))
        case let .long(text): hasher.combine(text)
        }
    }
}
