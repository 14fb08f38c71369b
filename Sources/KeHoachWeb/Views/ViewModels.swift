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

    static func plan(_ p: StoredPlan) -> PlanView {
        PlanView(id: p.id.description, title: p.info.title, indicatorCount: p.indicatorCount, taskCount: p.taskCount, sourceFile: p.sourceFile,
                 sha: p.sourceSHA256, number: p.info.number, issuer: p.info.issuer, issuedOn: p.info.issuedOn?.vietnamese,
                 span: span(p.info.span), reporting: reporting(p.info.reporting))
    }

    /// A group is shown once, with the number of agencies it stands for. An agency is shown once, under its current
    /// name, with the names the plan used for it that a succession replaced (`Sở Khoa học và Công nghệ (trước đây:
    /// Sở Thông tin và Truyền thông)`), however many of them the plan listed; words that an alias maps keep the arrow
    /// (`Các viện, trường → Sở Giáo dục và Đào tạo`).
    static func references(_ refs: [AgencyReference], links: Bool) -> [AgencyRefView] {
        var out: [AgencyRefView] = []
        var position: [Agency.ID: Int] = [:]
        var formerly: [Agency.ID: [String]] = [:]
        for r in refs {
            if r.resolution == .group {
                out.append(AgencyRefView(text: r.text, count: r.memberCount.flatMap { $0 > 0 ? $0 : nil }))
                continue
            }
            guard let id = r.agencyID else {
                out.append(AgencyRefView(text: r.text, unresolved: r.resolution == nil, outside: r.resolution == .outside))
                continue
            }
            let succeeded = r.predecessorName != nil
            if let name = r.predecessorName, !(formerly[id] ?? []).contains(name) { formerly[id, default: []].append(name) }
            if let i = position[id] {
                // The same agency again (its old and new names both in the plan): once, with the old name noted.
                if !succeeded, r.agencyName != r.text { out[i].renamed = true; out[i].text = r.text }
                continue
            }
            position[id] = out.count
            out.append(AgencyRefView(text: r.text, agencyID: id.description, agencyName: r.agencyName ?? "",
                                     renamed: !succeeded && r.agencyName != r.text, showLink: links))
        }
        for (id, names) in formerly { if let i = position[id] { out[i].formerly = names.joined(separator: "; ") } }
        return out
    }

    /// A task for the lists, with its evaluated status (reports and recorded decisions taken into account): the one
    /// meaning of "overdue" every page, API answer and document shares.
    static func task(_ t: StoredTask, today: CivilDate, links: Bool, showPlan: Bool = false, result: TaskEvaluation?) -> TaskRow {
        TaskRow(id: t.id.description, code: t.task.code, name: t.task.name, status: result?.status.label,
                lead: references(t.lead, links: links), partners: references(t.partners, links: links), hasPartners: !t.partners.isEmpty,
                deadline: t.task.deadline?.text ?? "—", deadlineKind: (t.task.deadline?.kind ?? .unknown).label,
                overdue: result?.status == .overdue, product: t.task.product,
                // Columns of the plan's table beyond the standard fields (Kinh phí, Tình trạng …), under their own headers.
                extra: t.task.extra.flatMap { $0.isEmpty ? nil : $0.sorted { $0.key < $1.key }.map { LabelValue(label: $0.key, value: $0.value) } },
                planTitle: showPlan ? t.planTitle : nil, planID: showPlan ? t.planID.description : nil)
    }

    static func targetText(_ targets: [Target]) -> String {
        targets.map { ($0.year.map { "\($0): " } ?? "") + $0.text }.joined(separator: "; ")
    }

    static func indicator(_ i: StoredIndicator, links: Bool) -> IndicatorRow {
        let ind = i.indicator
        return IndicatorRow(code: ind.code, name: ind.name, unit: ind.unit ?? "",
                            baseline: ind.baseline.map { ($0.year.map { "\($0): " } ?? "") + $0.text } ?? "",
                            targets: ind.targets.map { TargetView(year: $0.year.map(String.init), text: $0.text) },
                            lead: references(i.lead, links: links), monitoring: references(i.monitoring, links: links),
                            planID: i.planID.description, targetsText: targetText(ind.targets))
    }

    /// Items grouped by their group name, in document order.
    static func grouped<T, Item: Encodable>(_ items: [T], group: (T) -> String?, map: (T) -> Item) -> [Group<Item>] {
        var order: [String] = []
        var byGroup: [String: [Item]] = [:]
        for item in items {
            let g = group(item) ?? ""
            if byGroup[g] == nil { order.append(g) }
            byGroup[g, default: []].append(map(item))
        }
        return order.map { Group(name: $0, items: byGroup[$0]!) }
    }
}

// The typed views shared by several pages; a page's own view sits beside its controller. Property names are the
// templates' names (strict views catch a mismatch in the web tests).

struct PlanView: Encodable {
    var id, title: String
    var indicatorCount, taskCount: Int
    var sourceFile, sha: String
    var number, issuer, issuedOn, span, reporting: String?
}

/// One agency reference of a task or indicator (partial `ref`).
struct AgencyRefView: Encodable {
    var text: String
    var count: Int?
    var unresolved: Bool?
    var outside: Bool?
    var agencyID, agencyName: String?
    var renamed: Bool?
    var showLink: Bool?
    var formerly: String?
}

/// A task in a list (partial `task`).
struct TaskRow: Encodable {
    var id, code, name: String
    var status: String?
    var lead, partners: [AgencyRefView]
    var hasPartners: Bool
    var deadline, deadlineKind: String
    var overdue: Bool
    var product: String?
    var extra: [LabelValue]?
    var planTitle, planID: String?
}

struct LabelValue: Encodable {
    var label, value: String
}

struct TargetView: Encodable {
    var year: String?
    var text: String
}

struct IndicatorRow: Encodable {
    var code, name, unit, baseline: String
    var targets: [TargetView]
    var lead, monitoring: [AgencyRefView]
    var planID, targetsText: String
}

struct Group<Item: Encodable>: Encodable {
    var name: String
    var items: [Item]
}

/// A choice of a filter's `<select>`.
struct Choice: Encodable {
    var value, label: String
    var selected: Bool
}

extension String {
    /// nil for the empty string: a view's optional text, whose section then shows nothing (an empty string is a value).
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
