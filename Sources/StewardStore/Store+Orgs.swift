import Foundation
import SQLKit
import StewardCore

/// Filters of `GET /v1/orgs`.
public struct OrgFilter: Sendable {
    public var kind: OrgKind?
    public var parentID: OrgID?
    public var query: String?

    public init(kind: OrgKind? = nil, parentID: OrgID? = nil, query: String? = nil) {
        self.kind = kind
        self.parentID = parentID
        self.query = query
    }
}

extension Store {
    static func insert(_ org: Org, in db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO orgs (\(unsafeRaw: Org.columns))
            VALUES (\(bind: org.id.rawValue), \(bind: org.kind.rawValue), \(bind: org.name), \(bind: org.program?.rawValue),
                \(bind: org.parentID?.rawValue), \(bind: org.region), \(bind: try org.address.map { try Columns.json(StoredAddress($0)) }),
                \(bind: org.dataPrivilege?.rawValue), \(bind: org.version), \(bind: Columns.millis(org.createdAt)), \(bind: Columns.millis(org.updatedAt)))
            """).run()
    }

    /// How deep an org sits in the tree (1 without a parent), counting no further than `limit`.
    public func depth(of id: OrgID, limit: Int) async throws -> Int {
        try await read { db in try await Self.depth(of: id, limit: limit, in: db) }
    }

    static func depth(of id: OrgID, limit: Int, in db: any SQLDatabase) async throws -> Int {
        var depth = 1
        var current = id
        while depth < limit, let parent = try await db.raw("SELECT parent_id FROM orgs WHERE id = \(bind: current.rawValue)").first()?.optionalString("parent_id") {
            depth += 1
            current = OrgID(parent)
        }
        return depth
    }

    static func org(_ id: OrgID, in db: any SQLDatabase) async throws -> Org? {
        try await db.raw("SELECT \(unsafeRaw: Org.columns) FROM orgs WHERE id = \(bind: id.rawValue)").first().map(Org.init(row:))
    }

    /// One org by id.
    public func org(_ id: OrgID) async throws -> Org? {
        try await read { db in try await Self.org(id, in: db) }
    }

    /// The vendor org, once bootstrapped.
    public func vendorOrg() async throws -> Org? {
        try await read { db in
            try await db.raw("SELECT \(unsafeRaw: Org.columns) FROM orgs WHERE kind = 'vendor'").first().map(Org.init(row:))
        }
    }

    /// The org's ancestors, parent first.
    public func ancestors(of id: OrgID) async throws -> [OrgID] {
        try await read { db in try await Self.ancestors(of: id, in: db) }
    }

    static func ancestors(of id: OrgID, in db: any SQLDatabase) async throws -> [OrgID] {
        var result: [OrgID] = []
        var current = try await org(id, in: db)?.parentID
        // The tree is shallow; the bound only guards against a corrupted cycle.
        while let parent = current, result.count < 64, !result.contains(parent) {
            result.append(parent)
            current = try await org(parent, in: db)?.parentID
        }
        return result
    }

    /// Orgs within a scope, filtered, oldest first.
    /// Every org in `scope`, read a page at a time (for trees, which need the whole set).
    public func allOrgs(in scope: OrgScope) async throws -> [Org] {
        var all: [Org] = []
        var page = PageRequest(limit: 500)
        repeat {
            let result = try await orgs(in: scope, page: page)
            all += result.items
            page.after = result.nextCursor
        } while page.after != nil
        return all
    }

    public func orgs(in scope: OrgScope, filter: OrgFilter = OrgFilter(), page: PageRequest = PageRequest()) async throws -> Page<Org> {
        try await read { db in
            var sql = SQLQueryString("")
            switch scope {
            case .all:
                sql.appendInterpolation(unsafeRaw: "SELECT \(Org.columns) FROM orgs WHERE 1 = 1")
            case .only(let id):
                sql = "SELECT \(unsafeRaw: Org.columns) FROM orgs WHERE id = \(bind: id.rawValue)"
            case .subtree(let root):
                sql = """
                    WITH RECURSIVE sub(id) AS (
                        SELECT id FROM orgs WHERE id = \(bind: root.rawValue)
                        UNION ALL SELECT o.id FROM orgs o JOIN sub ON o.parent_id = sub.id)
                    SELECT \(unsafeRaw: Org.columns) FROM orgs WHERE id IN (SELECT id FROM sub)
                    """
            }
            if let kind = filter.kind { sql = sql + " AND kind = \(bind: kind.rawValue)" }
            if let parent = filter.parentID { sql = sql + " AND parent_id = \(bind: parent.rawValue)" }
            if let query = filter.query, !query.isEmpty {
                sql = sql + " AND LOWER(name) LIKE \(bind: "%" + Self.escapeLike(query.lowercased()) + "%") ESCAPE '\\'"
            }
            if let after = page.after { sql = sql + " AND id > \(bind: after)" }
            sql = sql + " ORDER BY id LIMIT \(bind: page.limit + 1)"
            return try await db.raw(sql).all().map(Org.init(row:)).page(limit: page.limit) { $0.id.rawValue }
        }
    }

    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }
}

extension Store {
    /// The orgs with these ids, by id; unknown ids are left out.
    public func orgs(ids: Set<OrgID>) async throws -> [OrgID: Org] {
        guard !ids.isEmpty else { return [:] }
        return try await read { db in
            var result: [OrgID: Org] = [:]
            // Chunks keep the bind count under SQLite's limit.
            for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids.sorted().dropFirst($0).prefix(500)) }) {
                let sql: SQLQueryString = "SELECT \(unsafeRaw: Org.columns) FROM orgs WHERE id IN " + Self.list(chunk.map(\.rawValue))
                for org in try await db.raw(sql).all().map(Org.init(row:)) { result[org.id] = org }
            }
            return result
        }
    }

    /// `(?, ?, …)` binding each value, for an `IN`.
    static func list(_ values: [String]) -> SQLQueryString {
        var sql: SQLQueryString = "("
        for (index, value) in values.enumerated() {
            sql = sql + (index == 0 ? "" : ", ") + "\(bind: value)"
        }
        return sql + ")"
    }

    /// The users with these ids, by id; unknown ids are left out.
    public func users(ids: Set<UserID>) async throws -> [UserID: User] {
        guard !ids.isEmpty else { return [:] }
        return try await read { db in
            var result: [UserID: User] = [:]
            for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids.sorted().dropFirst($0).prefix(500)) }) {
                let sql: SQLQueryString = "SELECT \(unsafeRaw: User.columns) FROM users WHERE id IN " + Self.list(chunk.map(\.rawValue))
                for user in try await db.raw(sql).all().map(User.init(row:)) { result[user.id] = user }
            }
            return result
        }
    }
}
