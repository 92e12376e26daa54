import Foundation
import Testing
@testable import StewardServer

@Suite("console templates")
struct ConsoleTemplateTests {
    @Test("every template file is a page or a partial, and every page has its file")
    func templatesMatchPages() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/StewardServer/Resources/templates")
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".mustache") }.map { String($0.dropLast(9)) })
        #expect(files == Set(ConsolePage.allCases.map(\.rawValue)).union(ConsolePage.partials))
    }
}
