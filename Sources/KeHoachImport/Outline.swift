import Foundation
import KeHoachCore

/// How a line of running text is marked: a heading of some level, a bullet, or body text.
enum LineMark: Equatable {
    /// `I.`, `II-`, `Phần II.`: a major section.
    case roman(label: String, title: String)
    /// `1.`, `2.1.`, `2.2.1.`: a numbered heading or item.
    case numbered(label: String, title: String)
    /// `a)`, `b)`.
    case letter(label: String, title: String)
    /// `- …`, `+ …`, `• …`.
    case bullet(symbol: Character, text: String)
    case body(String)

    var title: String? {
        switch self {
        case let .roman(_, t), let .numbered(_, t), let .letter(_, t): t
        default: nil
        }
    }
}

enum Outline {
    static let romanNumerals: Set<String> = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]

    static func romanValue(_ s: String) -> Int? {
        let values: [Character: Int] = ["I": 1, "V": 5, "X": 10]
        var total = 0
        var prev = 0
        for c in s.reversed() {
            guard let v = values[c] else { return nil }
            if v < prev { total -= v } else { total += v; prev = v }
        }
        return total > 0 ? total : nil
    }

    /// Classifies a line of running text.
    static func mark(_ line: String) -> LineMark {
        // Lines and paragraphs arrive with their white space already collapsed.
        let t = line
        guard let first = t.first else { return .body("") }
        if "-+•–".contains(first) {
            let rest = t.dropFirst()
            if rest.first == " " || (first != "-" && first != "–") {
                return .bullet(symbol: first, text: TextFolding.collapseSpaces(String(rest)))
            }
            // "-Text" without a space is still a bullet when a letter follows.
            if let c = rest.first, c.isLetter { return .bullet(symbol: first, text: String(rest)) }
        }
        // Phần I. / Phần II -
        var body = Substring(t)
        var prefix = ""
        if body.hasPrefix("Phần ") || body.hasPrefix("PHẦN ") { prefix = "Phần "; body = body.dropFirst(5) }
        // Roman numeral heading.
        let romanPart = body.prefix(while: { "IVX".contains($0) })
        if !romanPart.isEmpty, romanValue(String(romanPart)) != nil {
            var after = body.dropFirst(romanPart.count)
            if let c = after.first, ".-–:".contains(c) { after = after.dropFirst() }
            if after.first == " " {
                let title = TextFolding.collapseSpaces(String(after))
                if let f = title.first, f.isUppercase || f.isNumber {
                    return .roman(label: prefix + romanPart, title: title)
                }
            }
        }
        // Numbered heading: 1. / 2.1. / 2.2.1 (each part at most two digits).
        var i = t.startIndex
        var label = ""
        var parts = 0
        while i < t.endIndex {
            let digits = t[i...].prefix(while: { $0.isASCII && $0.isNumber })
            guard !digits.isEmpty, digits.count <= 2 else { break }
            label += digits
            parts += 1
            i = t.index(i, offsetBy: digits.count)
            if i < t.endIndex, t[i] == "." {
                let next = t.index(after: i)
                if next < t.endIndex, t[next].isASCII, t[next].isNumber { label += "."; i = next; continue }
                i = next
            } else if i < t.endIndex, t[i] == ")" {
                i = t.index(after: i)
            } else if parts == 1 {
                // "1 Text" without a dot is not a heading in running text.
                label = ""
            }
            break
        }
        if !label.isEmpty, i < t.endIndex, t[i] == " " {
            let title = TextFolding.collapseSpaces(String(t[i...]))
            if let f = title.first, f.isUppercase || f.isLetter {
                return .numbered(label: label, title: title)
            }
            // "1. 100% đội ngũ cán bộ …": a numbered target that opens with its figure.
            if title.first?.isNumber == true, title.contains("%"), title.split(separator: " ").count >= 4 {
                return .numbered(label: label, title: title)
            }
        }
        // Letter heading: a) / b)
        let chars = Array(t.prefix(4))
        if chars.count > 3, chars[0].isLetter, chars[0].isLowercase, chars[1] == ")", chars[2] == " " {
            return .letter(label: String(chars[0]), title: String(t.dropFirst(3)))
        }
        return .body(t)
    }

    /// The milestone year a heading names when it is only about time: `Đến năm 2027`, `Mục tiêu đến năm 2030`,
    /// `Mục tiêu cơ bản đến năm 2025`.
    static func yearOfHeading(_ title: String) -> Int? {
        guard title.utf8.count < 200 else { return nil }
        let k = TextFolding.searchKey(title)
        guard k.split(separator: " ").count <= 9 else { return nil }
        guard let m = firstMatch(#"(?:den|trong|vao|cho)?\s*nam\s+(20\d\d)\s*[:.]?$"#, in: k), let y = Int(m[0]) else { return nil }
        return y
    }

    static func firstMatch(_ pattern: String, in text: String) -> [String]? {
        RegexCache.shared.firstMatch(pattern, in: text)
    }

    static func allMatches(_ pattern: String, in text: String) -> [[String]] {
        RegexCache.shared.allMatches(pattern, in: text)
    }
}

/// A paragraph assembled from a line and the continuation lines that follow it (PDF and Word exports break
/// sentences over lines and leave blank lines between them).
struct Paragraph {
    var line: Int
    var mark: LineMark
    var text: String
    /// Whether continuation lines were joined to it (its mark is then read again from the whole text).
    var joined = false
}

enum Paragraphs {
    /// Paragraphs are cut at this size so that text without punctuation cannot grow one paragraph without end.
    static let maxParagraphBytes = 16_384

    /// Joins continuation lines to the line they continue. A line continues the previous one when it is
    /// body text (no heading or bullet mark) and the previous one does not end a sentence, or when it starts
    /// with a lower-case letter. Page numbers and footnotes (`2 (1). Sở …`) are skipped.
    /// With `blankEndsParagraph` (Markdown, whose reader has joined its soft-wrapped lines already), a blank line
    /// ends a paragraph; in a text file it may be a page break inside a sentence.
    static func build(_ lines: [SourceLine], blankEndsParagraph: Bool = false) -> [Paragraph] {
        var out: [Paragraph] = []
        var afterBlank = false
        for line in lines where !line.hasTabs {
            if line.isBlank { afterBlank = true; continue }
            defer { afterBlank = false }
            let text = line.plain
            if isPageNumber(text) { continue }
            let mark = Outline.mark(text)
            if case let .body(body) = mark, var last = out.last {
                let lastText = last.text
                let startsLower = body.first.map { $0.isLowercase } ?? false
                let lastEnds = lastText.last.map { ".:;!?".contains($0) } ?? true
                let isHeadingLast: Bool = {
                    if case .bullet = last.mark { return false }
                    if case .body = last.mark { return false }
                    return true
                }()
                // A sentence does not start in lower case, even after a blank line.
                let continues = startsLower || (!lastEnds && !isHeadingLast && !(blankEndsParagraph && afterBlank))
                if continues && lastText.utf8.count < Self.maxParagraphBytes {
                    last.text = join(lastText, body)
                    last.joined = true
                    out[out.count - 1] = last
                    continue
                }
            }
            // A bullet's or heading's text continued on the next line in lower case.
            out.append(Paragraph(line: line.number, mark: mark, text: text))
        }
        for i in out.indices where out[i].joined { out[i].mark = Outline.mark(out[i].text) }
        return out
    }

    static func isPageNumber(_ t: String) -> Bool {
        t.utf8.count <= 3 && t.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// Joins two pieces of one sentence; a word cut by a hyphen at the line end is rejoined.
    static func join(_ a: String, _ b: String) -> String {
        // A word or a year range cut after its hyphen or dash: "2026–" + "2030".
        if (a.hasSuffix("-") && !a.hasSuffix(" -")) || (a.hasSuffix("–") && !a.hasSuffix(" –") && b.first?.isNumber == true) { return a + b }
        return a + " " + b
    }
}
