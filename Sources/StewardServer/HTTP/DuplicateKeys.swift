/// Finds the first object key given twice in a JSON text, at any depth (`checks[0].permission`). Foundation's
/// decoder silently keeps one of them; a proxy or approval step in front of Steward may keep the other.
/// Malformed JSON gives nil: the decoder reports it.
enum DuplicateKeys {
    private enum Frame {
        case object(keys: Set<String>, current: String?)
        case array(index: Int)
    }

    static func first(in data: some Collection<UInt8>) -> String? {
        let bytes = Array(data)
        var stack: [Frame] = []
        var index = 0
        // Whether the next string in an object is a key.
        var expectKey = false
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "{"):
                stack.append(.object(keys: [], current: nil))
                expectKey = true
            case UInt8(ascii: "["):
                stack.append(.array(index: 0))
                expectKey = false
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard !stack.isEmpty else { return nil }
                stack.removeLast()
                expectKey = false
            case UInt8(ascii: ","):
                guard let top = stack.last else { return nil }
                switch top {
                case .object: expectKey = true
                case .array(let position): stack[stack.count - 1] = .array(index: position + 1)
                }
            case UInt8(ascii: "\""):
                guard let (text, end) = string(bytes, from: index) else { return nil }
                index = end
                if expectKey, case .object(var keys, _)? = stack.last {
                    if !keys.insert(text).inserted { return path(stack, key: text) }
                    stack[stack.count - 1] = .object(keys: keys, current: text)
                    expectKey = false
                }
                continue
            default:
                break
            }
            index += 1
        }
        return nil
    }

    /// The string starting at `start` (a quote), unescaped, and the index after its closing quote.
    private static func string(_ bytes: [UInt8], from start: Int) -> (String, Int)? {
        var scalars = String.UnicodeScalarView()
        var raw: [UInt8] = []
        var index = start + 1
        func flush() {
            scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
            raw.removeAll()
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                flush()
                return (String(scalars), index + 1)
            }
            if byte == UInt8(ascii: "\\") {
                guard index + 1 < bytes.count else { return nil }
                flush()
                let escape = bytes[index + 1]
                if escape == UInt8(ascii: "u") {
                    guard index + 6 <= bytes.count, let value = UInt32(String(decoding: bytes[(index + 2)..<(index + 6)], as: UTF8.self), radix: 16) else { return nil }
                    // A lone surrogate half stands for itself here: only equality of keys matters.
                    scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
                    index += 6
                } else {
                    let mapped: Unicode.Scalar? = switch escape {
                    case UInt8(ascii: "\""): "\""
                    case UInt8(ascii: "\\"): "\\"
                    case UInt8(ascii: "/"): "/"
                    case UInt8(ascii: "b"): "\u{8}"
                    case UInt8(ascii: "f"): "\u{C}"
                    case UInt8(ascii: "n"): "\n"
                    case UInt8(ascii: "r"): "\r"
                    case UInt8(ascii: "t"): "\t"
                    default: nil
                    }
                    guard let mapped else { return nil }
                    scalars.append(mapped)
                    index += 2
                }
                continue
            }
            raw.append(byte)
            index += 1
        }
        return nil
    }

    private static func path(_ stack: [Frame], key: String) -> String {
        var text = ""
        for (position, frame) in stack.enumerated() {
            switch frame {
            case .object(_, let current):
                let name = position == stack.count - 1 ? key : current ?? ""
                text += text.isEmpty ? name : ".\(name)"
            case .array(let index):
                text += "[\(index)]"
            }
        }
        return text
    }
}
