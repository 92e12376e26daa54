/// Characters that change how text reads without being seen: the ones a spoofed name or address hides behind.
public enum TextSafety {
    /// Embeddings, overrides and isolates (U+202A–202E, U+2066–2069): they reorder what follows them on screen.
    public static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    /// Never part of legitimate text: C0 and C1 controls, line and paragraph separators, unassigned and
    /// private-use code points, non-characters, and the specials block (U+FFF0–FFFF: the replacement and
    /// object-replacement characters stand for text that is not there).
    public static func isForbiddenAnywhere(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator, .unassigned, .privateUse, .surrogate: return true
        default: return scalar.properties.isNoncharacterCodePoint || isBidiControl(scalar) || (0xFFF0...0xFFFF).contains(scalar.value)
        }
    }

    static func isCombining(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }

    /// Most combining marks one character may carry: real scripts stack a few; "Zalgo" text stacks hundreds.
    public static let maxCombiningRun = 8

    /// Invisible: format characters and default-ignorable code points (zero-width spaces, joiners, marks,
    /// fillers, variation selectors, soft hyphen), and every space but U+0020.
    public static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .format: return true
        case .spaceSeparator: return scalar != " "
        default: return scalar.properties.isDefaultIgnorableCodePoint
        }
    }

    /// Joiners and variation selectors that emoji and several scripts (Persian, the Indic ones) need in names.
    static func isNeededInNames(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value == 0x200C || scalar.value == 0x200D || (0xFE00...0xFE0F).contains(scalar.value) || (0xE0100...0xE01EF).contains(scalar.value)
    }

    /// What a display name may not hold: anything forbidden anywhere, and invisible characters other than
    /// the joiners and selectors real names use.
    public static func isUnsafeInName(_ scalar: Unicode.Scalar) -> Bool {
        isForbiddenAnywhere(scalar) || (isInvisible(scalar) && scalar != " " && !isNeededInNames(scalar))
    }

    /// The first problem with `text` as a display name, or nil when it is safe.
    public static func nameProblem(_ text: String) -> String? {
        for scalar in text.unicodeScalars where isUnsafeInName(scalar) {
            if isBidiControl(scalar) { return "must not contain bidirectional override characters" }
            if scalar.properties.generalCategory == .control { return "must not contain control characters" }
            return "must not contain invisible or unassigned characters (U+\(String(scalar.value, radix: 16, uppercase: true)))"
        }
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.first, !isCombining(first), !isNeededInNames(first) else {
            return "must start with a visible character"
        }
        var run = 0
        for (index, scalar) in scalars.enumerated() {
            run = isCombining(scalar) ? run + 1 : 0
            if run > maxCombiningRun { return "must not stack more than \(maxCombiningRun) accents on one character" }
            // Joiners join two visible characters; a selector follows one.
            if scalar.value == 0x200C || scalar.value == 0x200D {
                let before = scalars[index - 1], after = index + 1 < scalars.count ? scalars[index + 1] : nil
                if isNeededInNames(before) || after.map({ isNeededInNames($0) || isCombining($0) || $0 == " " }) ?? true || before == " " {
                    return "must not contain a joiner outside a word or an emoji"
                }
            } else if isNeededInNames(scalar), scalars[index - 1] == " " || scalars[index - 1].value == 0x200D {
                return "must not contain a variation selector on its own"
            }
        }
        return nil
    }
}
