import Foundation
import KeHoachCore

/// Reads targets written as bullet lists under a "Mục tiêu cụ thể" heading (seeds 000, 002, 003):
///
/// ```
/// 2. Mục tiêu cụ thể
/// 2.1. Về kinh tế số
/// a) Đến năm 2027
/// - Tỷ trọng kinh tế số đạt 7% GRDP.
/// b) Mục tiêu đến năm 2030
/// - Tỷ trọng kinh tế số đạt 10% GRDP.
/// ```
///
/// Headings that only name a year (`Đến năm 2027`) set the milestone year; other headings set the group.
/// A bullet with several figures (`90% … cấp tỉnh; 80% … cấp huyện và 60% … cấp xã`) yields one target per
/// figure; a bullet with no figure is a qualitative target. The same measure in two years' lists becomes one
/// indicator with two targets (matched by its words, or by position when two lists run in parallel).
struct BulletTargetReader {
    var defaultYear: Int?

    struct Item {
        var line: Int
        var year: Int?
        var group: String?
        var codePrefix: String
        var listKey: String
        var index: Int
        var text: String
        /// Which targets section (its heading's line) the item is in.
        var section: Int = 0
        /// The item's own label when it is one (`2.b`: a lettered target).
        var label: String? = nil
    }

    func read(_ paragraphs: [Paragraph], warnings: inout [ImportWarning]) -> [Indicator] {
        var items = collectItems(paragraphs)
        // A "Mục tiêu cụ thể" list in which no item holds a single figure states aims ("Chủ động quan trắc, cảnh báo
        // …"), not targets that can be measured: none is an indicator (Đắk Lắk's monitoring plan).
        let measured = Set(items.filter { $0.text.utf8.contains { $0 >= 48 && $0 <= 57 } }.map(\.section))
        items.removeAll { !measured.contains($0.section) }
        return merge(items, warnings: &warnings)
    }

    /// Whether a heading opens the targets section.
    static func isTargetsHeading(_ title: String) -> Bool {
        let k = TextFolding.searchKey(String(title.prefix(120)))
        // "Mục tiêu cụ thể", "Mục tiêu chủ yếu", "Phấn đấu đến cuối năm 2025 đạt các mục tiêu, chỉ tiêu sau:".
        return (k.includes("muc tieu") || k.includes("chi tieu"))
            && (k.includes("cu the") || k.includes("chu yeu") || k.hasSuffix(" sau") || k.hasSuffix(" sau:"))
    }

    func collectItems(_ paragraphs: [Paragraph]) -> [Item] {
        var items: [Item] = []
        var inside = false
        var sectionDepth = 0 // label depth of the targets heading ("2" -> 1, "2.2" -> 2)
        var sectionIsRoman = false
        var year: Int? = nil
        var group: String? = nil
        var numberLabel = ""
        var letterLabel = ""
        var listKey = ""
        var index = 0
        var yearFromContext = defaultYear
        var section = 0
        // Under a topic bullet ("- Thủy sản"): plain paragraphs are the targets, coded by topic (2.1.2.1).
        var bodyItems = false
        var topic = 0
        var groupBeforeTopics: String? = nil

        for (i, p) in paragraphs.enumerated() {
            if case .body = p.mark {} else if case .bullet = p.mark {} else if bodyItems || topic > 0 {
                // A heading ends the topics: their group does not run on into the next list.
                bodyItems = false
                group = groupBeforeTopics
                if case .numbered = p.mark { topic = 0 } else if case .roman = p.mark { topic = 0 }
            }
            switch p.mark {
            case let .roman(_, title):
                if inside && !sectionIsRoman { inside = false }
                else if inside && sectionIsRoman { inside = false }
                if let y = Outline.yearOfHeading(title) ?? Self.yearInPartTitle(title) { yearFromContext = y }
                if Self.isTargetsHeading(title) {
                    inside = true; sectionIsRoman = true; sectionDepth = 0; section = p.line
                    year = Outline.yearOfHeading(title) ?? yearFromContext
                    group = nil; numberLabel = ""; letterLabel = ""; listKey = "\(p.line)"; index = 0
                }
            case let .numbered(label, title):
                let depth = label.split(separator: ".").count
                if inside && !sectionIsRoman && depth <= sectionDepth { inside = false }
                if !inside {
                    if Self.isTargetsHeading(title) {
                        inside = true; sectionIsRoman = false; sectionDepth = depth; section = p.line
                        year = Self.periodEnd(title) ?? yearFromContext; group = nil; numberLabel = label; letterLabel = ""
                        listKey = "\(p.line)"; index = 0
                    }
                    continue
                }
                letterLabel = ""
                if sectionIsRoman, depth == 1, Self.isNumberedTarget(title) {
                    // "II. MỤC TIÊU CHỦ YẾU" / "1. 100% đội ngũ cán bộ … được bồi dưỡng": numbered targets.
                    items.append(Item(line: p.line, year: year, group: group, codePrefix: "", listKey: listKey, index: Int(label) ?? index + 1, text: title, section: section))
                    continue
                }
                if let y = Outline.yearOfHeading(title) { year = y } else { group = Self.headingGroup(title) }
                numberLabel = label
                listKey = "\(p.line)"; index = 0
            case let .letter(label, title):
                guard inside else { continue }
                if Self.isLetteredTarget(title), !Self.headsList(paragraphs, after: i) {
                    // "b) 100% các nguồn phát sinh khí thải lớn … được quản lý": a target of its own, no list below.
                    let prefix = [numberLabel, label].filter { !$0.isEmpty }.joined(separator: ".")
                    items.append(Item(line: p.line, year: year, group: group, codePrefix: "", listKey: "\(p.line)", index: 0, text: title, section: section, label: prefix))
                    continue
                }
                if let y = Outline.yearOfHeading(title) { year = y } else { group = Self.headingGroup(title) }
                letterLabel = label
                listKey = "\(p.line)"; index = 0
            case let .bullet(_, text):
                guard inside else { continue }
                bodyItems = false
                if Self.isTopicBullet(text), i + 1 < paragraphs.count, case .body = paragraphs[i + 1].mark {
                    // "- Thủy sản" over plain paragraphs (Đồng Tháp): a topic; each paragraph below is a target.
                    if topic == 0 { groupBeforeTopics = group }
                    topic += 1
                    group = Self.headingGroup(text)
                    listKey = "\(p.line)"; index = 0
                    bodyItems = true
                    continue
                }
                if text.hasSuffix(":") {
                    // "- Đến năm 2025:" / "- Về hạ tầng số:" introduce the bullets that follow.
                    if let y = Outline.yearOfHeading(String(text.dropLast())) { year = y } else { group = Self.headingGroup(text) }
                    listKey = "\(p.line)"; index = 0
                    continue
                }
                index += 1
                let prefix = [numberLabel, letterLabel].filter { !$0.isEmpty }.joined(separator: ".")
                items.append(Item(line: p.line, year: year, group: group, codePrefix: prefix, listKey: listKey, index: index, text: text, section: section))
            case let .body(text) where inside && bodyItems:
                index += 1
                let prefix = [numberLabel, letterLabel, String(topic)].filter { !$0.isEmpty }.joined(separator: ".")
                items.append(Item(line: p.line, year: year, group: group, codePrefix: prefix, listKey: listKey, index: index, text: text, section: section))
            case let .body(text):
                // "Chỉ tiêu 3: Tỷ lệ nữ …" written without its dash, among dashed ones.
                guard inside, let colon = text.firstIndex(of: ":"), text.distance(from: text.startIndex, to: colon) <= 14,
                      TextFolding.searchKey(String(text[..<colon])).hasPrefix("chi tieu") else { continue }
                index += 1
                let prefix = [numberLabel, letterLabel].filter { !$0.isEmpty }.joined(separator: ".")
                items.append(Item(line: p.line, year: year, group: group, codePrefix: prefix, listKey: listKey, index: index, text: text, section: section))
            }
        }
        return items
    }

    /// A numbered item that states a target rather than heading a list: a sentence with a figure (`100% …`,
    /// `… đạt 80%`), not ending with a colon.
    static func isNumberedTarget(_ title: String) -> Bool {
        let t = TextFolding.collapseSpaces(title)
        guard t.count >= 30, !t.hasSuffix(":"), Outline.yearOfHeading(t) == nil else { return false }
        return t.contains("%") || t.first?.isNumber == true
    }

    /// A bullet that names a topic, not a target: a few words, no figure, no sentence.
    static func isTopicBullet(_ text: String) -> Bool {
        let t = TextFolding.collapseSpaces(text)
        return !t.isEmpty && t.split(separator: " ").count <= 8 && !t.utf8.contains { $0 >= 48 && $0 <= 57 }
            && !t.hasSuffix(".") && !t.hasSuffix(";")
    }

    /// The last year of the period a targets heading names: "Mục tiêu cụ thể giai đoạn 2026 - 2030" → 2030.
    static func periodEnd(_ title: String) -> Int? {
        let k = TextFolding.searchKey(String(title.prefix(200)))
        if let m = Outline.firstMatch(#"giai doan\s+20\d\d\s*-\s*(20\d\d)"#, in: k) { return Int(m[0]) }
        if let m = Outline.firstMatch(#"(?:den|vao)\s+nam\s+(20\d\d)"#, in: k) { return Int(m[0]) }
        return nil
    }

    /// A lettered item that states a target: a sentence (not a year or a topic heading), not ending with a colon.
    static func isLetteredTarget(_ title: String) -> Bool {
        let t = TextFolding.collapseSpaces(title)
        return t.count >= 40 && !t.hasSuffix(":") && Outline.yearOfHeading(t) == nil
    }

    /// Whether bullets follow the paragraph at `index` (it heads them).
    static func headsList(_ paragraphs: [Paragraph], after index: Int) -> Bool {
        guard index + 1 < paragraphs.count else { return false }
        if case .bullet = paragraphs[index + 1].mark { return true }
        return false
    }

    static func yearInPartTitle(_ title: String) -> Int? {
        let k = TextFolding.searchKey(String(title.prefix(200)))
        guard k.includes("ke hoach nam") || k.includes("noi dung ke hoach") else { return nil }
        return Outline.firstMatch(#"nam (20\d\d)"#, in: k).flatMap { Int($0[0]) }
    }

    static func headingGroup(_ title: String) -> String {
        var t = TextFolding.collapseSpaces(title)
        while let last = t.last, ":.".contains(last) { t.removeLast() }
        return t
    }

    // MARK: - Figures in a bullet

    struct Clause { var text: String; var figure: NumberMatch? }

    /// Splits a bullet into one clause per figure. Separators are `;`, `,` and `và` right before a figure's
    /// clause; a clause without a percentage stays with the clause before it.
    static func clauses(of bullet: String) -> [Clause] {
        var text = TextFolding.collapseSpaces(bullet)
        while let last = text.last, ".;,".contains(last) { text.removeLast() }
        // "Chỉ tiêu 2: …": the document names the indicator itself; one target, whatever figures it holds (its label
        // dropped from the text).
        if let colon = text.firstIndex(of: ":"), text.distance(from: text.startIndex, to: colon) <= 14,
           TextFolding.searchKey(String(text[..<colon])).hasPrefix("chi tieu") {
            let rest = TextFolding.collapseSpaces(String(text[text.index(after: colon)...]))
            return [Clause(text: rest, figure: significantFigures(in: rest).first)]
        }
        let figures = significantFigures(in: text)
        guard figures.count > 1 else { return [Clause(text: text, figure: figures.first)] }
        let chars = Array(text)
        // For each figure after the first, find the separator before it (back to the previous figure).
        var cuts: [Int] = []
        for k in 1..<figures.count {
            let lowerBound = figures[k - 1].range.upperBound
            var start = figures[k].range.lowerBound
            // Include comparator words directly before the figure ("trên 50%", "ít nhất 30%").
            var j = start - 1
            while j > lowerBound, chars[j] != ";" && chars[j] != "," && !isVa(chars, j) { j -= 1 }
            if j <= lowerBound { start = -1 } else {
                start = chars[j] == ";" || chars[j] == "," ? j : j
            }
            if start >= 0 { cuts.append(start) }
        }
        var clauses: [Clause] = []
        var begin = 0
        var figureIndex = 0
        for cut in cuts + [chars.count] {
            var piece = String(chars[begin..<cut])
            piece = trimSeparators(piece)
            clauses.append(Clause(text: piece, figure: significantFigures(in: piece).first))
            figureIndex += 1
            begin = cut
        }
        return clauses
    }

    static func isVa(_ chars: [Character], _ j: Int) -> Bool {
        // " và " starting at j (the space before "và").
        j + 3 < chars.count && chars[j] == " " && chars[j + 1] == "v" && chars[j + 2] == "à" && chars[j + 3] == " "
    }

    static func trimSeparators(_ s: String) -> String {
        var t = TextFolding.collapseSpaces(s)
        while let f = t.first, ",;".contains(f) { t.removeFirst(); t = t.trimmedSpaces }
        if t.hasPrefix("và ") { t = String(t.dropFirst(3)) }
        while let l = t.last, ",;.".contains(l) { t.removeLast(); t = t.trimmedSpaces }
        return t
    }

    /// The figures a target is about: percentages, and numbers after a comparator word (`ít nhất 01`).
    /// Years, list numbers and counts inside names ("mức độ 4", "4 lớp") are not figures.
    static func significantFigures(in text: String) -> [NumberMatch] {
        let cleaned = text
        let all = VietnameseNumber.matches(in: cleaned)
        let chars = Array(cleaned)
        return all.filter { m in
            if m.quantity.isPercent { return true }
            let before = String(chars[max(0, m.range.lowerBound - 14)..<m.range.lowerBound])
            let t = before.trimmedSpaces
            if t.hasSuffix("≥") || t.hasSuffix("≤") || t.hasSuffix(">") || t.hasSuffix("<") { return true }
            let k = " " + TextFolding.searchKey(before)
            return [" toi thieu", " it nhat", " tren", " khong duoi"].contains { k.hasSuffix($0) } && !(m.text.count == 4 && m.text.hasPrefix("20"))
        }
    }

    // MARK: - Indicators

    func merge(_ items: [Item], warnings: inout [ImportWarning]) -> [Indicator] {
        struct Built { var indicator: Indicator; var key: Set<String>; var listKey: String; var position: Int; var years: Set<Int> }
        var built: [Built] = []
        // Items grouped by list, in order, so that parallel lists can be matched by position.
        var listSizes: [String: Int] = [:]
        var figureCounts: [String: Int] = [:]
        for item in items {
            let n = Self.clauses(of: item.text).count
            listSizes[item.listKey, default: 0] += n
            figureCounts[item.listKey + "#\(item.index)"] = n
        }
        var listOrder: [String] = []
        for item in items where !listOrder.contains(item.listKey) { listOrder.append(item.listKey) }

        var positionInList: [String: Int] = [:]
        for item in items {
            let clauses = Self.clauses(of: item.text)
            for (ci, clause) in clauses.enumerated() {
                let position = positionInList[item.listKey, default: 0]
                positionInList[item.listKey] = position + 1
                let value: TargetValue
                let unit: String?
                if let fig = clause.figure {
                    value = TargetParser.parse(clause.text, figure: fig)
                    unit = Self.unit(after: fig, in: clause.text)
                } else {
                    value = TargetValue(comparator: .text, value: nil)
                    unit = nil
                }
                let target = Target(year: item.year, comparator: value.comparator, value: value.value, max: value.max, text: clause.text)
                let name = Self.name(of: clause)
                let key = Self.contentWords(name)
                var code = item.label ?? (item.codePrefix.isEmpty ? "\(item.index)" : "\(item.codePrefix).\(item.index)")
                if clauses.count > 1 { code += item.label == nil ? String(UnicodeScalar(UInt8(97 + min(ci, 25)))) : ".\(ci + 1)" }

                // Find an earlier indicator of another year that measures the same thing.
                var bestIndex: Int? = nil
                var bestScore = 0.0
                if let year = item.year {
                    for (bi, b) in built.enumerated() where !b.years.contains(year) {
                        var score = Self.dice(key, b.key)
                        // Parallel lists are one list's years: the same topic.
                        let parallel = b.indicator.group == item.group && Self.parallelLists(b.listKey, item.listKey, sizes: listSizes, order: listOrder)
                        if parallel && b.position == position { score += 0.35 }
                        if b.indicator.unit != nil && unit != nil && b.indicator.unit != unit { score -= 0.2 }
                        let threshold = parallel && b.position == position ? 0.45 : 0.72
                        if score >= threshold && score > bestScore { bestScore = score; bestIndex = bi }
                    }
                }
                if let bi = bestIndex {
                    built[bi].indicator.targets.append(target)
                    built[bi].years.insert(item.year ?? 0)
                } else {
                    let indicator = Indicator(code: code, group: item.group, name: name, unit: unit, targets: [target], line: item.line)
                    built.append(Built(indicator: indicator, key: key, listKey: item.listKey, position: position,
                                       years: item.year.map { [$0] } ?? []))
                }
            }
        }
        return built.map(\.indicator)
    }

    /// Two lists run in parallel when they have the same number of targets and follow each other under
    /// the same parent (a) 2027 list, b) 2030 list).
    static func parallelLists(_ a: String, _ b: String, sizes: [String: Int], order: [String]) -> Bool {
        guard a != b, let sa = sizes[a], let sb = sizes[b], sa == sb,
              let ia = order.firstIndex(of: a), let ib = order.firstIndex(of: b) else { return false }
        return abs(ia - ib) == 1
    }

    /// The measure's name: the clause without its figure and comparator words.
    static func name(of clause: Clause) -> String {
        guard let fig = clause.figure else { return clause.text }
        let chars = Array(clause.text)
        var before = String(chars[..<fig.range.lowerBound])
        let after = String(chars[fig.range.upperBound...])
        for w in ["Có ≥", "Có", "≥", "≤", ">", "<", "tối thiểu", "Tối thiểu", "ít nhất", "Ít nhất", "trên", "Trên", "đạt", "Phấn đấu", "Phần đầu", "Phân đấu", "phần đầu"] {
            let trimmed = before.trimmedSpaces
            if trimmed.hasSuffix(w) { before = String(trimmed.dropLast(w.count)) }
        }
        var afterText = after
        if fig.quantity.isPercent, afterText.trimmedSpaces.hasPrefix("GRDP") {
            afterText = String(afterText.trimmedSpaces.dropFirst(4))
        }
        var name = TextFolding.collapseSpaces(before + " " + afterText)
        if name.hasPrefix("trở lên ") { name = String(name.dropFirst(8)) }
        name = trimSeparators(name)
        if let f = name.first, f.isLowercase { name = f.uppercased() + name.dropFirst() }
        return name.isEmpty ? clause.text : name
    }

    /// The unit of a figure: `%`, or `% GRDP` when the words after the percentage are GRDP.
    static func unit(after fig: NumberMatch, in text: String) -> String? {
        if fig.quantity.isPercent {
            let rest = TextFolding.collapseSpaces(String(Array(text)[fig.range.upperBound...]))
            if rest.hasPrefix("GRDP") { return "% GRDP" }
            return "%"
        }
        return nil
    }

    static let stopWords: Set<String> = ["cac", "va", "duoc", "cua", "tai", "trong", "dat", "co", "cho", "voi", "the", "nhung", "mot",
                                         "tren", "toi", "thieu", "it", "nhat", "len", "tro", "phan", "dau", "den", "nam", "hoan", "thanh"]

    static func contentWords(_ text: String) -> Set<String> {
        let k = TextFolding.searchKey(text)
        let words = k.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        return Set(words.filter { !stopWords.contains($0) && !($0.allSatisfy(\.isNumber) && $0.count != 1) })
    }

    static func dice(_ a: Set<String>, _ b: Set<String>) -> Double {
        guard !a.isEmpty || !b.isEmpty else { return 0 }
        return 2 * Double(a.intersection(b).count) / Double(a.count + b.count)
    }
}
