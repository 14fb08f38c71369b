import Foundation

/// Text helpers for Vietnamese: search keys that ignore case and marks, whitespace clean-up.
public enum TextFolding {
    /// A search key: lower case, Vietnamese marks removed, `đ`/`Đ` folded to `d`, runs of white space
    /// collapsed to one space.
    ///
    /// ```swift
    /// TextFolding.searchKey("Sở Khoa học và Công nghệ") // "so khoa hoc va cong nghe"
    /// TextFolding.searchKey("ĐIỆN TỬ")                  // "dien tu"
    /// ```
    /// Unicode's diacritic folding leaves `đ` alone (it is a letter, not a mark), hence the explicit step.
    public static func searchKey(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                out.append(v >= 0x41 && v <= 0x5A ? Unicode.Scalar(v + 32)! : scalar)
            } else if let base = foldTable[v] {
                out.append(base)
            } else {
                switch scalar.properties.generalCategory {
                case .nonspacingMark, .enclosingMark, .spacingMark: continue
                default:
                    // Rare letters outside the Latin ranges: fold through decomposition.
                    for s in String(scalar).lowercased().decomposedStringWithCanonicalMapping.unicodeScalars
                    where ![.nonspacingMark, .enclosingMark, .spacingMark].contains(s.properties.generalCategory) {
                        out.append(s)
                    }
                }
            }
        }
        return collapseSpaces(String(out))
    }

    /// Latin letters with marks (Latin-1, Latin Extended, and the Vietnamese block U+1E00–U+1EFF) mapped to
    /// their lower-case base letter; `đ`/`Đ` to `d`. Built once from Unicode's own decompositions.
    static let foldTable: [UInt32: Unicode.Scalar] = {
        var table: [UInt32: Unicode.Scalar] = [0x0111: "d", 0x0110: "d"]
        for v in Array(0x00C0...0x024F) + Array(0x1E00...0x1EFF) {
            guard table[UInt32(v)] == nil, let scalar = Unicode.Scalar(v) else { continue }
            let decomposed = String(scalar).lowercased().decomposedStringWithCanonicalMapping.unicodeScalars
            guard let base = decomposed.first, base.value < 0x80, base.properties.isAlphabetic,
                  decomposed.dropFirst().allSatisfy({ $0.properties.generalCategory == .nonspacingMark }) else { continue }
            table[UInt32(v)] = base
        }
        return table
    }()

    /// Trims the text and collapses every run of white space (including no-break spaces and tabs) to one space.
    public static func collapseSpaces(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { bytes -> String in
            // One pass over the UTF-8 bytes; white space is ASCII white space or one of Unicode's space
            // characters (no-break space, en/em spaces, ideographic space …), recognised by their bytes.
            var out = [UInt8]()
            var changed = false
            var pendingSpace = false
            var i = 0
            let n = bytes.count
            out.reserveCapacity(n)
            while i < n {
                let b = bytes[i]
                let spaceLength = Self.spaceLength(bytes, i)
                if spaceLength > 0 {
                    if !(b == 0x20 && spaceLength == 1 && !pendingSpace && !out.isEmpty && i + 1 < n && Self.spaceLength(bytes, i + 1) == 0) {
                        changed = true
                    }
                    pendingSpace = !out.isEmpty
                    i += spaceLength
                    continue
                }
                if pendingSpace { out.append(0x20); pendingSpace = false }
                out.append(b)
                i += 1
            }
            return changed ? String(decoding: out, as: UTF8.self) : text
        }
    }

    /// Length in bytes of a white-space character starting at `i`, or 0.
    @inline(__always)
    static func spaceLength(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let c = b[i]
        if c == 0x20 || (c >= 0x09 && c <= 0x0D) { return 1 }
        if c < 0xC2 { return 0 }
        let n = b.count
        switch c {
        case 0xC2: return i + 1 < n && (b[i + 1] == 0x85 || b[i + 1] == 0xA0) ? 2 : 0
        case 0xE1:
            guard i + 2 < n else { return 0 }
            return (b[i + 1] == 0x9A && b[i + 2] == 0x80) || (b[i + 1] == 0xA0 && b[i + 2] == 0x8E) ? 3 : 0
        case 0xE2:
            guard i + 2 < n else { return 0 }
            if b[i + 1] == 0x80 { let t = b[i + 2]; return (t >= 0x80 && t <= 0x8A) || t == 0xA8 || t == 0xA9 || t == 0xAF ? 3 : 0 }
            return b[i + 1] == 0x81 && b[i + 2] == 0x9F ? 3 : 0
        case 0xE3:
            return i + 2 < n && b[i + 1] == 0x80 && b[i + 2] == 0x80 ? 3 : 0
        default: return 0
        }
    }

    /// Unicode NFC, the normal form the plan format promises.
    public static func nfc(_ text: String) -> String {
        isStableUnderNFC(text) ? text : text.precomposedStringWithCanonicalMapping
    }

    /// True when every character is one that normalisation leaves alone (ASCII, Latin letters including
    /// Vietnamese precomposed ones, common punctuation and symbols), so NFC can be skipped. A text with
    /// combining marks or anything else unusual is normalised.
    static func isStableUnderNFC(_ text: String) -> Bool {
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0..<0x0300, 0x1E00...0x1EFF, 0x2000...0x20CF, 0x2190...0x2BFF, 0xFEFF: continue
            default: return false
            }
        }
        return true
    }
}

extension StringProtocol {
    /// Whether the text contains `other`, comparing bytes exactly (no locale folding: Foundation's
    /// `contains` folds and is many times slower, and the readers compare search keys or exact marks).
    public func includes(_ other: String) -> Bool {
        var haystack = String(self)
        var needle = other
        return haystack.withUTF8 { h in
            needle.withUTF8 { n in
                guard !n.isEmpty else { return true }
                guard n.count <= h.count else { return false }
                let first = n[0]
                var i = 0
                let last = h.count - n.count
                while i <= last {
                    if h[i] == first {
                        var k = 1
                        while k < n.count && h[i + k] == n[k] { k += 1 }
                        if k == n.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }
}

/// Trimming without Foundation: on Linux `trimmingCharacters(in:)` goes through NSString and was a tenth of an
/// import's time. Same sets: `.whitespaces` is tab and the space separators; `.whitespacesAndNewlines` adds line
/// breaks.
extension StringProtocol {
    /// The text without white space (not line breaks) at either end.
    public var trimmedSpaces: String { trimmed { $0 == "\t" || $0.properties.generalCategory == .spaceSeparator } }
    /// The text without white space or line breaks at either end.
    public var trimmedWhitespace: String { trimmed { $0.properties.isWhitespace } }
    /// The text without the given characters at either end.
    public func trimmed(of characters: String) -> String {
        let set = Set(characters.unicodeScalars)
        return trimmed { set.contains($0) }
    }

    public func trimmed(_ isTrimmed: (Unicode.Scalar) -> Bool) -> String {
        let scalars = unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, isTrimmed(scalars[start]) { start = scalars.index(after: start) }
        while end > start, isTrimmed(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        if start == scalars.startIndex && end == scalars.endIndex { return String(self) }
        return TextFolding.string(scalars[start..<end])
    }
}

extension TextFolding {
    /// Text from Unicode scalars: readers that cut text by scalar offsets (plans are NFC) rather than by
    /// Characters, whose grapheme walk is slow on long plans.
    public static func string<S: Sequence>(_ scalars: S) -> String where S.Element == Unicode.Scalar {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
