import StewardCore
import Testing

/// The HTTP representations live in the server (`API/Wire/`): no domain record carries a coding of its own.
@Suite("wire format at the edge")
struct WireFormatTests {
    @Test("domain records are not Codable: only the server's representations and the store's shapes encode them")
    func recordsCarryNoCoding() {
        let records: [Any.Type] = [
            Membership.self, User.self, Org.self, Address.self, License.self, Relationship.self, NotificationSettings.self,
            APIToken.self, Product.self, ProductRole.self, AuditEvent.self,
        ]
        for record in records {
            #expect(!(record is any Encodable.Type), "\(record) encodes itself")
            #expect(!(record is any Decodable.Type), "\(record) decodes itself")
        }
    }
}
