import Foundation

/// A number as Vietnamese documents write it, with its fraction kept when there is one.
///
/// `.` groups thousands and `,` is the decimal mark: `1.991` is 1991, `92,50%` is 92.5 per cent,
/// `0,623` is 0.623 and `1.037/1.378` is the fraction 1037 over 1378. Text extracted from some PDF tools
/// writes `0.7` for 0,7: a `.` that is not followed by exactly three digits is read as a decimal mark.
public struct Quantity: Sendable, Hashable, Codable {
    /// The value; for a fraction, numerator divided by denominator (times 100 when written as a percentage).
    public var value: Double
    public var numerator: Double?
    public var denominator: Double?
    /// Whether the text carried a `%` sign.
    public var isPercent: Bool

    public init(value: Double, numerator: Double? = nil, denominator: Double? = nil, isPercent: Bool = false) {
        self.value = value
        self.numerator = numerator
        self.denominator = denominator
        self.isPercent = isPercent
    }
}

public enum VietnameseNumber {
    /// A number as Vietnamese writes it for reading: thousands grouped with ".", decimals after ",", at most
    /// `decimals` of them, trailing zeros dropped: `37,6`, `1.991`, `1.234,5`. The one formatter of every page,
    /// message and document.
    public static func display(_ x: Double, decimals: Int = 2) -> String {
        let rounded = (x * pow(10, Double(decimals))).rounded() / pow(10, Double(decimals))
        var intPart = String(Int64(abs(rounded).rounded(.down)))
        var groups: [String] = []
        while intPart.count > 3 { groups.insert(String(intPart.suffix(3)), at: 0); intPart = String(intPart.dropLast(3)) }
        groups.insert(intPart, at: 0)
        var s = (rounded < 0 ? "-" : "") + groups.joined(separator: ".")
        let frac = abs(rounded) - abs(rounded).rounded(.down)
        if frac > 1e-9 {
            let digits = String(format: "%.\(decimals)f", frac).dropFirst(2)
            let trimmed = digits.replacingOccurrences(of: "0+$", with: "", options: .regularExpression)
            if !trimmed.isEmpty { s += "," + trimmed }
        }
        return s
    }

    /// A number as a form field holds it, to be typed over and read back: no grouping, "," before decimals
    /// (`1234,5`, `48`).
    public static func input(_ x: Double) -> String {
        x.rounded() == x && abs(x) < 1e15 ? String(Int64(x)) : String(x).replacingOccurrences(of: ".", with: ",")
    }

    /// Parses one number token: `1.991`, `92,50`, `0,623`, `1.000.000`, `0.7`, `10`.
    /// Returns nil for anything that is not a number written on its own.
    public static func parse(_ token: String) -> Double? {
        let t = token.trimmedSpaces
        guard !t.isEmpty, t.count <= 40 else { return nil }
        var digits = ""
        var sawDecimal = false
        let chars = Array(t)
        guard chars.first?.isASCIIDigit == true, chars.last?.isASCIIDigit == true else { return nil }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isASCIIDigit {
                digits.append(c)
            } else if c == "." {
                // Thousands separator when exactly three digits follow and then a non-digit or the end.
                var run = 0
                var j = i + 1
                while j < chars.count, chars[j].isASCIIDigit { run += 1; j += 1 }
                if run == 3, !sawDecimal {
                    // grouping: skip the dot
                } else if !sawDecimal {
                    digits.append("."); sawDecimal = true
                } else {
                    return nil
                }
            } else if c == "," {
                if sawDecimal { return nil }
                digits.append("."); sawDecimal = true
            } else {
                return nil
            }
            i += 1
        }
        return Double(digits)
    }

    /// Parses a quantity: a number with an optional `%`, or a fraction `a/b`.
    ///
    /// ```swift
    /// VietnameseNumber.quantity("92,50%")      // 92.5, percent
    /// VietnameseNumber.quantity("1.037/1.378") // 0.7525…, numerator 1037, denominator 1378
    /// ```
    public static func quantity(_ text: String) -> Quantity? {
        var t = TextFolding.collapseSpaces(text)
        var percent = false
        if t.hasSuffix("%") {
            percent = true
            t = String(t.dropLast()).trimmedSpaces
        }
        if let slash = t.firstIndex(of: "/") {
            let a = String(t[..<slash]).trimmedSpaces
            let b = String(t[t.index(after: slash)...]).trimmedSpaces
            guard let n = parse(a), let d = parse(b), d != 0 else { return nil }
            return Quantity(value: percent ? n / d * 100 : n / d, numerator: n, denominator: d, isPercent: percent)
        }
        guard let v = parse(t) else { return nil }
        return Quantity(value: v, isPercent: percent)
    }

    /// Every number in a running text, with its position, as `NumberMatch` values.
    /// Finds `1.991`, `92,50%`, `18/18`, `$\geq 37,6$`-style numbers; skips dates such as `05/6/2025`.
    public static func matches(in text: String) -> [NumberMatch] {
        var result: [NumberMatch] = []
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            guard chars[i].isASCIIDigit, i == 0 || !(chars[i - 1].isLetter || chars[i - 1].isASCIIDigit) else { i += 1; continue }
            var j = i
            while j < chars.count, chars[j].isASCIIDigit || ((chars[j] == "." || chars[j] == ",") && j + 1 < chars.count && chars[j + 1].isASCIIDigit) || (chars[j] == "/" && j + 1 < chars.count && chars[j + 1].isASCIIDigit) {
                j += 1
            }
            let raw = String(chars[i..<j])
            var end = j
            var k = j
            while k < chars.count, chars[k] == " " { k += 1 }
            var percent = false
            if k < chars.count, chars[k] == "%" || (chars[k] == "\\" && k + 1 < chars.count && chars[k + 1] == "%") {
                percent = true
                end = chars[k] == "%" ? k + 1 : k + 2
            }
            // A number glued to letters is part of a name: 4G, 5G, 3D, 1Gb/s.
            if !percent, j < chars.count, chars[j].isLetter { i = max(j, i + 1); continue }
            // A document symbol: 57-NQ/TW, 09-NQ/TU.
            if !percent, j + 1 < chars.count, chars[j] == "-", chars[j + 1].isLetter { i = max(j, i + 1); continue }
            // Dates (05/6/2025, 10/2026) are not quantities: two slashes, or a slash followed by a four-digit year.
            let slashes = raw.filter { $0 == "/" }.count
            let isDate = slashes >= 2 || (slashes == 1 && !percent && raw.split(separator: "/").last.map { $0.count == 4 && $0.hasPrefix("20") } == true)
            if !isDate, let q = quantity(raw + (percent ? "%" : "")) {
                result.append(NumberMatch(quantity: q, range: i..<end, text: String(chars[i..<end])))
            }
            i = max(j, i + 1)
        }
        return result
    }
}

/// A number found in a running text: its quantity and where it stands (character offsets).
public struct NumberMatch: Sendable, Hashable {
    public var quantity: Quantity
    public var range: Range<Int>
    public var text: String
    public init(quantity: Quantity, range: Range<Int>, text: String) {
        self.quantity = quantity; self.range = range; self.text = text
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
