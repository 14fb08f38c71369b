import Foundation
import KeHoachCore

/// Reads achieved figures from the results part of a report (seed 002, Phần I): each bullet with a figure
/// becomes an observation (name, year, value, numerator and denominator where the text gives them).
struct ObservationReader {
    static func isResultsHeading(_ title: String) -> Bool {
        let k = TextFolding.searchKey(String(title.prefix(200)))
        return k.includes("danh gia ket qua") || k.includes("ket qua thuc hien") || (k.includes("tinh hinh thuc hien") && k.includes("nam"))
    }

    func read(_ paragraphs: [Paragraph]) -> [Observation] {
        var out: [Observation] = []
        var inside = false
        var year: Int? = nil
        for p in paragraphs {
            switch p.mark {
            case let .roman(label, title):
                if Self.isResultsHeading(title) {
                    inside = true
                    if let y = Outline.firstMatch(#"nam (20\d\d)"#, in: TextFolding.searchKey(title)).flatMap({ Int($0[0]) }) { year = y }
                } else if label.hasPrefix("Phần") || BulletTargetReader.isTargetsHeading(title) {
                    inside = false
                }
            case let .bullet(_, text):
                guard inside, text.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }),
                      let obs = observation(text, year: year, line: p.line) else { continue }
                out.append(obs)
            default: continue
            }
        }
        return out
    }

    func observation(_ raw: String, year: Int?, line: Int) -> Observation? {
        var text = TextFolding.collapseSpaces(raw)
        while let l = text.last, ".;,".contains(l) { text.removeLast() }
        // Years are dates, not results.
        let numbers = VietnameseNumber.matches(in: text).filter { m in
            m.quantity.isPercent || m.quantity.denominator != nil || !(m.text.count == 4 && (m.text.hasPrefix("19") || m.text.hasPrefix("20")))
        }
        guard let first = numbers.first(where: \.quantity.isPercent) ?? numbers.first(where: { $0.quantity.denominator == nil }) ?? numbers.first else { return nil }
        let chars = Array(text)
        var name = text
        if let colon = text.firstIndex(of: ":"), text.distance(from: text.startIndex, to: colon) < first.range.lowerBound {
            name = String(text[..<colon])
        }
        // A fraction right after the figure: "100% sở, ban, ngành tỉnh (18/18 đơn vị)".
        var numerator: Double? = nil
        var denominator: Double? = nil
        if let f = numbers.first(where: { $0.quantity.denominator != nil && $0.range.lowerBound >= first.range.lowerBound }),
           f.range.lowerBound - first.range.upperBound < 40 {
            numerator = f.quantity.numerator; denominator = f.quantity.denominator
        }
        var unit: String? = first.quantity.isPercent ? "%" : nil
        if unit == nil {
            let word = String(chars[first.range.upperBound...]).split(separator: " ").first.map { String($0.prefix { $0.isLetter }) } ?? ""
            unit = word.isEmpty || ["do", "là", "hoặc", "và", "của"].contains(word) ? nil : word
        }
        let value = first.quantity.denominator != nil && !first.quantity.isPercent ? first.quantity.value * 100 : first.quantity.value
        if first.quantity.denominator != nil { numerator = first.quantity.numerator; denominator = first.quantity.denominator; unit = "%" }
        return Observation(name: name, year: year, value: value, numerator: numerator, denominator: denominator,
                           unit: unit, text: text, line: line)
    }
}
