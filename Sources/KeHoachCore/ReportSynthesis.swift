import Foundation

/// How a clerk turns many agencies' statements into a report's sentences: the same words from many agencies are
/// stated once with who said them; documents given as evidence are counted by kind and listed once in a footnote;
/// agencies are named compactly. One set of rules for the consolidated report, the province's report across plans and
/// an agency's own report.
public enum ReportSynthesis {
    typealias Block = AdministrativeDocument.Block

    // MARK: - Agencies, named compactly

    public struct Names: Sendable {
        public var agencies: [Agency.ID: Agency]
        public init(_ agencies: [Agency.ID: Agency]) { self.agencies = agencies }

        public func name(_ id: Agency.ID) -> String { agencies[id]?.name ?? "#\(id)" }

        /// `Sở Nội vụ, Sở Tài chính và Sở Y tế; 84 UBND xã, phường`: communes counted when there are more than three,
        /// other bodies named (the first three and how many others when there are more than four).
        public func phrase(_ ids: some Sequence<Agency.ID>) -> String {
            let unique = Set(ids)
            let sorted = unique.map(name).sorted { TextFolding.searchKey($0) < TextFolding.searchKey($1) }
            let communes = unique.filter { agencies[$0]?.kind == .commune }.map(name)
                .sorted { TextFolding.searchKey($0) < TextFolding.searchKey($1) }
            let others = sorted.filter { !communes.contains($0) }
            var parts: [String] = []
            if others.count > 4 { parts.append(others.prefix(3).joined(separator: ", ") + " và \(others.count - 3) cơ quan khác") }
            else if !others.isEmpty { parts.append(ReportSynthesis.list(others)) }
            if communes.count > 3 { parts.append("\(communes.count) UBND xã, phường") }
            else if !communes.isEmpty { parts.append(ReportSynthesis.list(communes)) }
            return parts.joined(separator: "; ")
        }
    }

    /// `A`, `A và B`, `A, B và C`.
    public static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " và " + items.last!
    }

    static func count(_ n: Int) -> String { VietnameseNumber.display(Double(n), decimals: 0) }

    /// `Đã hoàn thành.` → `đã hoàn thành` (to follow a colon), keeping capitals that start a name (`UBND`, `Sở`).
    static func lowerFirst(_ s: String) -> String {
        let t = trimmedStatement(s)
        guard let first = t.first, t.count > 1 else { return t }
        let second = t[t.index(after: t.startIndex)]
        if second.isUppercase { return t }   // an abbreviation: UBND, CNTT
        return first.lowercased() + t.dropFirst()
    }

    static func upperFirst(_ s: String) -> String {
        let t = trimmedStatement(s)
        return t.prefix(1).uppercased() + t.dropFirst()
    }

    /// A statement without the list marks and the final stop it was written with.
    static func trimmedStatement(_ s: String) -> String {
        var t = TextFolding.collapseSpaces(s).trimmingCharacters(in: .whitespaces)
        while let f = t.first, "-+•*–".contains(f) { t = String(t.dropFirst()).trimmingCharacters(in: .whitespaces) }
        while let l = t.last, ".;,".contains(l) { t = String(t.dropLast()).trimmingCharacters(in: .whitespaces) }
        return t
    }

    // MARK: - Statements merged

    /// Statements of several agencies that say the same thing, stated once: the words most of them used, who said
    /// them, and what they were about (task codes, in the order first met).
    public struct Merged: Sendable, Hashable {
        public var text: String
        public var agencies: [Agency.ID]
        public var about: [String]
        public var count: Int
    }

    /// One statement: its words, who made it, and what it is about.
    public struct Statement: Sendable, Hashable {
        public var text: String
        public var agency: Agency.ID
        public var about: String?
        public init(text: String, agency: Agency.ID, about: String? = nil) { self.text = text; self.agency = agency; self.about = about }
    }

    struct Key: Hashable {
        var words: Set<String>
        var numbers: Set<String>
    }

    static func key(_ text: String) -> Key {
        let folded = TextFolding.searchKey(text)
        let words = folded.split { !$0.isLetter && !$0.isNumber }.map(String.init)
        return Key(words: Set(words.filter { !$0.contains(where: \.isNumber) }), numbers: Set(words.filter { $0.contains(where: \.isNumber) }))
    }

    /// Near-identical: the same figures, and at least three quarters of the words in common (`Chờ hướng dẫn của Bộ
    /// Khoa học và Công nghệ` and `Chờ văn bản hướng dẫn của Bộ Khoa học và Công nghệ.`).
    static func near(_ a: Key, _ b: Key) -> Bool {
        guard a.numbers == b.numbers else { return false }
        if a.words == b.words { return true }
        guard a.words.count >= 3, b.words.count >= 3 else { return false }
        let common = a.words.intersection(b.words).count
        return Double(common) / Double(a.words.union(b.words).count) >= 0.75
    }

    /// Merges identical and near-identical statements; the most often stated first.
    public static func merge(_ statements: [Statement]) -> [Merged] {
        struct Cluster { var key: Key; var variants: [String: Int]; var order: [String]; var agencies: [Agency.ID]; var seen: Set<Agency.ID>; var about: [String]; var aboutSeen: Set<String>; var count: Int; var first: Int }
        var clusters: [Cluster] = []
        var exact: [String: Int] = [:]
        for (n, s) in statements.enumerated() {
            let text = trimmedStatement(s.text)
            guard !text.isEmpty else { continue }
            let folded = TextFolding.searchKey(text)
            var index = exact[folded]
            if index == nil {
                let k = key(text)
                index = clusters.firstIndex { near($0.key, k) }
                if index == nil {
                    clusters.append(Cluster(key: k, variants: [:], order: [], agencies: [], seen: [], about: [], aboutSeen: [], count: 0, first: n))
                    index = clusters.count - 1
                }
                exact[folded] = index
            }
            let i = index!
            if clusters[i].variants[text] == nil { clusters[i].order.append(text) }
            clusters[i].variants[text, default: 0] += 1
            clusters[i].count += 1
            if clusters[i].seen.insert(s.agency).inserted { clusters[i].agencies.append(s.agency) }
            if let a = s.about, clusters[i].aboutSeen.insert(a).inserted { clusters[i].about.append(a) }
        }
        return clusters.sorted { ($0.agencies.count, -$0.first) > ($1.agencies.count, -$1.first) }.map { c in
            let text = c.order.max { c.variants[$0]! < c.variants[$1]! || (c.variants[$0]! == c.variants[$1]! && $0.count < $1.count) } ?? ""
            return Merged(text: text, agencies: c.agencies, about: c.about, count: c.count)
        }
    }

    /// The statements in a free text: one a line, or one a sentence.
    public static func sentences(_ text: String) -> [String] {
        var out: [String] = []
        for line in text.split(whereSeparator: \.isNewline) {
            var current = ""
            let chars = Array(line)
            for (i, c) in chars.enumerated() {
                current.append(c)
                // A stop followed by a space and a capital ends a sentence (not "5.2" nor "TP. Lai Châu").
                if (c == "." || c == ";"), i + 2 < chars.count, chars[i + 1] == " ", chars[i + 2].isUppercase,
                   current.trimmingCharacters(in: .whitespaces).count > 12 {
                    out.append(current); current = ""
                }
            }
            out.append(current)
        }
        return out.map(trimmedStatement).filter { !$0.isEmpty }
    }

    // MARK: - Evidence

    /// A document an agency gave as evidence of a task.
    public struct Evidence: Sendable, Hashable {
        public var reference: DocumentReference
        public var agency: Agency.ID
        public init(reference: DocumentReference, agency: Agency.ID) { self.reference = reference; self.agency = agency }

        /// One document however often it is cited: by kind, number, symbol and year when they were read, else by its words.
        var identity: String {
            let r = reference
            if let n = r.number { return [kind, n, r.symbol ?? "", r.date.map { "\($0.year)" } ?? ""].joined(separator: "|") }
            return TextFolding.searchKey(r.text)
        }

        /// `kế hoạch`, `quyết định`, … (`văn bản` when the kind was not read).
        public var kind: String { (reference.type ?? "Văn bản").lowercased() }

        /// `Kế hoạch số 85/KH-UBND ngày 15/03/2026 (Sở Khoa học và Công nghệ)`: the document as read, and in brackets the
        /// agency that reported it (who issued it is in its symbol: a department often reports the committee's plan).
        func citation(_ names: Names) -> String {
            let r = reference
            guard let number = r.number else { return "\(trimmedStatement(r.text)) (\(names.name(agency)))" }
            return (r.type ?? "Văn bản") + " số \(number)\(r.symbol.map { "/\($0)" } ?? "")" + (r.date.map { " ngày \($0.vietnamese)" } ?? "")
                + " (\(names.name(agency)))"
        }
    }

    /// The distinct documents, in the order of their kind's count, then by date.
    public static func distinct(_ items: [Evidence]) -> [Evidence] {
        var seen = Set<String>()
        return items.filter { seen.insert($0.identity).inserted }
    }

    /// `3 kế hoạch, 2 quyết định và 1 công văn[Chú thích: Kế hoạch số …; …]`: the documents counted by kind, each
    /// listed once in the footnote; nil when there are none.
    public static func evidencePhrase(_ items: [Evidence], names: Names) -> String? {
        let docs = distinct(items)
        guard !docs.isEmpty else { return nil }
        var counts: [String: Int] = [:], order: [String] = []
        for d in docs { if counts[d.kind] == nil { order.append(d.kind) }; counts[d.kind, default: 0] += 1 }
        let kinds = order.sorted { counts[$0]! > counts[$1]! }
        let phrase = list(kinds.map { "\(count(counts[$0]!)) \($0)" })
        let listed = kinds.flatMap { k in
            docs.filter { $0.kind == k }.sorted { a, b in
                // Undated documents first, then by day, then by their words.
                switch (a.reference.date, b.reference.date) {
                case let (x?, y?) where x != y: return x < y
                case (nil, _?): return true
                case (_?, nil): return false
                default: return a.reference.text < b.reference.text
                }
            }
        }
        return phrase + AdministrativeDocument.Inline.note(listed.map { $0.citation(names) }.joined(separator: "; ") + ".")
    }

    // MARK: - Numbers and values

    /// A value as a sentence says it: `80,4%`, `hạng 16`, `có` / `chưa có` for a yes/no target, `12 hệ thống`.
    static func value(_ x: Double, unit: String?, target: Target? = nil) -> String {
        if target?.comparator == .yes { return x >= 1 ? "có" : "chưa có" }
        let kind = UnitKind.of(unit)
        if kind == .rank { return "hạng \(IndicatorEvaluator.format(x.rounded()))" }
        let v = IndicatorEvaluator.format(kind == .percentage ? min(max(x, 0), 100) : x)
        if kind == .percentage { return v + "%" }
        guard let u = unit?.trimmedSpaces, !u.isEmpty else { return v }
        return "\(v) \(u)"
    }

    static func target(_ t: Target?) -> String? {
        guard let t else { return nil }
        return "mục tiêu\(t.year.map { " năm \($0)" } ?? ""): \(t.text)"
    }

    /// `I. Hoàn thiện thể chế` → `Hoàn thiện thể chế`: a group keeps the plan's words, the report numbers it.
    public static func groupName(_ g: String?) -> String {
        let t = (g ?? "").trimmedSpaces
        guard !t.isEmpty else { return "Các nhiệm vụ khác" }
        let stripped = t.replacingOccurrences(of: #"^(?:[IVXLC]+|\d+(?:\.\d+)*|[A-Za-z])[.)]\s+"#, with: "", options: .regularExpression)
        return stripped.isEmpty ? t : stripped
    }

    /// The codes of a run of tasks: `1.1–1.12` when consecutive in the plan, else listed.
    /// `1.1–1.12, 9.1–9.4`: runs of codes that follow each other (same prefix, numbers one apart) as ranges.
    public static func codes(_ list: [String]) -> String {
        func split(_ c: String) -> (String, Int)? {
            let digits = c.reversed().prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count < 6, let n = Int(String(digits.reversed())) else { return nil }
            return (String(c.dropLast(digits.count)), n)
        }
        var parts: [String] = []
        var run: [String] = []
        func flush() {
            if run.count >= 3 { parts.append("\(run.first!)–\(run.last!)") } else { parts += run }
            run = []
        }
        for c in list {
            if let last = run.last, let a = split(last), let b = split(c), a.0 == b.0, b.1 == a.1 + 1 { run.append(c) } else { flush(); run = [c] }
        }
        flush()
        return parts.joined(separator: ", ")
    }

    // MARK: - Indicators

    /// Section I in sentences: the indicators counted by status, then each status's indicators with their value,
    /// the year's target and, at risk, where the trend leads.
    public static func indicatorBlocks(_ p: PlanEvaluation, asOf: CivilDate, lead: String = "Kế hoạch") -> [AdministrativeDocument.Block] {
        let rows = p.indicators.compactMap { i in p.indicatorResults[i.id].map { (i, $0) } }
        guard !rows.isEmpty else { return [.paragraph("\(lead) không có chỉ tiêu định lượng.")] }
        var by: [IndicatorStatus: [(StoredIndicator, IndicatorEvaluation)]] = [:]
        for r in rows { by[r.1.status, default: []].append(r) }
        let order: [IndicatorStatus] = [.achieved, .onTrack, .atRisk, .missed, .noData]
        let counts = order.filter { by[$0] != nil }.map { "\(count(by[$0]!.count)) \($0.label.lowercased())" }
        var blocks: [Block] = [.paragraph("\(lead) có \(count(rows.count)) chỉ tiêu; đến ngày \(asOf.vietnamese): \(list(counts)).")]
        var bullets: [String] = []
        for status in order {
            guard let list = by[status] else { continue }
            let items = list.map { i, r -> String in
                let name = trimmedStatement(i.indicator.name)
                if status == .noData { return name }
                var facts: [String] = []
                if r.judged == nil, let b = i.indicator.baseline {
                    // Judged on the plan's baseline (already at the target before any report).
                    facts.append("kết quả\(b.year.map { " năm \($0)" } ?? " ban đầu"): \(b.text)")
                }
                if let v = r.judged { facts.append("\(r.target?.comparator == .yes ? "kết quả" : "đạt") \(value(v.value, unit: i.indicator.unit, target: r.target)) (\(v.period.label))") }
                if let t = target(r.target) { facts.append(t) }
                if status == .atRisk || status == .onTrack, let pr = r.projection, pr.points >= 2, r.target?.comparator != .yes {
                    facts.append("theo xu hướng dự kiến đạt \(value(pr.value, unit: i.indicator.unit)) vào ngày \(pr.at.vietnamese)")
                }
                return facts.isEmpty ? name : "\(name) (\(facts.joined(separator: "; ")))"
            }
            let head: String = switch status {
            case .achieved: "Đã đạt \(count(list.count)) chỉ tiêu"
            case .onTrack: "Đúng tiến độ \(count(list.count)) chỉ tiêu"
            case .atRisk: "Có nguy cơ không đạt \(count(list.count)) chỉ tiêu"
            case .missed: "Không đạt \(count(list.count)) chỉ tiêu"
            case .noData: "Chưa có số liệu \(count(list.count)) chỉ tiêu"
            }
            bullets.append("\(head): \(items.joined(separator: "; ")).")
        }
        blocks.append(.bullets(bullets))
        return blocks
    }

    // MARK: - Tasks

    /// The answers a plan's tasks received in the report's period, lead and partner apart.
    public struct Answers: Sendable {
        public var lead: [StoredTask.ID: [(Agency.ID, TaskProgress)]] = [:]
        public var partner: [StoredTask.ID: [(Agency.ID, TaskProgress)]] = [:]

        public init(reports: [SubmittedReport], assignments: PlanAssignments) {
            for r in reports.sorted(by: { $0.summary.period < $1.summary.period }) {
                for t in r.tasks {
                    if assignments.taskLeads[t.taskID]?.contains(r.summary.agencyID) ?? false {
                        lead[t.taskID, default: []].removeAll { $0.0 == r.summary.agencyID }
                        lead[t.taskID, default: []].append((r.summary.agencyID, t))
                    } else {
                        partner[t.taskID, default: []].removeAll { $0.0 == r.summary.agencyID }
                        partner[t.taskID, default: []].append((r.summary.agencyID, t))
                    }
                }
            }
        }

        /// Every document given as evidence for these tasks, by lead and partners.
        public func evidence(_ tasks: [StoredTask]) -> [Evidence] {
            tasks.flatMap { t in ((lead[t.id] ?? []) + (partner[t.id] ?? [])).compactMap { a, p in p.evidence.map { Evidence(reference: $0, agency: a) } } }
        }
    }

    /// `25 nhiệm vụ: 3 hoàn thành đúng hạn, 1 đang thực hiện quá hạn, …` for these tasks.
    public static func statusCounts(_ tasks: [StoredTask], _ results: [StoredTask.ID: TaskEvaluation]) -> String {
        var counts: [TaskStatus: Int] = [:]
        for t in tasks { if let s = results[t.id]?.status { counts[s, default: 0] += 1 } }
        return list(TaskStatus.allCases.filter { counts[$0] != nil }.map { "\(count(counts[$0]!)) \($0.label.lowercased())" })
    }

    /// A group of tasks as a clerk writes it: its figures; what the lead agencies did, with the product (the same
    /// words for several tasks stated once); the documents issued, counted, with a footnote; the partners'
    /// contributions merged; the overdue tasks with lead, days late and reason; the tasks waiting and on what.
    public static func taskBlocks(_ tasks: [StoredTask], _ p: PlanEvaluation, answers: Answers, names: Names) -> [AdministrativeDocument.Block] {
        var blocks: [Block] = []
        let codes = tasks.map(\.task.code)
        blocks.append(.paragraph("Có \(count(tasks.count)) nhiệm vụ (\(ReportSynthesis.codes(codes))): \(statusCounts(tasks, p.taskResults))."))

        func leads(_ t: StoredTask) -> String {
            let ids = p.assignments.taskLeads[t.id] ?? []
            return ids.isEmpty ? t.lead.map(\.text).joined(separator: ", ") : names.phrase(ids)
        }
        // What the lead agencies did: the same words for several tasks once, then the tasks.
        var done: [String] = []
        var byText: [String: [(StoredTask, String)]] = [:], textOrder: [String] = []
        for t in tasks {
            guard let (_, a) = answers.lead[t.id]?.last else { continue }
            let note = trimmedStatement(a.note)
            guard !note.isEmpty else { continue }
            let completed = [.completedOnTime, .completedLate].contains(p.taskResults[t.id]?.status)
            let k = TextFolding.searchKey(note)
            if byText[k] == nil { textOrder.append(k) }
            byText[k, default: []].append((t, completed ? t.task.product.map(trimmedStatement) ?? "" : ""))
        }
        for k in textOrder {
            let items = byText[k]!
            let note = trimmedStatement(answers.lead[items[0].0.id]!.last!.1.note)
            // The product once when every task of the sentence has the same one, else beside each task.
            let products = Set(items.map(\.1))
            let shared = products.count == 1 && items.count > 1 ? products.first! : ""
            let listed = items.map { t, product in
                "\(t.task.code) \(trimmedStatement(t.task.name)) (\(leads(t))\(shared.isEmpty && !product.isEmpty ? "; sản phẩm: \(lowerFirst(product))" : ""))"
            }
            if items.count == 1 { done.append("\(listed[0]): \(lowerFirst(note)).") }
            else { done.append("\(upperFirst(note))\(shared.isEmpty ? "" : " (sản phẩm: \(lowerFirst(shared)))"): \(listed.joined(separator: "; ")).") }
        }
        if let evidence = evidencePhrase(answers.evidence(tasks), names: names) {
            done.append("Văn bản đã ban hành để thực hiện các nhiệm vụ \(ReportSynthesis.codes(codes)): \(evidence).")
        }
        // Partners' contributions, merged across the group's tasks.
        let partnerStatements = tasks.flatMap { t in
            (answers.partner[t.id] ?? []).map { Statement(text: $0.1.note, agency: $0.0, about: t.task.code) }
        }
        for m in merge(partnerStatements) {
            done.append("\(names.phrase(m.agencies)): \(lowerFirst(m.text)) (nhiệm vụ \(ReportSynthesis.codes(m.about))).")
        }
        if done.isEmpty {
            done.append("Trong kỳ, cơ quan chủ trì các nhiệm vụ \(ReportSynthesis.codes(codes)) chưa báo cáo kết quả.")
        }
        // No "a) Kết quả đạt được" heading per group: the same heading ten times is what a clerk cuts; each line
        // says what it is.
        blocks.append(.bullets(done))

        var problems: [String] = []
        for t in tasks {
            guard let r = p.taskResults[t.id], r.status == .overdue else { continue }
            let reason = r.reason.map(trimmedStatement).flatMap { $0.isEmpty ? nil : $0 }
            problems.append("\(t.task.code) \(trimmedStatement(t.task.name)) (\(leads(t))): quá hạn \(count(r.daysOverdue ?? 0)) ngày (hạn \(r.due?.vietnamese ?? "")); "
                + (reason.map { "lý do: \(lowerFirst($0))." } ?? "chưa nêu lý do."))
        }
        let waiting = tasks.filter { p.taskResults[$0.id]?.status == .waiting }.map { t in
            Statement(text: p.taskResults[t.id]?.reason ?? "", agency: p.assignments.taskLeads[t.id]?.first ?? Agency.ID(Int64(0)), about: t.task.code)
        }
        for m in merge(waiting.filter { !trimmedStatement($0.text).isEmpty }) {
            problems.append("Nhiệm vụ \(ReportSynthesis.codes(m.about)) chờ điều kiện bên ngoài: \(lowerFirst(m.text)) (\(names.phrase(m.agencies))).")
        }
        let silentWaiting = waiting.filter { trimmedStatement($0.text).isEmpty }.compactMap(\.about)
        if !silentWaiting.isEmpty { problems.append("Nhiệm vụ \(ReportSynthesis.codes(silentWaiting)) chờ điều kiện bên ngoài, chưa nêu điều kiện.") }
        if !problems.isEmpty { blocks.append(.bullets(problems)) }
        return blocks
    }

    /// Difficulties or proposals of many reports: the same statement once, with how many agencies raised it and who.
    public static func statementBullets(_ reports: [SubmittedReport], _ text: (SubmittedReport) -> String, names: Names) -> [String] {
        let statements = reports.flatMap { r in sentences(text(r)).map { Statement(text: $0, agency: r.summary.agencyID) } }
        return merge(statements).map { m in
            let who = m.agencies.count > 1 ? "\(count(m.agencies.count)) cơ quan, đơn vị: \(names.phrase(m.agencies))" : names.phrase(m.agencies)
            return "\(upperFirst(m.text)) (\(who))."
        }
    }

    // MARK: - Reports sent

    /// Section V in words: how many reports fell due, on time, late and missing, and who was late or is missing.
    public static func reportingBlocks(_ dues: [(Agency.ID, ReportDue)], today: CivilDate, names: Names, label: String) -> [AdministrativeDocument.Block] {
        guard !dues.isEmpty else { return [.paragraph("Trong \(label) không có báo cáo nào đến hạn.")] }
        var late: [Agency.ID] = [], missing: [Agency.ID: Int] = [:]
        var onTime = 0, lateCount = 0, missingCount = 0, pending = 0
        for (a, d) in dues {
            switch Timeliness.of(due: d.due, submittedOn: d.submittedOn, today: today) {
            case .onTime: onTime += 1
            case .late: lateCount += 1; late.append(a)
            case .missing: missingCount += 1; missing[a, default: 0] += 1
            case .pending: pending += 1
            }
        }
        let agencies = Set(dues.map(\.0)).count
        var parts = ["\(count(onTime)) đúng hạn", "\(count(lateCount)) muộn", "\(count(missingCount)) chưa nộp"]
        if pending > 0 { parts.append("\(count(pending)) chưa đến hạn") }
        var blocks: [Block] = [.paragraph("Trong \(label), \(count(agencies)) cơ quan, đơn vị phải gửi \(count(dues.count)) báo cáo: \(list(parts)) (chi tiết tại Phụ lục III).")]
        var bullets: [String] = []
        if !late.isEmpty { bullets.append("Gửi muộn: \(names.phrase(late)).") }
        if !missing.isEmpty { bullets.append("Chưa nộp: \(names.phrase(missing.keys)).") }
        if !bullets.isEmpty { blocks.append(.bullets(bullets)) }
        return blocks
    }
}
