import Foundation
import KeHoachCore

/// Reads tasks written inline, the way a Government conclusions notice (thông báo kết luận) assigns them in its
/// section of tasks ("III. NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM"):
///
/// ```
/// 3. Khẩn trương xây dựng … chiến lược dữ liệu: (1) Thanh tra Chính phủ ban hành trước ngày 25 tháng 11 năm
///    2025; (2) Bộ Công an chủ trì, phối hợp các bộ … hoàn thành việc ban hành hướng dẫn trước ngày …
/// a) Bộ Khoa học và Công nghệ: (1) trình Thủ tướng Chính phủ …, hoàn thành trong tháng 11 năm 2025; (2) chủ trì …
/// c) Văn phòng Chính phủ chủ trì tham mưu sửa đổi, bổ sung Nghị định …, hoàn thành trong tháng 12 năm 2025.
/// ```
///
/// Each "(n)" is a task, its lead the body it opens with or the body the lettered item names before its colon; a
/// numbered item with text after its heading's colon and a lettered item with a body are one task each. The
/// deadline is the last time the task's text names ("hoàn thành trước ngày 10 tháng 12 năm 2025", "trong tháng
/// 12 năm 2025", "nhiệm vụ thường xuyên"). A section is read so only when it writes tasks this way (at least two
/// items numbering their tasks "(1) … (2)"): narrative sections of other plans are left to the other readers.
struct InlineTaskReader {
    func read(_ paragraphs: [Paragraph], warnings: inout [ImportWarning]) -> [PlanTask] {
        var tasks: [PlanTask] = []
        var numeral: String? = nil
        var item: (code: String, title: String)? = nil
        var section: [Paragraph] = []
        func flush() {
            defer { section = [] }
            // An item's text goes on in the body paragraphs below it (a line wrapped before a capital letter).
            var items: [(mark: LineMark, line: Int)] = []
            for p in section {
                switch p.mark {
                case .numbered, .letter: items.append((p.mark, p.line))
                case let .body(text):
                    // Only a sentence left open goes on; text after a full stop is another paragraph (the closing
                    // formula, an appendix's heading).
                    guard let last = items.last, let t = last.mark.title, let end = t.last, !".!?".contains(end) else { continue }
                    switch last.mark {
                    case let .numbered(label, t): items[items.count - 1].mark = .numbered(label: label, title: Paragraphs.join(t, text))
                    case let .letter(label, t): items[items.count - 1].mark = .letter(label: label, title: Paragraphs.join(t, text))
                    default: break
                    }
                default: continue
                }
            }
            guard let n = numeral, items.filter({ Self.segments($0.mark.title ?? "").count >= 2 }).count >= 2 else { return }
            item = nil
            for p in items {
                switch p.mark {
                case let .numbered(label, text):
                    let (heading, body) = Self.headingAndBody(text)
                    item = ("\(n).\(label)", heading)
                    guard let body else { continue }
                    add(code: "\(n).\(label)", body: body, lead: nil, group: heading, line: p.line)
                case let .letter(label, text):
                    guard let parent = item else { continue }
                    let named = Self.namedBody(text)
                    add(code: "\(parent.code).\(label)", body: named?.rest ?? text, lead: named?.body, group: parent.title, line: p.line)
                default: continue
                }
            }
        }
        func add(code: String, body: String, lead: String?, group: String, line: Int) {
            let parts = Self.segments(body)
            for (k, part) in parts.enumerated() {
                let name = NarrativeTaskReader.trimEnd(part)
                guard !name.isEmpty else { continue }
                // One body, as the sentence names it ("Các bộ, ngành, địa phương" together).
                let leads = (lead ?? Self.lead(of: name)).map { [$0] } ?? []
                if leads.isEmpty {
                    warnings.append(ImportWarning(line: line, text: name, reason: "nhiệm vụ không có cơ quan chủ trì"))
                }
                let deadline = Self.deadline(in: name)
                tasks.append(PlanTask(code: parts.count > 1 ? "\(code).\(k + 1)" : code, group: group, name: Self.capitalized(name),
                                      leadAgencies: leads, partnerAgencies: [], product: nil, deadline: deadline, line: line))
            }
        }
        for p in paragraphs {
            if case let .roman(label, title) = p.mark {
                flush()
                let k = TextFolding.searchKey(String(title.prefix(200)))
                numeral = k.includes("nhiem vu") && !k.includes("to chuc thuc hien") ? label : nil
                continue
            }
            if numeral != nil { section.append(p) }
        }
        flush()
        return tasks
    }

    /// The text cut at its markers "(1)", "(2)", … numbering in order; the whole text when it has no such markers.
    static func segments(_ text: String) -> [String] {
        let marks = RegexCache.shared.allMatches(#"(\((\d{1,2})\)\s)"#, in: text)
        guard marks.count >= 2 else { return [text] }
        var out: [String] = []
        var rest = Substring(text)
        var expected = 1
        while let r = rest.range(of: "(\(expected)) ") {
            // Text before "(1)" is the item's own introduction ("các bộ, ngành, địa phương tập trung:"), not a task.
            if expected > 1 { out.append(String(rest[..<r.lowerBound])) }
            rest = rest[r.upperBound...]
            expected += 1
        }
        guard expected > 2 else { return [text] }
        out.append(String(rest))
        return out.map { $0.trimmedSpaces }
    }

    /// "Khẩn trương xây dựng …: (1) …" → the heading and the text after its colon; a heading alone gives no body.
    static func headingAndBody(_ text: String) -> (String, String?) {
        guard let colon = text.firstIndex(of: ":"), text.distance(from: text.startIndex, to: colon) <= 240 else {
            return (NarrativeTaskReader.trimEnd(text), nil)
        }
        let body = text[text.index(after: colon)...].trimmingCharacters(in: CharacterSet(charactersIn: " *"))
        return (NarrativeTaskReader.trimEnd(String(text[..<colon])), body.isEmpty ? nil : body)
    }

    /// "Bộ Khoa học và Công nghệ: (1) trình …" → the body and its tasks; nil when the text before the colon names no body.
    static func namedBody(_ text: String) -> (body: String, rest: String)? {
        guard let colon = text.firstIndex(of: ":"), text.distance(from: text.startIndex, to: colon) <= 120 else { return nil }
        let body = text[..<colon].trimmedSpaces
        guard AgencyNames.startsAgency(body, columnStart: true) || Self.governmentBody(at: body) != nil else { return nil }
        return (body, text[text.index(after: colon)...].trimmedSpaces)
    }

    /// The body a task's sentence opens with: "Bộ Công an chủ trì, …" (before "chủ trì"), a ministry or agency the
    /// Government lists ("Thanh tra Chính phủ ban hành …", "Ngân hàng Nhà nước Việt Nam và …"), or the bodies
    /// addressed together ("Các bộ, ngành, địa phương …").
    static func lead(of sentence: String) -> String? {
        if let r = sentence.range(of: " chủ trì"), sentence.distance(from: sentence.startIndex, to: r.lowerBound) <= 120 {
            let before = String(sentence[..<r.lowerBound])
            if AgencyNames.startsAgency(before, columnStart: true) { return before }
        }
        if let body = governmentBody(at: sentence) { return body }
        // A body's name ends where the sentence's verb, in lower case, begins ("Sở Tư pháp rà soát …"; the capital of
        // "Sở Xây dựng" keeps the name whole).
        if AgencyNames.startsAgency(sentence, columnStart: true), !sentence.hasPrefix("Các ") && !sentence.hasPrefix("các ") {
            let head = String(sentence.prefix(120))
            let cut = verbs.compactMap { head.range(of: " \($0) ")?.lowerBound }.min()
            if let cut { return String(head[..<cut]) }
        }
        if let m = RegexCache.shared.firstMatch(#"^([Cc]ác (?:bộ|cơ quan)(?:, (?:ngành|cơ quan|địa phương))*)\b"#, in: sentence) {
            return m[0].prefix(1).uppercased() + m[0].dropFirst()
        }
        return nil
    }

    /// Verbs a task's sentence goes on with after the body's name.
    static let verbs = ["rà soát", "xây dựng", "ban hành", "triển khai", "tham mưu", "thực hiện", "tổ chức", "hướng dẫn", "trình",
                        "phối hợp", "khẩn trương", "tiếp tục", "chỉ đạo", "nghiên cứu", "đôn đốc", "bố trí", "hoàn thành", "cập nhật",
                        "đẩy mạnh", "kiểm tra", "báo cáo", "theo dõi", "quyết liệt", "căn cứ", "tập trung", "chủ động", "đề xuất",
                        "vận hành", "số hóa", "bảo đảm", "đảm bảo", "phát triển", "nâng cấp", "thành lập", "sửa đổi"]

    /// The longest ministry or agency of the Government's list the text opens with ("Thanh tra Chính phủ").
    static func governmentBody(at text: String) -> String? {
        var best: String? = nil
        for body in Government.ministries + Government.agencies {
            for name in [body.name] + body.aliases where (text == name || text.hasPrefix(name + " ")) && name.count > (best?.count ?? 0) { best = name }
        }
        return best
    }

    /// The last time a task's text names, as a deadline; "nhiệm vụ thường xuyên" is ongoing; nil when it names none.
    static func deadline(in text: String) -> Deadline? {
        let times = RegexCache.shared.allMatches(
            #"((?:trước|trong) (?:ngày \d{1,2} tháng \d{1,2}|tháng \d{1,2}|năm) năm 20\d\d|(?:trước|trong) ngày \d{1,2}/\d{1,2}/20\d\d|trong năm 20\d\d)"#,
            in: text)
        if let last = times.last {
            let d = DeadlineParser.parse(last[0])
            if d.kind != .unknown { return d }
        }
        if TextFolding.searchKey(text).includes("nhiem vu thuong xuyen") { return DeadlineParser.parse("Thường xuyên") }
        return nil
    }

    static func capitalized(_ s: String) -> String {
        guard let f = s.first, f.isLowercase else { return s }
        return f.uppercased() + s.dropFirst()
    }
}
