import Foundation
import KeHoachCore

/// Values of domain types shaped for the templates (dictionaries of strings, lists and flags).
enum ViewModels {
    static func span(_ s: YearSpan?) -> String? {
        guard let s else { return nil }
        return s.from == s.to ? "năm \(s.from)" : "\(s.from)–\(s.to)"
    }

    static func reporting(_ r: ReportingRule?) -> String? {
        guard let r else { return nil }
        var text = "Báo cáo " + r.cadence.label
        if let day = r.dueDay {
            text += ", trước ngày \(day)" + (r.dueMonthOfPeriod == 3 ? " tháng cuối quý" : "")
        }
        if let dates = r.dueDatesText { text += ", " + dates + " hằng năm" }
        return text
    }

    static func plan(_ p: StoredPlan) -> [String: Any] {
        var d: [String: Any] = ["id": p.id.description, "title": p.info.title, "indicatorCount": p.indicatorCount, "taskCount": p.taskCount,
                                "sourceFile": p.sourceFile, "sha": p.sourceSHA256]
        if let n = p.info.number { d["number"] = n }
        if let i = p.info.issuer { d["issuer"] = i }
        if let o = p.info.issuedOn { d["issuedOn"] = o.vietnamese }
        if let s = span(p.info.span) { d["span"] = s }
        if let r = reporting(p.info.reporting) { d["reporting"] = r }
        return d
    }

    /// A group is shown once, with the number of agencies it stands for. An agency is shown once, under its current
    /// name, with the names the plan used for it that a succession replaced (`Sở Khoa học và Công nghệ (trước đây:
    /// Sở Thông tin và Truyền thông)`), however many of them the plan listed; words that an alias maps keep the arrow
    /// (`Các viện, trường → Sở Giáo dục và Đào tạo`).
    static func references(_ refs: [AgencyReference], links: Bool) -> [[String: Any]] {
        var out: [[String: Any]] = []
        var position: [Agency.ID: Int] = [:]
        var formerly: [Agency.ID: [String]] = [:]
        for r in refs {
            if r.resolution == .group {
                var d: [String: Any] = ["text": r.text]
                if let n = r.memberCount, n > 0 { d["count"] = n }
                out.append(d)
                continue
            }
            guard let id = r.agencyID else {
                out.append(["text": r.text, "unresolved": r.resolution == nil])
                continue
            }
            let succeeded = r.predecessorName != nil
            if let name = r.predecessorName, !(formerly[id] ?? []).contains(name) { formerly[id, default: []].append(name) }
            if let i = position[id] {
                // The same agency again (its old and new names both in the plan): once, with the old name noted.
                if !succeeded, r.agencyName != r.text { out[i]["renamed"] = true; out[i]["text"] = r.text }
                continue
            }
            position[id] = out.count
            out.append(["text": r.text, "agencyID": id.description, "agencyName": r.agencyName ?? "",
                        "renamed": !succeeded && r.agencyName != r.text, "showLink": links])
        }
        for (id, names) in formerly { if let i = position[id] { out[i]["formerly"] = names.joined(separator: "; ") } }
        return out
    }

    /// A task for the lists, with its evaluated status (reports and recorded decisions taken into account): the one
    /// meaning of "overdue" every page, API answer and document shares.
    static func task(_ t: StoredTask, today: CivilDate, links: Bool, showPlan: Bool = false, result: TaskEvaluation?) -> [String: Any] {
        var d: [String: Any] = [
            "id": t.id.description, "code": t.task.code, "name": t.task.name, "status": result?.status.label as Any,
            "lead": references(t.lead, links: links), "partners": references(t.partners, links: links),
            "hasPartners": !t.partners.isEmpty,
            "deadline": t.task.deadline?.text ?? "—",
            "deadlineKind": (t.task.deadline?.kind ?? .unknown).label,
            "overdue": result?.status == .overdue,
        ]
        if let p = t.task.product { d["product"] = p }
        // Columns of the plan's table beyond the standard fields (Kinh phí, Tình trạng …), under their own headers.
        if let extra = t.task.extra, !extra.isEmpty {
            d["extra"] = extra.sorted { $0.key < $1.key }.map { ["label": $0.key, "value": $0.value] }
        }
        if showPlan { d["planTitle"] = t.planTitle; d["planID"] = t.planID.description }
        return d
    }

    static func targetText(_ targets: [Target]) -> String {
        targets.map { ($0.year.map { "\($0): " } ?? "") + $0.text }.joined(separator: "; ")
    }

    static func indicator(_ i: StoredIndicator, links: Bool) -> [String: Any] {
        let ind = i.indicator
        var d: [String: Any] = [
            "code": ind.code, "name": ind.name, "unit": ind.unit ?? "",
            "baseline": ind.baseline.map { ($0.year.map { "\($0): " } ?? "") + $0.text } ?? "",
            "targets": ind.targets.map { ["year": $0.year.map(String.init) as Any, "text": $0.text] },
            "lead": references(i.lead, links: links), "monitoring": references(i.monitoring, links: links),
            "planID": i.planID.description,
        ]
        d["targetsText"] = targetText(ind.targets)
        return d
    }

    /// Items grouped by their group name, in document order.
    static func grouped<T>(_ items: [T], group: (T) -> String?, map: (T) -> [String: Any]) -> [[String: Any]] {
        var order: [String] = []
        var byGroup: [String: [[String: Any]]] = [:]
        for item in items {
            let g = group(item) ?? ""
            if byGroup[g] == nil { order.append(g) }
            byGroup[g, default: []].append(map(item))
        }
        return order.map { ["name": $0, "items": byGroup[$0]!] }
    }
}

