import Foundation
import Hummingbird

/// The console's stylesheet, read once at start-up.
struct StaticRoutes {
    let stylesheet: ByteBuffer

    init() throws {
        guard let url = Bundle.module.url(forResource: "steward", withExtension: "css", subdirectory: "static") else {
            throw ConfigurationError("the console stylesheet is missing from this build")
        }
        stylesheet = ByteBuffer(bytes: try Data(contentsOf: url))
    }

    func register(on routes: ConsoleRoutes) {
        let stylesheet = self.stylesheet
        routes.files.get("/static/steward.css") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=300"],
                body: .init(byteBuffer: stylesheet)
            )
        }
    }
}
