import Foundation

/// How a target compares a measured value with its threshold (plan-format.md).
public enum Comparator: String, Sendable, Codable, CaseIterable {
    case atLeast = ">="
    case greater = ">"
    case atMost = "<="
    case less = "<"
    case equal = "="
    /// `value` is the low end and `max` the high end: `9-10`.
    case range
    /// A yes/no target such as `Có`.
    case yes
    /// Qualitative: no number, the words are in `text`.
    case text
}

/// Whether a larger value is better.
public enum Direction: String, Sendable, Codable {
    case higherIsBetter = "higher"
    case lowerIsBetter = "lower"
}

/// A target (chỉ tiêu) for one milestone year.
public struct Target: Sendable, Hashable, Codable {
    public var year: Int?
    public var comparator: Comparator
    public var value: Double?
    public var max: Double?
    /// The words as written in the document.
    public var text: String

    public init(year: Int?, comparator: Comparator, value: Double?, max: Double? = nil, text: String) {
        self.year = year; self.comparator = comparator; self.value = value; self.max = max; self.text = text
    }

    /// Higher is better unless the comparator is `<=`/`<` or the unit is a rank (`Thứ bậc`).
    public func direction(unit: String?) -> Direction {
        if comparator == .atMost || comparator == .less { return .lowerIsBetter }
        if let unit, TargetParser.isRankUnit(unit), comparator != .atLeast, comparator != .greater { return .lowerIsBetter }
        return .higherIsBetter
    }

    enum CodingKeys: String, CodingKey { case year, comparator, value, max, text }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(year, forKey: .year)
        try c.encode(comparator, forKey: .comparator)
        try c.encode(value, forKey: .value)
        try c.encode(max, forKey: .max)
        try c.encode(text, forKey: .text)
    }
}

/// The comparator, value and upper bound read from a target's words.
public struct TargetValue: Sendable, Hashable {
    public var comparator: Comparator
    public var value: Double?
    public var max: Double?
    public init(comparator: Comparator, value: Double?, max: Double? = nil) {
        self.comparator = comparator; self.value = value; self.max = max
    }
}

/// Reads targets as Vietnamese plans write them.
///
/// | text | comparator | value | max |
/// | --- | --- | --- | --- |
/// | `≥ 80`, `$\geq 37,6$`, `tối thiểu 7%`, `ít nhất 50%`, `20% trở lên`, `90` | `>=` | … | |
/// | `trên 90%`, `$> 0,623$` | `>` | … | |
/// | `≤ 57` | `<=` | 57 | |
/// | `9-10` | `range` | 9 | 10 |
/// | `Có` | `yes` | | |
/// | `Đạt mức trung bình …` | `text` | | |
///
/// A bare number is a level to reach: `>=`, or `<=` when the unit is a rank.
public enum TargetParser {
    /// Removes LaTeX remnants (`$\geq 3\%$`) and normalises comparator signs.
    public static func clean(_ text: String) -> String {
        var t = text
        let replacements: [(String, String)] = [
            ("\\geq", "≥"), ("\\ge", "≥"), ("\\leq", "≤"), ("\\le", "≤"), ("\\%", "%"), ("$", ""),
            (">=", "≥"), ("<=", "≤"), ("=>", "≥"), ("=<", "≤"),
        ]
        for (a, b) in replacements { t = t.replacingOccurrences(of: a, with: b) }
        return TextFolding.collapseSpaces(t)
    }

    public static func isRankUnit(_ unit: String) -> Bool { UnitKind.of(unit) == .rank }

    /// Parses a target cell or clause. `unit` decides the comparator of a bare number.
    public static func parse(_ raw: String, unit: String? = nil) -> TargetValue {
        let text = clean(raw)
        let key = TextFolding.searchKey(text).trimmed(of: ".;:")
        if key == "co" || key == "co." { return TargetValue(comparator: .yes, value: nil) }
        if text.isEmpty { return TargetValue(comparator: .text, value: nil) }

        // A range: 9-10, 9 – 10 %.
        if let r = range(in: text) { return r }

        let numbers = VietnameseNumber.matches(in: text)
        guard let first = numbers.first(where: \.quantity.isPercent) ?? numbers.first else { return TargetValue(comparator: .text, value: nil) }
        return parse(text, figure: first, unit: unit)
    }

    /// Reads the comparator around a figure already found in the text (a bullet with running words).
    public static func parse(_ text: String, figure first: NumberMatch, unit: String? = nil) -> TargetValue {
        let value = first.quantity.value
        let chars = Array(text)
        let before = String(chars[..<first.range.lowerBound])
        let after = String(chars[first.range.upperBound...])
        if let c = comparator(before: before, after: after) { return TargetValue(comparator: c, value: value) }
        // A bare number, alone or followed by a unit or a few words ("90", "10 người/vạn dân", "đạt 7% GRDP").
        let isRank = unit.map(isRankUnit) ?? false
        return TargetValue(comparator: isRank ? .atMost : .atLeast, value: value)
    }

    static func range(in text: String) -> TargetValue? {
        let pattern = #"^\s*(?:từ\s+)?(\d+(?:[.,]\d+)?)\s*%?\s*(?:-|–|—|đến)\s*(\d+(?:[.,]\d+)?)\s*%?\s*$"#
        guard let m = RegexCache.shared.firstMatch(pattern, in: text, caseInsensitive: true),
              let lo = VietnameseNumber.parse(m[0]), let hi = VietnameseNumber.parse(m[1]), lo < hi else { return nil }
        return TargetValue(comparator: .range, value: lo, max: hi)
    }

    /// The comparator stated by signs or words right around the figure.
    static func comparator(before: String, after: String) -> Comparator? {
        let b = TextFolding.searchKey(before)
        let a = TextFolding.searchKey(after)
        let tail = String(before.suffix(3)).trimmedSpaces
        if tail.hasSuffix("≥") { return .atLeast }
        if tail.hasSuffix("≤") { return .atMost }
        if tail.hasSuffix(">") { return .greater }
        if tail.hasSuffix("<") { return .less }
        if tail.hasSuffix("=") { return .equal }
        let atLeastWords = ["toi thieu", "it nhat", "khong duoi", "khong thap hon", "tang toi thieu"]
        let greaterWords = ["tren", "hon", "vuot"]
        let atMostWords = ["toi da", "khong qua", "khong vuot qua", "khong cao hon"]
        let lessWords = ["duoi", "it hon"]
        let words = " " + b.split(separator: " ").suffix(3).joined(separator: " ")
        func ends(_ list: [String]) -> Bool { list.contains { words.hasSuffix(" " + $0) } }
        if ends(atMostWords) { return .atMost }
        if ends(atLeastWords) { return .atLeast }
        if ends(lessWords) { return .less }
        if ends(greaterWords) { return .greater }
        if a.hasPrefix("tro len") { return .atLeast }
        if a.hasPrefix("tro xuong") { return .atMost }
        return nil
    }
}

/// What an indicator's unit measures: the one place that says whether a unit is a percentage (values are shares,
/// aggregated as a ratio of sums, 0–100), a rank (lower is better, whole numbers), a count or amount (summed), or
/// nothing stated.
public enum UnitKind: Sendable, Hashable {
    case percentage, rank, count, none

    public static func of(_ unit: String?) -> UnitKind {
        guard let unit = unit?.trimmedSpaces, !unit.isEmpty else { return .none }
        if unit.hasPrefix("%") { return .percentage }
        let k = TextFolding.searchKey(unit)
        if k.includes("thu bac") || k.includes("thu hang") || k.includes("xep hang") { return .rank }
        return .count
    }

    public static func isPercentage(_ unit: String?) -> Bool { of(unit) == .percentage }
}
