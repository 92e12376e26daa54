@testable import StewardServer
import StewardCore
import Testing

@Suite("the index's inline hash table")
struct InlineTableTests {
    @Test("random writes and removals read back as a dictionary's would", arguments: 0..<4)
    func againstDictionary(seed: Int) {
        var random = SeededGenerator(state: UInt64(seed) &+ 3)
        var table = InlineTable<IndexKey, Int32>()
        var model: [String: Int32] = [:]
        // Short and long ids, so both kinds of key are exercised.
        let ids = (0..<300).map { $0 % 3 == 0 ? "org_\($0)_" + String(repeating: "x", count: 40) : "usr_\($0)" }
        for step in 0..<5_000 {
            let id = ids.randomElement(using: &random)!
            if Int.random(in: 0..<4, using: &random) == 0 {
                table[IndexKey(id)] = nil
                model[id] = nil
            } else {
                table[IndexKey(id)] = Int32(step)
                model[id] = Int32(step)
            }
        }
        #expect(table.count == model.count)
        for id in ids { #expect(table[IndexKey(id)] == model[id], "\(id)") }
    }

    @Test("keys that differ only in length or in their last byte stay apart")
    func distinctKeys() {
        var table = InlineTable<IndexKey, Int32>()
        table[IndexKey("a")] = 1
        table[IndexKey("a\0")] = 2
        table[IndexKey(String(repeating: "b", count: 31))] = 3
        table[IndexKey(String(repeating: "b", count: 32))] = 4
        #expect(table[IndexKey("a")] == 1 && table[IndexKey("a\0")] == 2)
        #expect(table[IndexKey(String(repeating: "b", count: 31))] == 3 && table[IndexKey(String(repeating: "b", count: 32))] == 4)
        #expect(table[IndexKey("c")] == nil)
    }
}
