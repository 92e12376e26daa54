import Foundation
import StewardCore
import Testing
@testable import StewardServer
import StewardStore

/// Issue "One place for every rule", point 2: every refusal type reaches HTTP through `APIError.from`,
/// and a thrown error that is not a refusal is a bare 500.
@Suite("every refusal is mapped to HTTP in one place")
struct RefusalMappingTests {
    /// One value of every case of every refusal type in Sources/. A new refusal type fails
    /// `everyRefusalTypeIsListed` until it is added here, and then must map like its kind.
    static let samples: [any Refusal] = [
        Refused.notFound, Refused.badCredentials, Refused.signInsThrottled, Refused.stale(current: 3), Refused.mfaCodeMissing,
        AccessDenied.forbidden, AccessDenied.hidden,
        ValidationFailure([FieldError("name", "is required")]),
        ManagementRefusal.hidden, ManagementRefusal.forbidden("a rule"), ManagementRefusal.invalid(field: "user_id", message: "appears twice"),
        RelationshipRefusal.hidden, RelationshipRefusal.forbidden, RelationshipRefusal.wrongState(.revoked),
        ApprovalLinkRefusal.unknown, ApprovalLinkRefusal.used, ApprovalLinkRefusal.expired,
        InvitationRefusal.unknown, InvitationRefusal.used, InvitationRefusal.expired, InvitationRefusal.notNeeded,
        BulkRefusal(items: [2: "user_id is deactivated"]),
        IndexUnavailable(),
    ]

    /// Errors that are failures, not refusals: they answer 500 (or stop the server at start) and say why in the log.
    /// `APIError` is the wire form every refusal becomes.
    static let failures: Set<String> = ["APIError", "StoreError", "ConfigurationError", "SMTPError", "UnsafeMessage", "FieldError"]

    @Test("the samples name every type in Sources/ that is thrown as an error")
    func everyRefusalTypeIsListed() throws {
        let declared = try Self.declaredErrorTypes()
        let sampled = Set(Self.samples.map { String(describing: type(of: $0)) })
        #expect(declared.refusals == sampled, "refusal types in Sources/ and in the samples differ")
        #expect(declared.others == Self.failures, "a new Error type must be a Refusal or be listed as a failure")
    }

    @Test("each sample maps to its kind's status, with its fields and items")
    func samplesMapByKind() {
        var statuses: [RefusalKind: Int] = [:]
        for kind in RefusalKind.allCases { statuses[kind] = Int(APIError.status(of: kind).code) }
        #expect(Set(statuses.values).count == RefusalKind.allCases.count, "two kinds share a status")
        #expect(statuses.values.allSatisfy { (400..<600).contains($0) && $0 != 500 })
        for sample in Self.samples {
            let refused = sample.refused
            guard let mapped = APIError.from(sample) else {
                Issue.record("\(sample) is not mapped")
                continue
            }
            #expect(Int(mapped.status.code) == statuses[refused.kind], "\(sample)")
            #expect(mapped.detail == refused.detail)
            #expect(mapped.errors == refused.fields)
            #expect(mapped.items == refused.items)
        }
        #expect(APIError.from(IndexUnavailable())?.headers[.retryAfter] == "1")
        #expect(APIError.from(IndexUnavailable())?.code == "index_unavailable")
        #expect(APIError.from(Refused.mfaCodeMissing)?.mfaRequired == true)
        #expect(APIError.from(ManagementRefusal.invalid(field: "user_id", message: "x"))?.errors == [FieldError("user_id", "x")])
    }

    @Test("an error that is not a refusal is not mapped: a bare 500")
    func unexpectedErrorsAreNotMapped() {
        struct Surprise: Error {}
        #expect(APIError.from(Surprise()) == nil)
        #expect(APIError.from(StoreError.unreadable("bad row")) == nil)
        #expect(APIError.from(StoreError.invalidConfiguration("down")) == nil)
    }

    /// Every `enum|struct|class X: … Error|Refusal …` and `extension X: Refusal` under Sources/.
    static func declaredErrorTypes() throws -> (refusals: Set<String>, others: Set<String>) {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources")
        let declaration = try Regex(#"(?m)^\s*(?:public\s+|private\s+|fileprivate\s+)?(?:enum|struct|class|final class)\s+(\w+)\s*:\s*([^{]+)\{"#)
        let conformance = try Regex(#"(?m)^\s*(?:public\s+)?extension\s+(\w+)\s*:\s*([^{]+)\{"#)
        var refusals = Set<String>(), errors = Set<String>()
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)!
        for case let file as URL in files where file.pathExtension == "swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            for pattern in [declaration, conformance] {
                for match in text.matches(of: pattern) {
                    guard let name = match.output[1].substring.map(String.init), let list = match.output[2].substring else { continue }
                    let inherited = Set(list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                    if inherited.contains("Refusal") { refusals.insert(name) } else if inherited.contains("Error") { errors.insert(name) }
                }
            }
        }
        return (refusals, errors.subtracting(refusals))
    }
}
