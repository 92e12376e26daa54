import Foundation
import StewardCore
import Testing

@Suite("input validation")
struct ValidationTests {
    @Test("names are trimmed, 1–200 characters, without control characters", arguments: [
        ("  Acme  ", "Acme"), ("Zürich Sécurité 安全 🛡️", "Zürich Sécurité 安全 🛡️"), (String(repeating: "é", count: 200), String(repeating: "é", count: 200)),
    ])
    func validNames(input: String, expected: String) throws {
        var validator = Validator()
        #expect(validator.name("name", input) == expected)
        try validator.check()
    }

    @Test("bad names are refused with a message", arguments: ["", "   ", String(repeating: "x", count: 201), "tab\there", "null\u{0}byte", "bell\u{7}"])
    func invalidNames(input: String) {
        var validator = Validator()
        #expect(validator.name("name", input) == nil)
        #expect(validator.errors.map(\.field) == ["name"])
        #expect(throws: ValidationFailure.self) { try validator.check() }
    }

    @Test("a missing required name is reported as required")
    func requiredName() {
        var validator = Validator()
        _ = validator.name("name", nil)
        #expect(validator.errors == [FieldError("name", "is required")])
    }

    @Test("plausible emails are accepted", arguments: ["a@b.co", "first.last+tag@example.com", "jürgen@例え.jp", "  padded@example.com "])
    func validEmails(text: String) {
        #expect(EmailAddress(text) != nil)
    }

    @Test("implausible emails are refused", arguments: [
        "", "plain", "@example.com", "a@", "a@b", "a@.com", "a@b..com", "a b@example.com", "a@b.com.", "a@@b.com",
        "<a@b.com>", "a,b@c.com", String(repeating: "x", count: 65) + "@example.com", "a@" + String(repeating: "d", count: 260) + ".com",
    ])
    func invalidEmails(text: String) {
        #expect(EmailAddress(text) == nil)
    }

    @Test("emails compare without regard to case but keep their spelling")
    func emailCase() {
        let mixed = EmailAddress("Ann@Example.COM")!
        #expect(mixed == EmailAddress("ann@example.com")!)
        #expect(mixed.value == "Ann@Example.COM")
        #expect(Set([mixed, EmailAddress("ANN@example.com")!]).count == 1)
    }

    @Test("time zones must be IANA names")
    func timeZones() {
        var validator = Validator()
        #expect(validator.timeZone("tz", "Europe/Berlin") == "Europe/Berlin")
        #expect(validator.timeZone("tz", "Mars/Olympus") == nil)
        #expect(validator.timeZone("tz", nil) == nil)
        #expect(validator.errors.map(\.field) == ["tz"])
    }

    @Test("addresses need line1, city, postal code and an ISO country; each problem is named")
    func addresses() {
        var validator = Validator()
        let good = validator.address("address", Address(line1: "1 Main St", city: "Leeds", postalCode: "LS1 1AA", country: "gb"))
        #expect(good?.country == "GB")
        let bad = validator.address("address", Address(line1: " ", city: "", postalCode: "", country: "XX"))
        #expect(bad == nil)
        #expect(Set(validator.errors.map(\.field)) == ["address.line1", "address.city", "address.postal_code", "address.country"])
    }

    @Test("catalog keys are lower-case identifiers", arguments: [("edr", true), ("email-security", true), ("x_1", true), ("", false), ("Edr", false), ("1abc", false), ("a b", false), (String(repeating: "a", count: 65), false)])
    func keys(key: String, valid: Bool) {
        var validator = Validator()
        #expect((validator.key("key", key) != nil) == valid)
    }

    @Test("passwords: 12 characters or more, not common, not a repeated unit, not the email, every byte counted")
    func passwords() {
        let policy = PasswordPolicy(commonPasswords: ["password", "qwerty123456", "dragon"])
        let email = EmailAddress("jane.doe@example.com")
        for bad in ["short", "aaaaaaaaaaaa", "abababababab", "abcdabcdabcd", "QWERTY123456", "Password2026!", "123dragon!!!!",
                    "jane.doe-secret", "xx jane.doe@example.com", String(repeating: "é", count: 600),
                    "ｐａｓｓｗｏｒｄ１２３４", "passwordpassword", "dragondragon12", "pass word 1234", "janedoe-12345", "jane-doe-12345"] {
            #expect(policy.problem(bad, email: email) != nil, "\(bad)")
        }
        for good in ["correct horse battery", "tangerine-lamp-47", String(repeating: "x", count: 200) + "y", "dragonfly-orchard-9"] {
            #expect(policy.problem(good, email: email) == nil, "\(good)")
        }
        var validator = Validator()
        #expect(validator.password("p", "short", policy: policy, email: email) == nil)
        #expect(validator.errors == [FieldError("p", "must be at least 12 characters")])
    }

    @Test("new orgs follow the structural rules")
    func orgRules() {
        func errors(_ kind: OrgKind, _ program: PartnerProgram?, _ parent: OrgKind??, _ region: String?) -> [String] {
            var validator = Validator()
            OrgRules.validateNew(kind: kind, program: program, parentKind: parent, region: region, into: &validator)
            return validator.errors.map(\.field)
        }
        #expect(errors(.partner, .mssp, nil, nil).isEmpty)
        #expect(errors(.partner, nil, nil, nil) == ["program"])
        #expect(errors(.partner, .msp, nil, "eu") == ["region"])
        #expect(errors(.customer, .msp, nil, "eu") == ["program"])
        #expect(errors(.vendor, nil, nil, nil) == ["kind"])
        #expect(errors(.customer, nil, .some(.customer), "eu") == ["parent_id"])
        #expect(errors(.customer, nil, .some(nil), "eu") == ["parent_id"])
        #expect(errors(.customer, nil, .some(.partner), "eu").isEmpty)
    }

    @Test("only managed-service programmes may hold relationships")
    func programmes() {
        #expect(PartnerProgram.allCases.filter(\.mayHoldRelationships) == [.mssp, .mdr, .msp])
    }

    @Test("role strength is permission inclusion")
    func roleStrength() {
        let roles = Dictionary(uniqueKeysWithValues: ProductRole.defaults.map { ($0.key, $0) })
        #expect(roles["viewer"]!.isNoStronger(than: roles["analyst"]!))
        #expect(roles["analyst"]!.isNoStronger(than: roles["admin"]!))
        #expect(!roles["admin"]!.isNoStronger(than: roles["viewer"]!))
    }

    @Test("timestamps are RFC 3339 UTC, seconds precision")
    func timestamps() {
        let date = Date(timeIntervalSince1970: 1_795_420_800.75)
        #expect(Timestamp.format(date) == "2026-11-23T08:00:00Z")
        #expect(Timestamp.parse("2026-11-23T08:00:00Z") == Date(timeIntervalSince1970: 1_795_420_800))
        #expect(Timestamp.parse("2026-11-23T08:00:00.500Z") == Date(timeIntervalSince1970: 1_795_420_800.5))
        #expect(Timestamp.parse("yesterday") == nil)
    }
}
