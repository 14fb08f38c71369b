import Foundation
import KeHoachCore
import KeHoachReports

/// Charts drawn on the server as SVG: no script, sized by viewBox so they shrink on a phone and print sharp.
/// Each has a title and a description for screen readers; the pages also give the numbers as a table.
enum Charts {
    static func escape(_ s: String) -> String { XMLText.escape(s) }

    static func n(_ x: Double) -> String { String(format: "%.1f", x) }

    static func open(_ id: String, width: Int, height: Int, title: String, description: String) -> String {
        "<svg class=\"chart\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-labelledby=\"\(id)-t \(id)-d\" xmlns=\"http://www.w3.org/2000/svg\">"
            + "<title id=\"\(id)-t\">\(escape(title))</title><desc id=\"\(id)-d\">\(escape(description))</desc>"
    }

    /// The colour of a status (also told in words next to every chart).
    static func colour(_ status: IndicatorStatus) -> String {
        switch status {
        case .achieved: "#2e7d32"
        case .onTrack: "#66a3d2"
        case .atRisk: "#e0a100"
        case .missed: "#b3261e"
        case .noData: "#9aa3ad"
        }
    }

    static func colour(_ status: TaskStatus) -> String {
        switch status {
        case .completedOnTime: "#2e7d32"
        case .completedLate: "#8bc34a"
        case .inProgressOnTime, .notYetDue: "#66a3d2"
        case .overdue: "#b3261e"
        case .waiting: "#e0a100"
        case .ongoing, .noDeadline, .cancelled: "#9aa3ad"
        }
    }

    /// A bullet chart: the latest value as a bar, the target as a line (a band for a range).
    static func bullet(id: String, value: Double?, target: Target?, status: IndicatorStatus, unit: String?) -> String {
        let w = 320.0, h = 36.0, left = 4.0, right = 316.0
        var top = max(value ?? 0, target?.max ?? target?.value ?? 0)
        if top <= 0 { top = 1 }
        top *= 1.15
        func x(_ v: Double) -> Double { left + (right - left) * min(max(v / top, 0), 1) }
        let valueText = value.map { IndicatorEvaluator.format($0) + (unit.map { " " + $0 } ?? "") } ?? "chưa có số liệu"
        var s = open(id, width: Int(w), height: Int(h), title: "Giá trị so với mục tiêu",
                     description: "Giá trị mới nhất \(valueText); mục tiêu \(target?.text ?? "không có"); \(status.label).")
        s += "<rect x=\"\(n(left))\" y=\"8\" width=\"\(n(right - left))\" height=\"20\" fill=\"#eef1f4\"/>"
        if let t = target, t.comparator == .range, let lo = t.value, let hi = t.max {
            s += "<rect x=\"\(n(x(lo)))\" y=\"8\" width=\"\(n(x(hi) - x(lo)))\" height=\"20\" fill=\"#d6e9d6\"/>"
        }
        if let value {
            s += "<rect x=\"\(n(left))\" y=\"12\" width=\"\(n(x(value) - left))\" height=\"12\" fill=\"\(colour(status))\"/>"
        }
        if let t = target?.value, target?.comparator != .range {
            s += "<line x1=\"\(n(x(t)))\" x2=\"\(n(x(t)))\" y1=\"4\" y2=\"32\" stroke=\"#1b1f24\" stroke-width=\"3\"/>"
        }
        // The value and the target in words are the page's text beside the chart (legible at any width), not a caption
        // scaled down with the drawing.
        return s + "</svg>"
    }

    /// A line chart of the series (and the baseline) against the target line.
    static func line(id: String, points: [(label: String, value: Double)], target: Double?, targetText: String?, unit: String?) -> String {
        let w = 640.0, h = 240.0, left = 48.0, right = 628.0, top = 16.0, bottom = 200.0
        var s = open(id, width: Int(w), height: Int(h), title: "Diễn biến theo kỳ báo cáo",
                     description: "\(points.count) kỳ, từ \(points.first?.label ?? "—") đến \(points.last?.label ?? "—")"
                        + (points.last.map { ", giá trị cuối \(IndicatorEvaluator.format($0.value))" } ?? "")
                        + (targetText.map { "; mục tiêu \($0)" } ?? "") + ".")
        guard !points.isEmpty else {
            return s + "<text x=\"\(n(left))\" y=\"100\" font-size=\"14\" fill=\"#5b6570\">Chưa có số liệu</text></svg>"
        }
        let values = points.map(\.value) + (target.map { [$0] } ?? [])
        var lo = min(0, values.min()!), hi = values.max()!
        if hi <= lo { hi = lo + 1 }
        hi += (hi - lo) * 0.1
        func y(_ v: Double) -> Double { bottom - (bottom - top) * (v - lo) / (hi - lo) }
        func x(_ i: Int) -> Double { points.count == 1 ? (left + right) / 2 : left + (right - left) * Double(i) / Double(points.count - 1) }
        // Axis with three labelled ticks.
        for k in 0...2 {
            let v = lo + (hi - lo) * Double(k) / 2
            s += "<line x1=\"\(n(left))\" x2=\"\(n(right))\" y1=\"\(n(y(v)))\" y2=\"\(n(y(v)))\" stroke=\"#e3e7eb\"/>"
            s += "<text x=\"\(n(left - 4))\" y=\"\(n(y(v) + 4))\" font-size=\"13\" text-anchor=\"end\" fill=\"#5b6570\">\(escape(IndicatorEvaluator.format(v, decimals: 1)))</text>"
        }
        if let target {
            s += "<line x1=\"\(n(left))\" x2=\"\(n(right))\" y1=\"\(n(y(target)))\" y2=\"\(n(y(target)))\" stroke=\"#b3261e\" stroke-dasharray=\"6 4\" stroke-width=\"2\"/>"
            s += "<text x=\"\(n(right))\" y=\"\(n(y(target) - 4))\" font-size=\"13\" text-anchor=\"end\" fill=\"#b3261e\">Mục tiêu \(escape(targetText ?? ""))</text>"
        }
        let path = points.indices.map { "\(n(x($0))),\(n(y(points[$0].value)))" }.joined(separator: " ")
        s += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"#0b5cab\" stroke-width=\"2\"/>"
        for i in points.indices {
            s += "<circle cx=\"\(n(x(i)))\" cy=\"\(n(y(points[i].value)))\" r=\"3\" fill=\"#0b5cab\"/>"
        }
        // First, middle and last period labels.
        // The first label starts at its point and the last ends at its point, so neither is cut at the edges.
        let labelled = Set([0, points.count / 2, points.count - 1]).sorted()
        for i in labelled {
            let anchor = points.count == 1 ? "middle" : i == 0 ? "start" : i == points.count - 1 ? "end" : "middle"
            s += "<text x=\"\(n(x(i)))\" y=\"\(n(bottom + 18))\" font-size=\"13\" text-anchor=\"\(anchor)\" fill=\"#5b6570\">\(escape(points[i].label))</text>"
        }
        return s + "</svg>"
    }

    /// Horizontal stacked bars: one row per label, one segment per status.
    static func stacked(id: String, title: String, rows: [(label: String, counts: [(TaskStatus, Int)])]) -> String {
        let rowHeight = 22.0, labelWidth = 220.0, w = 640.0
        let h = Double(rows.count) * rowHeight + 8
        let most = max(rows.map { $0.counts.reduce(0) { $0 + $1.1 } }.max() ?? 1, 1)
        var s = open(id, width: Int(w), height: Int(h), title: title,
                     description: "Số nhiệm vụ theo tình trạng của \(rows.count) đơn vị; số liệu chi tiết ở bảng bên dưới.")
        for (i, row) in rows.enumerated() {
            let y = 4 + Double(i) * rowHeight
            s += "<text x=\"\(n(labelWidth - 6))\" y=\"\(n(y + 14))\" font-size=\"11\" text-anchor=\"end\" fill=\"#1b1f24\">\(escape(String(row.label.prefix(38))))</text>"
            var x = labelWidth
            for (status, count) in row.counts where count > 0 {
                let width = (w - labelWidth - 8) * Double(count) / Double(most)
                s += "<rect x=\"\(n(x))\" y=\"\(n(y + 3))\" width=\"\(n(width))\" height=\"15\" fill=\"\(colour(status))\"><title>\(escape(status.label)): \(count)</title></rect>"
                x += width
            }
        }
        return s + "</svg>"
    }
}
