import Foundation
import StewardCore

/// What `steward-fuzz` drives: every decoder a request body or header meets before any rule, fed the same
/// bytes. Any input may be refused; none may crash, hang, or decode two ways. Public only for the fuzzer.
public enum RequestFuzzing {
    public static func run(_ data: Data) {
        // The check route's fast path must agree with the full decoder whenever it answers at all.
        let flat = data.withUnsafeBytes { FlatJSON.fields($0) }
        if let fields = flat, let fast = CheckRoutes.CheckBody(flat: fields) {
            guard let full = try? BodyDecoder.decode(CheckRoutes.CheckBody.self, from: data) else {
                fatalError("FlatJSON read a check body the full decoder refuses")
            }
            guard fast.userID == full.userID, fast.tenantID == full.tenantID, fast.product == full.product,
                  fast.permission == full.permission, fast.atLeastRevision == full.atLeastRevision
            else { fatalError("FlatJSON and the full decoder read a check body differently") }
        }
        _ = DuplicateKeys.first(in: data)
        _ = try? BodyDecoder.decode(CheckRoutes.BatchBody.self, from: data)
        _ = try? BodyDecoder.decode(MembershipsBody.self, from: data)
        _ = try? BodyDecoder.decode(MembershipEditBody.self, from: data)
        _ = try? BodyDecoder.decode(TeamBody.self, from: data)
        _ = try? BodyDecoder.decode(OrgRoutes.CreateBody.self, from: data)
        _ = try? BodyDecoder.decode(AuthRoutes.LoginBody.self, from: data)
        _ = try? BodyDecoder.decode(LicenseRoutes.CreateBody.self, from: data)
        // The strings a body's fields become.
        let text = String(decoding: data, as: UTF8.self)
        if let date = Timestamp.parse(text) {
            guard date <= Timestamp.latest else { fatalError("Timestamp.parse accepted a time past the latest") }
        }
        if let email = EmailAddress(text) {
            guard EmailAddress(email.value) == email else { fatalError("an email does not read back as itself") }
        }
        _ = TextSafety.nameProblem(text)
        _ = ClientAddress.resolve(peer: "10.0.0.1", forwardedFor: text, trusted: [IPNetwork("10.0.0.0/8")!])
        _ = Cursor.decode(text)
    }
}
