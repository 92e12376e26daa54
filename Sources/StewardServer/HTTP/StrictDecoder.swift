import Foundation

/// Wraps a decoder so that every JSON object met at any depth is compared with the keys its type asked for:
/// a key nobody asked for is an unknown field. A synthesized `init(from:)` asks for every key it declares
/// (optional ones through `decodeIfPresent`), so no body type has to list its keys again.
struct StrictDecoder: Decoder {
    let base: any Decoder
    let log: KeyLog

    var codingPath: [any CodingKey] { base.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { base.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        let present = try base.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
        let usage = log.open(path: codingPath, present: present)
        return KeyedDecodingContainer(StrictKeyedContainer(base: try base.container(keyedBy: type), log: log, usage: usage))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        StrictUnkeyedContainer(base: try base.unkeyedContainer(), log: log)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        StrictSingleValueContainer(decoder: self, base: try base.singleValueContainer())
    }

    /// Types the base decoder treats specially (date strategy and the like): handed to it as they are.
    static func isLeaf<T>(_ type: T.Type) -> Bool {
        type == String.self || type == Bool.self || type == Int.self || type == Double.self
            || type == Date.self || type == Data.self || type == URL.self || type == Decimal.self
    }
}

/// Which keys each object held and which of them its type asked for.
final class KeyLog: @unchecked Sendable {
    final class Usage {
        let path: [any CodingKey]
        let present: [String]
        var asked = Set<String>()
        init(path: [any CodingKey], present: [String]) {
            self.path = path
            self.present = present
        }
    }

    private var usages: [Usage] = []

    func open(path: [any CodingKey], present: [String]) -> Usage {
        let usage = Usage(path: path, present: present)
        usages.append(usage)
        return usage
    }

    /// Every key present but never asked for, as its path (`checks[3].prodcut`), in document order. An object
    /// opened more than once (a custom `init(from:)`) counts a key as asked when any opening asked for it.
    var unknownFields: [String] {
        var asked: [String: Set<String>] = [:]
        for usage in usages { asked[FieldPath.render(usage.path), default: []].formUnion(usage.asked) }
        var seen = Set<String>()
        return usages.flatMap { usage -> [String] in
            let path = FieldPath.render(usage.path)
            return usage.present.filter { !(asked[path]?.contains($0) ?? false) }
                .map { FieldPath.render(usage.path + [AnyKey(stringValue: $0)]) }
                .filter { seen.insert($0).inserted }
        }
    }
}

/// A key of any name.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

/// How the API names a field inside a body: `items[0].products[1].role`.
enum FieldPath {
    static func render(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue { text += "[\(index)]" } else { text += text.isEmpty ? key.stringValue : ".\(key.stringValue)" }
        }
        return text
    }
}

private struct StrictKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let base: KeyedDecodingContainer<Key>
    let log: KeyLog
    let usage: KeyLog.Usage

    var codingPath: [any CodingKey] { base.codingPath }
    var allKeys: [Key] { base.allKeys }

    private func ask(_ key: Key) { usage.asked.insert(key.stringValue) }

    func contains(_ key: Key) -> Bool {
        ask(key)
        return base.contains(key)
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        ask(key)
        return try base.decodeNil(forKey: key)
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { ask(key); return try base.decode(type, forKey: key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { ask(key); return try base.decode(type, forKey: key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { ask(key); return try base.decode(type, forKey: key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { ask(key); return try base.decode(type, forKey: key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { ask(key); return try base.decode(type, forKey: key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { ask(key); return try base.decode(type, forKey: key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { ask(key); return try base.decode(type, forKey: key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { ask(key); return try base.decode(type, forKey: key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { ask(key); return try base.decode(type, forKey: key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { ask(key); return try base.decode(type, forKey: key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { ask(key); return try base.decode(type, forKey: key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { ask(key); return try base.decode(type, forKey: key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { ask(key); return try base.decode(type, forKey: key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { ask(key); return try base.decode(type, forKey: key) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        ask(key)
        // A missing key goes to the base decoder, so its error stays "is required".
        guard !StrictDecoder.isLeaf(type), base.contains(key) else { return try base.decode(type, forKey: key) }
        return try T(from: StrictDecoder(base: try base.superDecoder(forKey: key), log: log))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        ask(key)
        return try StrictDecoder(base: try base.superDecoder(forKey: key), log: log).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        ask(key)
        return StrictUnkeyedContainer(base: try base.nestedUnkeyedContainer(forKey: key), log: log)
    }

    func superDecoder() throws -> any Decoder { StrictDecoder(base: try base.superDecoder(), log: log) }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        ask(key)
        return StrictDecoder(base: try base.superDecoder(forKey: key), log: log)
    }
}

private struct StrictUnkeyedContainer: UnkeyedDecodingContainer {
    var base: any UnkeyedDecodingContainer
    let log: KeyLog

    var codingPath: [any CodingKey] { base.codingPath }
    var count: Int? { base.count }
    var isAtEnd: Bool { base.isAtEnd }
    var currentIndex: Int { base.currentIndex }

    mutating func decodeNil() throws -> Bool { try base.decodeNil() }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try base.decode(type) }
    mutating func decode(_ type: String.Type) throws -> String { try base.decode(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try base.decode(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try base.decode(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try base.decode(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try base.decode(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try base.decode(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try base.decode(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try base.decode(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try base.decode(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try base.decode(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try base.decode(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try base.decode(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try base.decode(type) }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        guard !StrictDecoder.isLeaf(type), !base.isAtEnd else { return try base.decode(type) }
        return try T(from: StrictDecoder(base: try base.superDecoder(), log: log))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try StrictDecoder(base: try base.superDecoder(), log: log).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        StrictUnkeyedContainer(base: try base.nestedUnkeyedContainer(), log: log)
    }

    mutating func superDecoder() throws -> any Decoder { StrictDecoder(base: try base.superDecoder(), log: log) }
}

private struct StrictSingleValueContainer: SingleValueDecodingContainer {
    let decoder: StrictDecoder
    let base: any SingleValueDecodingContainer

    var codingPath: [any CodingKey] { base.codingPath }

    func decodeNil() -> Bool { base.decodeNil() }
    func decode(_ type: Bool.Type) throws -> Bool { try base.decode(type) }
    func decode(_ type: String.Type) throws -> String { try base.decode(type) }
    func decode(_ type: Double.Type) throws -> Double { try base.decode(type) }
    func decode(_ type: Float.Type) throws -> Float { try base.decode(type) }
    func decode(_ type: Int.Type) throws -> Int { try base.decode(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try base.decode(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try base.decode(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try base.decode(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try base.decode(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try base.decode(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try base.decode(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try base.decode(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try base.decode(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try base.decode(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        StrictDecoder.isLeaf(type) ? try base.decode(type) : try T(from: decoder)
    }
}
