import Foundation
import StewardCore
import StewardStore
@testable import StewardServer
import StewardTesting
import Testing

/// Mimecast's delegation view on a partner user's page (issue 11, point 8).
@Suite("console: the delegation view")
struct DelegationViewTests {
    @Test("checking and unchecking several customers and pressing Update changes the admin flag on each; read-only customers are disabled with the reason")
    func view() async throws {
        try await LicenseRequestTests.run { api, store in
            let world = try await AccessWorld.build(api)
            let poc = try await api.call(.post, "/v1/partners/\(world.rel.mssp)/customers", token: world.rel.msspAdmin, json: POCCustomerTests.body(world.a2))
            let hooli = try #require((poc.json["customer"] as? [String: Any])?["id"] as? String)
            var admin = ConsoleSession(api: api)
            _ = try await admin.signIn("admin@mssp.example", "user-password-12")
            let page = "/console/partner-users/\(world.a1)"
            #expect(try await admin.get(page).text.contains(#"id="delegation-form""#))
            let update = try await admin.post("\(page)/delegation", [
                ("csrf", admin.csrf), ("shown[]", world.rel.customer), ("shown[]", hooli), ("delegate[]", world.rel.customer), ("delegate[]", hooli),
            ])
            #expect(update.status == .seeOther, "\(update.text)")
            for tenant in [world.rel.customer, hooli] {
                let check = try await api.call(.post, "/v1/check", token: world.rel.op, json: ["user_id": world.a1, "tenant_id": tenant, "permission": "platform_admin"])
                #expect(check.string("reason") == "allowed", "\(tenant): \(check.text)")
            }
            let uncheck = try await admin.post("\(page)/delegation", [("csrf", admin.csrf), ("shown[]", world.rel.customer), ("shown[]", hooli), ("delegate[]", hooli)])
            #expect(uncheck.status == .seeOther)
            #expect(try await world.check(api, world.a1, permission: "platform_admin", product: nil).string("reason") == "role_insufficient")
            // A posted id of a customer the partner does not manage is ignored, never acted on.
            _ = try await admin.post("\(page)/delegation", [("csrf", admin.csrf), ("shown[]", world.rel.other), ("delegate[]", world.rel.other)])
            #expect(try await store.memberships(of: UserID(world.a1)).allSatisfy { $0.tenantID.rawValue != world.rel.other })
            // Under support the customer is shown disabled, with the reason.
            #expect(try await api.call(.patch, "/v1/relationships/\(world.relationshipID)", token: world.rel.customerAdmin, json: ["privilege": "support"]).status == .ok)
            let readOnly = try await admin.get(page).text
            #expect(readOnly.contains("disabled> Globex") && readOnly.contains("the admin flag grants nothing"))
        }
    }

    @Test("all or nothing: one customer refused writes nothing for the others")
    func allOrNothing() async throws {
        try await LicenseRequestTests.run { api, store in
            let world = try await AccessWorld.build(api)
            let actor = Actor(userID: UserID(try #require(try await api.call(.get, "/v1/me", token: world.rel.msspAdmin).json["user"] as? [String: Any])["id"] as! String),
                              orgID: OrgID(world.rel.mssp), orgKind: .partner, role: .admin)
            let changes = [DelegationChange(tenantID: OrgID(world.rel.customer), delegate: true), DelegationChange(tenantID: OrgID(world.rel.other), delegate: true)]
            await #expect(throws: BulkRefusal.self) {
                _ = try await store.transaction(by: AuditActor(actor)) { records in
                    try await DelegationManagement.apply(changes, for: UserID(world.a1), by: actor, mail: Steward.accessMail, in: records)
                }
            }
            #expect(try await store.memberships(of: UserID(world.a1)).allSatisfy { $0.tenantID.rawValue != world.rel.customer }, "nothing was written")
        }
    }
}
