import Foundation
import StewardCore
import Testing

@Suite("emails, names and times, read and written by one rule")
struct TextAndTimeTests {
    @Test("emails people type are accepted", arguments: [
        "a@b.example", "first.last+tag@sub.example.co.uk", "o'brien@example.ie", "jürgen@例え.jp", "用户@例子.广告", "x_y-z@a-b.example",
    ])
    func goodEmails(text: String) {
        #expect(EmailAddress(text)?.value == text)
    }

    @Test("emails with controls, invisible or bidi characters, quoted parts or literals are refused", arguments: [
        "x\u{0}@example.com", "x\u{1}@example.com", "x\u{7F}@example.com", "x\u{85}@example.com", "x\u{200B}@example.com",
        "x\u{200D}@example.com", "x\u{202E}@example.com", "x\u{2066}@example.com", "x\u{FEFF}@example.com", "x\u{3164}@example.com",
        "x\u{AD}@example.com", "x@exa\u{200B}mple.com", "x@example.com\u{202E}", "\"x y\"@example.com", "x@[127.0.0.1]", "x@1.2.3.4",
        "x@example", ".x@example.com", "x.@example.com", "x..y@example.com", "x@-example.com", "x@example-.com", "x@example..com",
        "x y@example.com", "x@example.com\n", "x\u{A0}@example.com", "@example.com", "x@", String(repeating: "a", count: 65) + "@example.com",
    ])
    func badEmails(text: String) {
        #expect(EmailAddress(text) == nil, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    @Test("names refuse bidi overrides, controls and invisible characters; keep joiners and emoji")
    func names() {
        #expect(TextSafety.nameProblem("Zoë 👩‍👩‍👧 مریم‌ها") == nil, "ZWJ in emoji and ZWNJ in Persian are part of real names")
        for bad in ["Eve\u{202E}gnp.exe", "a\u{2067}b", "a\u{0}", "a\u{1B}[31m", "a\u{200B}b", "a\u{2028}b", "a\u{E000}", "a\u{FFFF}", "a\u{200E}b"] {
            #expect(TextSafety.nameProblem(bad) != nil, "\(bad.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        #expect(TextSafety.nameProblem("Eve\u{202E}x")?.contains("bidirectional") == true)
    }

    @Test("RFC 3339 times are parsed strictly: no rollover, offsets applied, nothing past 9999-12-31")
    func times() {
        #expect(Timestamp.parse("2026-11-23T08:00:00Z") == Date(timeIntervalSince1970: 1_795_420_800))
        #expect(Timestamp.parse("2026-11-23T09:30:00+01:30") == Date(timeIntervalSince1970: 1_795_420_800))
        #expect(Timestamp.parse("2026-11-23T08:00:00.250Z") == Date(timeIntervalSince1970: 1_795_420_800.25))
        #expect(Timestamp.parse("2024-02-29T00:00:00Z") != nil && Timestamp.parse("2000-02-29T00:00:00Z") != nil)
        for bad in [
            "2027-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z",
            "2026-11-23T24:00:00Z", "2026-11-23T08:60:00Z", "2026-11-23T08:00:60Z", "2026-11-23T08:00:00", "2026-11-23 08:00:00Z",
            "10000-01-01T00:00:00Z", "9999-12-31T23:30:00-05:00", "2026-11-23T08:00:00.1234567890Z", "2026-11-23T08:00:00+24:00", "2026-11-23",
            "2026-11-23T08:00:00.Z", "+2026-11-23T08:00:00Z", "2026-11-23T08:00:00ZZ",
        ] {
            #expect(Timestamp.parse(bad) == nil, "\(bad)")
        }
        #expect(Timestamp.parse("9999-12-31T23:59:59Z") != nil)
    }

    @Test("the parser agrees with Foundation on every valid time of a seeded sample")
    func agreesWithFoundation() throws {
        var random = SeededGenerator(state: 0x5EED)
        for _ in 0..<2000 {
            let date = Date(timeIntervalSince1970: Double(Int64.random(in: -2_000_000_000...250_000_000_000, using: &random)))
            let text = date.formatted(.iso8601)
            #expect(Timestamp.parse(text) == date, "\(text)")
        }
    }
}
