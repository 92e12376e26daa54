/// A resource with the revision its write produced, as a top-level `revision` beside the resource's own fields.
struct Revised<Value: Encodable & Sendable>: Encodable, Sendable {
    var value: Value
    var revision: Int
    private enum Keys: String, CodingKey { case revision }

    func encode(to encoder: any Encoder) throws {
        try value.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(String(revision), forKey: .revision)
    }
}
