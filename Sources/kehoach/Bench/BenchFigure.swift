import Foundation

/// One row of `kehoach bench` (spec/bench.md). With a calibration, `ratio` is the figure against the same run's
/// calibration and `within` judges the ratio against `ratioBudget`; a calibration row has no budget at all.
struct BenchFigure: Encodable {
    var name: String
    var value: Double
    var unit: String
    /// nil for `calib.*`: a reference, not a goal.
    var budget: Double?
    /// "lower" or "higher" is better; "reference" for a calibration.
    var better: String
    var ratio: Double?
    var ratioBudget: Double?

    init(name: String, value: Double, unit: String, budget: Double?, better: String) {
        self.name = name
        self.value = value
        self.unit = unit
        self.budget = budget
        self.better = better
    }

    var within: Bool {
        if let ratio, let ratioBudget { return better == "lower" ? ratio <= ratioBudget : ratio >= ratioBudget }
        guard let budget else { return true }
        return better == "lower" ? value <= budget : value >= budget
    }

    enum CodingKeys: String, CodingKey { case name, value, unit, budget, better, within, ratio, ratioBudget }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(Self.rounded(value), forKey: .value)
        try c.encode(unit, forKey: .unit)
        try c.encode(budget, forKey: .budget)
        try c.encode(better, forKey: .better)
        try c.encode(within, forKey: .within)
        if let ratio { try c.encode(Self.rounded(ratio, digits: 4), forKey: .ratio) }
        if let ratioBudget { try c.encode(Self.rounded(ratioBudget, digits: 4), forKey: .ratioBudget) }
    }

    static func rounded(_ v: Double, digits: Int = 2) -> Double {
        let scale = pow(10, Double(digits))
        return (v * scale).rounded() / scale
    }

    /// The row as the table prints it: value, budget, ratio beside its budget, verdict.
    var line: String {
        func pad(_ s: String, _ n: Int) -> String { s.padding(toLength: max(n, s.count), withPad: " ", startingAt: 0) }
        let sign = better == "lower" ? "≤" : "≥"
        let budgetText = budget.map { "\(sign) \(Self.compact($0))" } ?? "—"
        var ratioText = "—"
        if let ratio, let ratioBudget { ratioText = "\(String(format: "%.3f", ratio)) \(sign) \(String(format: "%.3f", ratioBudget))" }
        let verdict = budget == nil ? "" : (within ? "yes" : "NO")
        return "\(pad(name, 30))  \(pad(String(format: "%.2f", value), 10))  \(pad(unit, 6))  \(pad(budgetText, 9))  \(pad(ratioText, 15))  \(verdict)"
    }

    static let header = "name                            value       unit    budget     ratio            within"

    static func compact(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(format: "%.2f", v) }
}
