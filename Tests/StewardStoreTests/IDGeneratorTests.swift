import Foundation
@testable import StewardStore
import Testing

@Suite("ids")
struct IDGeneratorTests {
    @Test("ids made in one millisecond still sort in the order they were made")
    func monotonic() {
        let date = Date(timeIntervalSince1970: 1_800_000_000)
        let ids = (0..<2000).map { _ in IDGenerator.make("x", at: date) }
        #expect(ids == ids.sorted() && Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.count == 28 })
    }

    @Test("later times sort after earlier ones, even when the clock steps back")
    func byTime() {
        let early = IDGenerator.make("x", at: Date(timeIntervalSince1970: 1_800_000_000))
        let late = IDGenerator.make("x", at: Date(timeIntervalSince1970: 1_800_000_001))
        let stepBack = IDGenerator.make("x", at: Date(timeIntervalSince1970: 1_700_000_000))
        #expect(early < late && late < stepBack)
    }
}
