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

    /// Mustache renders a name nothing holds as empty, silently; so every name a template reads must be a
    /// property declared by a page model (Console/Pages), and the old untyped keys cannot come back.
    @Test("every name a template reads is declared by a page model")
    func templateNamesAreDeclared() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/StewardServer")
        let templates = sources.appendingPathComponent("Resources/templates")
        let pages = sources.appendingPathComponent("Console/Pages")
        var declared = Set<String>()
        for file in try FileManager.default.contentsOfDirectory(atPath: pages.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: pages.appendingPathComponent(file), encoding: .utf8)
            for match in text.matches(of: /(?:var|let) `?([A-Za-z][A-Za-z0-9]*)`?\s*[:=]/) { declared.insert(String(match.1)) }
        }
        for file in try FileManager.default.contentsOfDirectory(atPath: templates.path) where file.hasSuffix(".mustache") {
            let text = try String(contentsOf: templates.appendingPathComponent(file), encoding: .utf8)
            for match in text.matches(of: /\{\{[#^\/]?\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/) {
                #expect(declared.contains(String(match.1)), "\(file) reads {{\(match.1)}}, which no page model declares")
            }
        }
    }
}

