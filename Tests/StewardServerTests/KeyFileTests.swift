import Crypto
import Foundation
import Testing
@testable import StewardServer
@testable import StewardStore
import SQLKit
import StewardTesting

/// SPEC §9: secrets live in a key file, never in the database; the audit chain is keyed with it.
@Suite("the key file, key rotation and the keyed audit chain")
struct KeyFileTests {
    static func keyPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("steward-keys-\(UUID().uuidString)/keys.json").path
    }

    @Test("the first start creates the key file 0600; the database holds no key; tokens verify with the published kid", arguments: StoreFactory.kinds)
    func created(kind: BackendKind) async throws {
        let path = Self.keyPath()
        let server = try await TestServer.make(kind, configure: { $0.keyFile = path })
        try await server.exercise { api in
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
            #expect(mode?.intValue == 0o600)
            let file = try #require(try KeyFileStore.read(path))
            let jwks = try await api.call(.get, "/.well-known/jwks.json")
            #expect(jwks.text.contains(file.active.kid))
            #expect(try await server.steward.store.legacySigningKey() == nil, "no key in the database")
            #expect(try await server.steward.store.verifyAuditChain(key: file.auditKey) == nil)
            #expect(try await server.steward.store.verifyAuditChain(key: nil)?.reason.contains("keyed") == true, "verifying needs the key")
        }
    }

    @Test("a key file others may read is refused at start")
    func permissions() async throws {
        let path = Self.keyPath()
        let first = try await TestServer.make(.sqlite, configure: { $0.keyFile = path })
        await first.steward.store.shutdown()
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        await #expect(throws: ConfigurationError.self) { _ = try await TestServer.make(.sqlite, configure: { $0.keyFile = path }) }
    }

    @Test("a signing key an earlier build kept in the database moves into the key file, and its tokens stay valid")
    func legacyKeyMoves() async throws {
        let store = try await StoreFactory.make(.sqlite)
        let legacy = KeyFile.newSigningKey(at: Date())
        try await store.execute(raw: "INSERT INTO signing_keys (kid, private_pem, created_at) VALUES ('\(legacy.kid)', '\(legacy.privatePEM)', 1)")
        let path = Self.keyPath()
        let file = try await KeySetup.prepare(path: path, store: store, now: Date(), logger: .init(label: "test"))
        #expect(file.active.kid == legacy.kid && file.active.privatePEM == legacy.privatePEM)
        #expect(try await store.legacySigningKey() == nil)
        let events = try await store.auditEvents(org: nil).items.map(\.action)
        #expect(events.contains("signing_key.moved"))
        await store.shutdown()
    }

    @Test("rotation: a new kid signs within a second, the old one stays published for 15 minutes, then goes")
    func rotation() async throws {
        let clock = TestClock()
        let path = Self.keyPath()
        let server = try await TestServer.make(.sqlite, clock: clock.now, configure: { $0.keyFile = path })
        try await server.exercise { _ in
            let signer = server.steward.signer
            let before = try await signer.activeKid(at: clock.value)
            let rotated = try KeyCommands.rotate(keyFile: path, now: clock.value)
            #expect(rotated.retired == before)
            clock.advance(2)
            #expect(try await signer.activeKid(at: clock.value) == rotated.active)
            #expect(Set(try await signer.jwks(at: clock.value).keys.map(\.kid)) == [before, rotated.active])
            clock.advance(15 * 60)
            #expect(try await signer.jwks(at: clock.value).keys.map(\.kid) == [rotated.active])
        }
    }

    @Test("rewriting history without the key is detected, and verify names the first bad event", arguments: StoreFactory.kinds)
    func keyedChain(kind: BackendKind) async throws {
        let path = Self.keyPath()
        let server = try await TestServer.make(kind, configure: { $0.keyFile = path })
        try await server.exercise { api in
            _ = try await RelationshipAPIWorld.build(api)
            let store = server.steward.store
            let key = try #require(try KeyFileStore.read(path)).auditKey
            #expect(try await store.verifyAuditChain(key: key) == nil)
            // An attacker with the database but not the key edits event 3 and recomputes every hash from there
            // with plain SHA-256, as the unkeyed chain would have let them.
            try await store.backend.transaction { db in
                var previous = try #require(try await db.raw("SELECT hash FROM audit_events WHERE seq = 2").first()).string("hash")
                for row in try await db.raw("SELECT \(unsafeRaw: Store.auditColumns) FROM audit_events WHERE seq >= 3 ORDER BY seq").all() {
                    var record = try Store.auditRecord(row: row)
                    if record.seq == 3 { record.action = "org.renamed" }
                    record.prevHash = previous
                    previous = record.hash(key: nil)
                    try await db.raw("UPDATE audit_events SET action = \(bind: record.action), prev_hash = \(bind: record.prevHash), hash = \(bind: previous) WHERE seq = \(bind: record.seq)").run()
                }
                try await db.raw("UPDATE steward_state SET audit_head = \(bind: previous) WHERE id = 1").run()
            }
            let broken = try #require(try await store.verifyAuditChain(key: key))
            #expect(broken.seq == 3 && broken.reason == "content does not match its hash", "\(broken)")
        }
    }

    @Test("a deleted or reordered event is named", arguments: StoreFactory.kinds)
    func deletedOrReordered(kind: BackendKind) async throws {
        let path = Self.keyPath()
        let server = try await TestServer.make(kind, configure: { $0.keyFile = path })
        try await server.exercise { api in
            _ = try await RelationshipAPIWorld.build(api)
            let store = server.steward.store
            let key = try #require(try KeyFileStore.read(path)).auditKey
            try await store.execute(raw: "UPDATE audit_events SET seq = -seq WHERE seq IN (4, 5)")
            try await store.execute(raw: "UPDATE audit_events SET seq = 4 WHERE seq = -5")
            try await store.execute(raw: "UPDATE audit_events SET seq = 5 WHERE seq = -4")
            #expect(try await store.verifyAuditChain(key: key)?.seq == 4, "swapped events 4 and 5")
            try await store.execute(raw: "DELETE FROM audit_events WHERE seq = 7")
            #expect(try await store.verifyAuditChain(key: key)?.seq == 4)
        }
    }

    @Test("the chain cannot be downgraded to unkeyed: the key file remembers it was keyed")
    func downgrade() async throws {
        let path = Self.keyPath()
        let database = try await StoreFactory.url(.sqlite)
        let server = try await TestServer.make(.sqlite, configure: { $0.keyFile = path; $0.database = database })
        let key = try #require(try KeyFileStore.read(path))
        #expect(key.auditChainKeyed)
        try await server.exercise { api in
            _ = try await RelationshipAPIWorld.build(api)
            let store = server.steward.store
            // Rewritten with plain SHA-256 from the first event, and the marker cleared, as an attacker would.
            try await store.backend.transaction { db in
                var previous = ""
                for row in try await db.raw("SELECT \(unsafeRaw: Store.auditColumns) FROM audit_events ORDER BY seq").all() {
                    var record = try Store.auditRecord(row: row)
                    if record.seq == 2 { record.action = "org.forged" }
                    record.prevHash = previous
                    previous = record.hash(key: nil)
                    try await db.raw("UPDATE audit_events SET action = \(bind: record.action), prev_hash = \(bind: record.prevHash), hash = \(bind: previous) WHERE seq = \(bind: record.seq)").run()
                }
                try await db.raw("UPDATE steward_state SET audit_head = \(bind: previous), audit_key_id = NULL WHERE id = 1").run()
            }
            #expect(try await store.verifyAuditChain(key: key.auditKey, mustBeKeyed: key.auditChainKeyed) != nil)
        }
        await #expect(throws: StoreError.self) { _ = try await TestServer.make(.sqlite, configure: { $0.keyFile = path; $0.database = database }) }
    }
}
