import Foundation
import StewardCore
import Testing

@Suite("audit diff and filters")
struct AuditDiffTests {
    @Test("an update lists only what changed, nested fields by path, lists as text")
    func update() {
        let before: JSONValue = .object([
            "name": .string("Acme"), "version": .number(1), "address": .object(["city": .string("Leeds"), "country": .string("GB")]),
            "products": .array([.object(["product": .string("siem"), "role": .string("analyst")])]), "expires_at": .null,
        ])
        let after: JSONValue = .object([
            "name": .string("Acme Ltd"), "version": .number(2), "address": .object(["city": .string("York"), "country": .string("GB")]),
            "products": .array([.object(["product": .string("siem"), "role": .string("admin")]), .object(["product": .string("edr"), "role": .string("analyst")])]),
            "expires_at": .string("2027-01-01T00:00:00.000Z"),
        ])
        #expect(AuditDiff.changes(before: before, after: after) == [
            AuditChange(field: "address.city", before: "Leeds", after: "York"),
            AuditChange(field: "expires_at", before: nil, after: "2027-01-01T00:00:00.000Z"),
            AuditChange(field: "name", before: "Acme", after: "Acme Ltd"),
            AuditChange(field: "products", before: "product: siem, role: analyst", after: "product: siem, role: admin; product: edr, role: analyst"),
            AuditChange(field: "version", before: "1", after: "2"),
        ])
    }

    @Test("a creation lists every field after, a deletion every field before, nothing at all lists nothing")
    func creationAndDeletion() {
        let record: JSONValue = .object(["id": .string("mem_1"), "platform_admin": .bool(false), "scopes": .array([])])
        let created = AuditDiff.changes(before: nil, after: record)
        #expect(created.map(\.field) == ["id", "platform_admin", "scopes"] && created.allSatisfy { $0.before == nil })
        #expect(created.map(\.after) == ["mem_1", "false", "(none)"])
        #expect(AuditDiff.changes(before: record, after: nil).allSatisfy { $0.after == nil && $0.before != nil })
        #expect(AuditDiff.changes(before: nil, after: nil).isEmpty)
        #expect(AuditDiff.changes(before: record, after: record).isEmpty)
    }

    /// Reference model: the fields of `after` are those of `before` with each change applied, and every
    /// field the changes leave out reads the same on both sides.
    @Test("applying the changes to before's fields gives after's fields (3,000 seeded pairs)")
    func property() {
        var random = SeededGenerator(state: 7)
        for _ in 0..<3000 {
            let before = Self.object(depth: 2, using: &random)
            let after = Bool.random(using: &random) ? Self.mutate(before, using: &random) : Self.object(depth: 2, using: &random)
            var fields = AuditDiff.fields(before)
            let changes = AuditDiff.changes(before: before, after: after)
            for change in changes {
                #expect(fields[change.field] == change.before)
                fields[change.field] = change.after
            }
            #expect(fields == AuditDiff.fields(after))
            #expect(Set(changes.map(\.field)).count == changes.count)
        }
    }

    static func leaf(using random: inout SeededGenerator) -> JSONValue {
        switch Int.random(in: 0..<5, using: &random) {
        case 0: .null
        case 1: .bool(Bool.random(using: &random))
        case 2: .number(Double(Int.random(in: -3...3, using: &random)))
        case 3: .string(["a", "b", "", "ä"].randomElement(using: &random)!)
        default: .array((0..<Int.random(in: 0...2, using: &random)).map { _ in .string(["x", "y"].randomElement(using: &random)!) })
        }
    }

    static func object(depth: Int, using random: inout SeededGenerator) -> JSONValue {
        var members: [String: JSONValue] = [:]
        for key in ["a", "b", "c", "d"] where Bool.random(using: &random) {
            members[key] = depth > 0 && Int.random(in: 0..<3, using: &random) == 0 ? object(depth: depth - 1, using: &random) : leaf(using: &random)
        }
        return .object(members)
    }

    static func mutate(_ value: JSONValue, using random: inout SeededGenerator) -> JSONValue {
        guard case .object(var members) = value else { return value }
        let key = ["a", "b", "c", "d"].randomElement(using: &random)!
        members[key] = Bool.random(using: &random) ? leaf(using: &random) : members[key].map { mutate($0, using: &random) } ?? .null
        return .object(members)
    }

    @Test("a filter naming an action the trail never records, or an empty window, is refused with the field")
    func filterProblems() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(AuditFilter(action: "membership.created").problems.isEmpty)
        #expect(AuditFilter(action: "membership.exploded").problems == [FieldError("action", "is not an action the audit trail records")])
        #expect(AuditFilter(since: now, until: now).problems.map(\.field) == ["until"])
        #expect(AuditFilter(since: now.addingTimeInterval(1), until: now).problems.map(\.field) == ["until"])
        #expect(AuditFilter(since: now, until: now.addingTimeInterval(1)).problems.isEmpty)
        #expect(Set(AuditActions.all).count == AuditActions.all.count, "no action listed twice")
    }
}
