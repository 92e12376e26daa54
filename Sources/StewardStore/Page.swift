/// One page of a list, with the cursor of the next page (nil on the last).
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

/// Where a list starts and how long it is. Ids sort by creation time, so the cursor is the last id seen.
public struct PageRequest: Sendable {
    public var limit: Int
    public var after: String?

    public init(limit: Int = 50, after: String? = nil) {
        self.limit = limit
        self.after = after
    }
}

extension Array where Element: Sendable {
    /// Cuts a result fetched with `limit + 1` rows into a page.
    public func page(limit: Int, id: (Element) -> String) -> Page<Element> {
        guard count > limit else { return Page(items: self, nextCursor: nil) }
        let items = Array(prefix(limit))
        return Page(items: items, nextCursor: items.last.map(id))
    }
}
