/// A hash table that stores each value beside its key: a lookup reads one line of the table, where a
/// dictionary keeps keys and values in two arrays, two cache misses on a large index.
struct InlineTable<Key: Hashable, Value> {
    /// Equal and hashed by key alone, so a probe holding any value finds the stored element.
    private struct Element: Hashable {
        var key: Key
        var value: Value?

        static func == (lhs: Self, rhs: Self) -> Bool { lhs.key == rhs.key }
        func hash(into hasher: inout Hasher) { key.hash(into: &hasher) }
    }

    private var elements: Set<Element> = []

    var count: Int { elements.count }

    subscript(key: Key) -> Value? {
        get { elements.firstIndex(of: Element(key: key, value: nil)).flatMap { elements[$0].value } }
        set {
            if let newValue {
                elements.update(with: Element(key: key, value: newValue))
            } else {
                elements.remove(Element(key: key, value: nil))
            }
        }
    }

    mutating func reserveCapacity(_ capacity: Int) { elements.reserveCapacity(capacity) }
}
