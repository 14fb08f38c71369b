import KeHoachCore

/// The human summary printed by `kehoach import`.
public enum PlanSummary {
    public static func text(_ plan: PlanDocument) -> String {
        var out: [String] = []
        let p = plan.plan
        out.append(p.title)
        var facts: [String] = []
        if let n = p.number { facts.append("Số: \(n)") }
        if let i = p.issuer { facts.append(i) }
        if let d = p.issuedOn { facts.append("ngày \(d)") }
        if let s = p.span { facts.append(s.from == s.to ? "năm \(s.from)" : "\(s.from)–\(s.to)") }
        if !facts.isEmpty { out.append(facts.joined(separator: " · ")) }
        if let r = p.reporting {
            out.append("Báo cáo: \(r.cadence.label)\(r.dueDay.map { ", trước ngày \($0)" } ?? "")"
                       + (r.dueDatesText.map { ", " + $0 } ?? ""))
        }
        out.append("")
        out.append("Chỉ tiêu: \(plan.indicators.count) (mục tiêu: \(plan.indicators.reduce(0) { $0 + $1.targets.count }))")
        for (group, count) in counts(plan.indicators.map { $0.group ?? "(không nhóm)" }) {
            out.append("  \(count)\t\(group)")
        }
        out.append("Nhiệm vụ: \(plan.tasks.count)")
        for (group, count) in counts(plan.tasks.map { $0.group ?? "(không nhóm)" }) {
            out.append("  \(count)\t\(group)")
        }
        let kinds = counts(plan.tasks.map { $0.deadline?.kind.label ?? "không có" })
        out.append("Thời hạn: " + kinds.map { "\($0.0) \($0.1)" }.joined(separator: ", "))
        if !plan.observations.isEmpty { out.append("Số liệu đã đạt: \(plan.observations.count)") }
        if let c = plan.coverage, c.total > 0 {
            // The two sides add up: every table row is taken as one of these.
            let parts: [(ImportCoverage.RowKind, String)] = [(.item, "đọc thành nhiệm vụ, chỉ tiêu"), (.header, "tiêu đề cột"), (.group, "nhóm, tiêu đề"),
                                                             (.continuation, "dòng tiếp nối"), (.warned, "có cảnh báo"), (.unread, "trong bảng không nhận ra cột")]
            out.append("Hàng trong bảng: \(c.total) = " + parts.map { "\(c.count($0.0)) \($0.1)" }.joined(separator: " + "))
        }
        out.append("Cảnh báo: \(plan.warnings.count)")
        for w in plan.warnings {
            out.append("  \(w.place): \(w.reason): \(w.text.prefix(100))")
        }
        return out.joined(separator: "\n")
    }

    /// Counts in order of first appearance.
    static func counts(_ values: [String]) -> [(String, Int)] {
        var order: [String] = []
        var n: [String: Int] = [:]
        for v in values {
            if n[v] == nil { order.append(v) }
            n[v, default: 0] += 1
        }
        return order.map { ($0, n[$0]!) }
    }
}
