import Foundation
@testable import StewardServer
import StewardCore
import StewardTesting
import Testing

/// The check endpoint reads its usual body and writes its answer without Foundation's coders. These tests hold
/// both shortcuts to what the coders would have done.
@Suite("the check endpoint's fast paths")
struct CheckFastPathTests {
    static func flat(_ text: String) -> [FlatJSON.Field]? {
        Array(text.utf8).withUnsafeBytes(FlatJSON.fields)
    }

    static func fast(_ text: String) -> CheckRoutes.CheckBody? {
        flat(text).flatMap(CheckRoutes.CheckBody.init(flat:))
    }

    static func full(_ text: String) -> Result<CheckRoutes.CheckBody, any Error> {
        Result { try BodyDecoder.decode(CheckRoutes.CheckBody.self, from: Data(text.utf8)) }
    }

    static func same(_ a: CheckRoutes.CheckBody, _ b: CheckRoutes.CheckBody) -> Bool {
        a.userID == b.userID && a.tenantID == b.tenantID && a.product == b.product && a.permission == b.permission && a.atLeastRevision == b.atLeastRevision
    }

    @Test("flat objects of strings and nulls are read; everything else is declined")
    func flatShapes() {
        #expect(Self.flat(#" { "a" : "x" ,"b":null}  "#) == [.init(key: "a", value: "x"), .init(key: "b", value: nil)])
        #expect(Self.flat("{}") == [])
        for declined in [
            "", "[]", "{", "{\"a\":\"x\"", "{\"a\":\"x\",}", "{\"a\":1}", "{\"a\":true}", "{\"a\":{}}", "{\"a\":[\"x\"]}", "{\"a\":\"x\\\"y\"}",
            "{\"a\":\"caf\u{e9}\"}", "{\"a\":\"tab\there\"}", "{\"a\":\"x\",\"a\":\"y\"}", "{\"a\":\"x\"} {}", "{\"a\":nul}", "{a:\"x\"}",
            "{" + (0...FlatJSON.maxFields).map { "\"k\($0)\":null" }.joined(separator: ",") + "}",
        ] {
            #expect(Self.flat(declined) == nil, "\(declined)")
        }
    }

    @Test("whenever the fast path reads a body, it reads what the full decoder reads", arguments: 0..<4)
    func agreesWithTheDecoder(seed: Int) {
        var random = SeededGenerator(state: UInt64(seed) &+ 101)
        // Mostly the three required keys, with values of every kind: strings, null, numbers, escapes, and
        // permissions that exist and that do not.
        let keys = ["user_id", "tenant_id", "permission", "product", "at_least_revision", "extra"]
        let values = ["\"usr_1\"", "\"org_2\"", "\"endpoint\"", "\"read\"", "\"platform_admin\"", "\"fly\"", "\"\"", "\"7\"", "null", "3", "\"a\\u0062\"", "true"]
        let permissions = ["\"read\"", "\"write\"", "\"admin\"", "\"platform_admin\"", "\"READ\"", "null", "1"]
        var read = 0
        for _ in 0..<2_000 {
            let chosen = keys.enumerated().filter { Int.random(in: 0..<10, using: &random) < ($0.offset < 3 ? 9 : 4) }.map(\.element).shuffled(using: &random)
            let text = "{" + chosen.map { key in
                "\"\(key)\": \((key == "permission" ? permissions : values).randomElement(using: &random)!)"
            }.joined(separator: ", ") + "}"
            guard let fast = Self.fast(text) else { continue }
            read += 1
            switch Self.full(text) {
            case .success(let full): #expect(Self.same(fast, full), "\(text)")
            case .failure(let error): Issue.record("the fast path read \(text), the decoder refused it: \(error)")
            }
        }
        #expect(read > 50, "too few bodies took the fast path to compare")
    }

    @Test("the answer's bytes are those of the general encoder")
    func answerBytes() throws {
        for reason in DecisionReason.allCases {
            for revision in [nil, "0", "123456789"] {
                let answer = CheckRoutes.Answer(allowed: reason == .allowed, reason: reason, revision: revision)
                let encoded = String(decoding: try JSONCoding.encoder.encode(answer), as: UTF8.self)
                #expect(CheckRoutes.AnswerResponse(answer: answer).json == encoded)
            }
        }
    }
}
