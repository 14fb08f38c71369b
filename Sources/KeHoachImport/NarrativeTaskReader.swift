import Foundation
import KeHoachCore

/// Reads tasks written as numbered sections with labelled fields (seed 000):
///
/// ```
/// III. NHIỆM VỤ VÀ GIẢI PHÁP
/// 1. Tổ chức tuyên truyền, phổ biến nâng cao nhận thức
/// Tổ chức hội nghị, hội thảo …
/// - Cơ quan chủ trì: Sở Khoa học và Công nghệ.
/// - Cơ quan phối hợp: Sở Tư pháp; …
/// - Thời gian thực hiện: Năm 2026 và các năm tiếp theo.
/// ```
///
/// A numbered section is a task when it has a lead-agency field; its code is the section numeral and its
/// number (`III.1`, `III.8.1`).
struct NarrativeTaskReader {
    enum Field { case lead, partners, deadline, product, content }

    static func field(_ text: String) -> (Field, String)? {
        // A label is short: its colon within the first 60 characters (at most 240 bytes), found on the bytes.
        guard let colon = text.utf8.prefix(240).firstIndex(of: 0x3A) else {
            guard text.utf8.count >= 17, text.utf8.first.map({ $0 == 0x4E || $0 == 0x6E }) == true else { return nil } // "N"/"n"
            let k = TextFolding.searchKey(String(text.prefix(30)))
            if k.hasPrefix("noi dung thuc hien") { return (.content, "") }
            return nil
        }
        guard text.distance(from: text.startIndex, to: colon) < 60 else { return nil }
        let label = TextFolding.searchKey(String(text[..<colon]))
        let value = TextFolding.collapseSpaces(String(text[text.index(after: colon)...]))
        guard label.split(separator: " ").count <= 8 else { return nil }
        if label.includes("chu tri") { return (.lead, value) }
        if label.includes("phoi hop") { return (.partners, value) }
        // "Cơ quan thực hiện", "Đơn vị thực hiện": the body that carries the task out leads it.
        if label.hasSuffix("thuc hien"), label.hasPrefix("co quan") || label.hasPrefix("don vi") { return (.lead, value) }
        if label.includes("thoi gian") || label.includes("thoi han") || label.includes("tien do") { return (.deadline, value) }
        if label.includes("san pham") || label.hasPrefix("ket qua") { return (.product, value) }
        if label.hasPrefix("noi dung") { return (.content, value) }
        return nil
    }

    func read(_ paragraphs: [Paragraph], warnings: inout [ImportWarning]) -> [PlanTask] {
        struct Open {
            var code: String; var label: String; var title: String; var group: String?; var line: Int
            var lead = ""; var partners = ""; var deadline = ""; var product = ""; var content: [String] = []
            /// "Thời gian thực hiện:" with nothing after it: the dates come in the "+" items below, one per actor.
            var awaitingDeadline = false
            /// "Cơ quan thực hiện:" with nothing after it: the bodies come in the "+" items below.
            var awaitingLead = false
            var stepDeadlines: [Deadline] = []
            /// A bullet of a section that assigns tasks by body: a task even when no body leads it (warned).
            var bodyTask = false
        }
        var tasks: [PlanTask] = []
        var inside = false
        var numeral = ""
        var sectionTitle: String? = nil
        var titles: [String: String] = [:]
        var current: Open? = nil
        var lastNumbered: Open? = nil

        func close() {
            guard let c = current else { return }
            current = nil
            guard !c.lead.isEmpty || c.bodyTask else { return }
            if c.lead.isEmpty {
                warnings.append(ImportWarning(line: c.line, text: c.title, reason: "nhiệm vụ không có cơ quan chủ trì"))
            }
            var deadline = c.deadline.isEmpty ? nil : DeadlineParser.parse(Self.trimEnd(c.deadline))
            if deadline == nil, let last = c.stepDeadlines.max(by: { ($0.due?.description ?? "") < ($1.due?.description ?? "") }) {
                deadline = last // the task is done when its last step is
            }
            if let d = deadline, d.kind == .unknown {
                warnings.append(ImportWarning(line: c.line, text: d.text, reason: "không đọc được thời hạn"))
            }
            // "Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành …": lead and partners in one sentence.
            let (lead, partners) = Self.leadSentence(c.lead, partners: c.partners)
            var task = PlanTask(code: c.code, group: c.group, name: c.title, leadAgencies: AgencyNames.split(lead),
                                partnerAgencies: AgencyNames.split(partners), product: c.product.isEmpty ? nil : Self.trimEnd(c.product),
                                deadline: deadline, line: c.line)
            task.description = c.content.isEmpty ? nil : c.content.joined(separator: "\n")
            tasks.append(task)
        }

        var subtasks: [String: Int] = [:]
        let assigning = Self.sectionsAssigningByBody(paragraphs)
        var byBody = false
        // In such a section: the heading the bullets below belong to (a body's letter or a numbered item).
        var assignee: (code: String, body: String?, title: String)? = nil
        for (index, p) in paragraphs.enumerated() {
            switch p.mark {
            case let .roman(label, title):
                close()
                byBody = assigning.contains(index)
                assignee = nil
                let k = TextFolding.searchKey(String(title.prefix(200)))
                // Tasks sit under "NHIỆM VỤ …" or, in Government plans, "NỘI DUNG" (Nội dung kế hoạch).
                inside = k.includes("nhiem vu") || k.hasPrefix("noi dung")
                numeral = label.replacingOccurrences(of: "Phần ", with: "")
                sectionTitle = title
                titles = [:]
            case let .numbered(label, title):
                guard inside else { continue }
                close()
                titles[label] = title
                let parentLabel = label.split(separator: ".").dropLast().joined(separator: ".")
                let group = parentLabel.isEmpty ? sectionTitle : (titles[parentLabel] ?? sectionTitle)
                current = Open(code: "\(numeral).\(label)", label: label, title: Self.trimEnd(title), group: group, line: p.line)
                lastNumbered = current
                if byBody { assignee = ("\(numeral).\(label)", nil, Self.trimEnd(title)) }
            case let .bullet(_, text) where inside && byBody && assignee != nil && Self.field(text) == nil && (current.map { $0.lead.isEmpty || $0.bodyTask } ?? true):
                // A section that assigns tasks by body (Đảng đoàn Quốc hội: "a) Tổ đảng ở Thường trực Ủy ban …" then
                // bullets): each bullet is a task of the body it stands under, coded under that heading.
                close()
                guard let a = assignee else { continue }
                subtasks[a.code, default: 0] += 1
                current = Open(code: "\(a.code).\(subtasks[a.code]!)", label: "", title: Self.trimEnd(text), group: a.title, line: p.line)
                current?.lead = a.body ?? ""
                current?.bodyTask = true
            case let .bullet("-", text) where inside && lastNumbered != nil && Self.field(text) == nil && Self.headsSubtask(paragraphs, after: index):
                // A "-" item whose fields follow as "+" items (a decree among several under "5. Xây dựng Nghị định"):
                // a task of its own, coded under its numbered parent.
                if current != nil && current?.lead.isEmpty == false { close() } else { current = nil }
                guard let parent = lastNumbered else { continue }
                subtasks[parent.code, default: 0] += 1
                current = Open(code: "\(parent.code).\(subtasks[parent.code]!)", label: "", title: Self.trimEnd(text), group: parent.title, line: p.line)
            case let .bullet(_, text), let .body(text):
                guard inside, current != nil else { continue }
                if let (field, value) = Self.field(text) {
                    current?.awaitingDeadline = false
                    current?.awaitingLead = false
                    switch field {
                    case .lead: current?.lead = value; current?.awaitingLead = value.isEmpty
                    case .partners: current?.partners = value
                    case .deadline: current?.deadline = value; current?.awaitingDeadline = value.isEmpty
                    case .product: current?.product = value
                    case .content: if !value.isEmpty { current?.content.append(value) }
                    }
                } else if current?.awaitingLead == true, case .bullet("+", _) = p.mark {
                    let sofar = current?.lead ?? ""
                    current?.lead = sofar.isEmpty ? text : sofar + "\n" + text
                } else if let c = current, !c.awaitingDeadline, !c.lead.isEmpty, !c.deadline.isEmpty, let parent = lastNumbered {
                    // Text again after a task's fields, under the same numbered item: the item holds several tasks,
                    // each its text then its fields (Bắc Ninh: "- Tổ chức tập huấn …" / "Đơn vị chủ trì: …" /
                    // "Thời gian thực hiện: …"). Each is coded under the item; the first, read as the item itself,
                    // is renamed after its own text.
                    close()
                    let n = subtasks[parent.code, default: 0] + 1
                    if n == 1, let last = tasks.indices.last, tasks[last].code == parent.code {
                        tasks[last].code = parent.code + ".1"
                        if let first = c.content.first { tasks[last].name = Self.trimEnd(first) }
                        tasks[last].group = parent.title
                        tasks[last].description = c.content.dropFirst().isEmpty ? nil : c.content.dropFirst().joined(separator: "\n")
                    }
                    subtasks[parent.code] = n == 1 ? 2 : n
                    current = Open(code: "\(parent.code).\(subtasks[parent.code]!)", label: "", title: Self.trimEnd(text), group: parent.title, line: p.line)
                } else {
                    if current?.awaitingDeadline == true, case let d = DeadlineParser.parse(text), d.kind == .date {
                        current?.stepDeadlines.append(d)
                    }
                    current?.content.append(text)
                }
            case let .letter(label, title) where inside && byBody && Self.namesBody(title):
                close()
                let parent = lastNumbered?.code ?? numeral
                assignee = ("\(parent).\(label)", Self.trimEnd(title), Self.trimEnd(title))
            case let .letter(label, title):
                // a), b) items under a numbered section: tasks of their own when they carry fields.
                guard inside, let parent = lastNumbered else { continue }
                if current != nil && current?.lead.isEmpty == false { close() } else { current = nil }
                current = Open(code: "\(parent.code).\(label)", label: label, title: Self.trimEnd(title), group: parent.title, line: p.line)
            }
        }
        close()
        return tasks
    }

    /// Whether a heading names a body rather than a topic: "Tổ đảng ở Thường trực Ủy ban Kinh tế", "Lãnh đạo Ban
    /// Dân nguyện", "Các Đoàn đại biểu Quốc hội" (short, no sentence, begins as an agency's name does).
    static func namesBody(_ title: String) -> Bool {
        let t = trimEnd(title)
        guard !t.isEmpty, t.split(separator: " ").count <= 20, !t.includes(":") else { return false }
        var name = Substring(t)
        for office in ["Lãnh đạo ", "Thường trực "] where name.hasPrefix(office) { name = name.dropFirst(office.count) }
        return AgencyNames.startsAgency(name, columnStart: true)
    }

    /// The task sections (their roman headings' indices) that assign tasks by body: at least two lettered headings
    /// naming bodies, each followed by bullets without fields.
    static func sectionsAssigningByBody(_ paragraphs: [Paragraph]) -> Set<Int> {
        var out: Set<Int> = []
        var section: Int? = nil
        var bodies = 0
        for (i, p) in paragraphs.enumerated() {
            switch p.mark {
            case .roman:
                if let s = section, bodies >= 2 { out.insert(s) }
                section = i; bodies = 0
            case let .letter(_, title):
                if namesBody(title), i + 1 < paragraphs.count, case let .bullet(_, text) = paragraphs[i + 1].mark, field(text) == nil { bodies += 1 }
            default: break
            }
        }
        if let s = section, bodies >= 2 { out.insert(s) }
        return out
    }

    /// Splits "X chủ trì, phối hợp với Y" (one sentence per line when several bodies lead parts of the task).
    static func leadSentence(_ lead: String, partners: String) -> (String, String) {
        var leads: [String] = [], others: [String] = partners.isEmpty ? [] : [partners]
        for line in lead.split(separator: "\n") {
            let text = String(line)
            guard let r = text.range(of: " chủ trì") ?? text.range(of: " chủ\u{00A0}trì") else { leads.append(text); continue }
            leads.append(String(text[..<r.lowerBound]))
            let rest = text[r.upperBound...].drop(while: { $0 == "," || $0 == " " || $0 == ";" })
            if rest.hasPrefix("phối hợp với ") { others.append(String(rest.dropFirst("phối hợp với ".count))) }
            else if rest.hasPrefix("phối hợp ") { others.append(String(rest.dropFirst("phối hợp ".count))) }
        }
        return (leads.joined(separator: "; "), others.joined(separator: "; "))
    }

    /// Whether the paragraph after `index` is a "+" item holding a field (`+ Cơ quan chủ trì: …`).
    static func headsSubtask(_ paragraphs: [Paragraph], after index: Int) -> Bool {
        guard index + 1 < paragraphs.count, case let .bullet("+", text) = paragraphs[index + 1].mark else { return false }
        return field(text) != nil
    }

    static func trimEnd(_ s: String) -> String {
        var t = TextFolding.collapseSpaces(s)
        while let l = t.last, ".;".contains(l) { t.removeLast() }
        return t
    }
}
