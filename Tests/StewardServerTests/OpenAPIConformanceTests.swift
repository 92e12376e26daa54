import Foundation
import Testing

/// The check that holds every API response to openapi.json (see `APIClient.call`) can fail.
@Suite("responses are held to the OpenAPI document")
struct OpenAPIConformanceTests {
    let conformance = OpenAPIConformance.shared

    func problems(_ method: String, _ path: String, _ status: Int, _ body: String, type: String = "application/json") -> [String] {
        conformance.problems(method: .init(method)!, path: path, status: status, contentType: type, body: body)
    }

    @Test("a conforming answer passes; each kind of disagreement is found")
    func findsDisagreements() {
        let check = #"{"allowed":false,"reason":"no_access","revision":"4"}"#
        #expect(problems("POST", "/v1/check", 200, check) == [])
        #expect(!problems("POST", "/v1/check", 200, #"{"allowed":false,"reason":"no_access","revision":"4","extra":1}"#).isEmpty, "an undocumented field")
        #expect(!problems("POST", "/v1/check", 200, #"{"reason":"no_access","revision":"4"}"#).isEmpty, "a missing required field")
        #expect(!problems("POST", "/v1/check", 200, #"{"allowed":"no","reason":"no_access","revision":"4"}"#).isEmpty, "a wrong type")
        #expect(!problems("POST", "/v1/check", 200, #"{"allowed":false,"reason":"because","revision":"4"}"#).isEmpty, "a value outside the enum")
        #expect(!problems("POST", "/v1/check", 299, check).isEmpty, "an undocumented status")
        #expect(!problems("POST", "/v1/nowhere/else", 200, "{}").isEmpty, "an undocumented path")
        #expect(!problems("POST", "/v1/check", 400, #"{"status":400}"#, type: "application/problem+json").isEmpty, "a problem without its fields")
        #expect(problems("GET", "/console", 200, "<html>", type: "text/html") == [], "console pages are not API routes")
    }
}
