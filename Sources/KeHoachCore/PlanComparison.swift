import Foundation

/// What an updated plan document would change in the plan it replaces, item by item (matched by code), before the
/// coordinator confirms: indicators and tasks added, removed, and changed with each field's old and new text.
public struct PlanChange: Sendable, Hashable {
    public enum Kind: String, Sendable { case added, changed, removed }
    public var kind: Kind
    /// `Nhiệm vụ 1.2`, `Chỉ tiêu 3`.
    public var item: String
    public var name: String
    /// For a change, one line per field: `Chủ trì: «Sở TT&TT» → «Sở KH&CN»`.
    public var details: [String]
}

public enum PlanComparison {
    public static func changes(from old: (indicators: [Indicator], tasks: [PlanTask]), to new: PlanDocument) -> [PlanChange] {
        compare(old.indicators, new.indicators, label: "Chỉ tiêu", code: \.code, name: \.name, fields: [
            ("Tên", { $0.name }), ("Nhóm", { $0.group ?? "" }), ("Đơn vị tính", { $0.unit ?? "" }),
            ("Mục tiêu", { $0.targets.map { ($0.year.map { "\($0): " } ?? "") + $0.text }.joined(separator: "; ") }),
            ("Chủ trì", { $0.leadAgencies.joined(separator: "; ") }), ("Theo dõi", { $0.monitoringAgencies.joined(separator: "; ") }),
        ]) + compare(old.tasks, new.tasks, label: "Nhiệm vụ", code: \.code, name: \.name, fields: [
            ("Tên", { $0.name }), ("Nhóm", { $0.group ?? "" }), ("Chủ trì", { $0.leadAgencies.joined(separator: "; ") }),
            ("Phối hợp", { $0.partnerAgencies.joined(separator: "; ") }), ("Sản phẩm", { $0.product ?? "" }), ("Thời hạn", { $0.deadline?.text ?? "" }),
        ])
    }

    static func compare<T>(_ old: [T], _ new: [T], label: String, code: KeyPath<T, String>, name: KeyPath<T, String>,
                           fields: [(String, (T) -> String)]) -> [PlanChange] {
        let before = Dictionary(old.map { ($0[keyPath: code], $0) }, uniquingKeysWith: { a, _ in a })
        let after = Set(new.map { $0[keyPath: code] })
        var out: [PlanChange] = []
        for item in new {
            let c = item[keyPath: code]
            guard let was = before[c] else {
                out.append(PlanChange(kind: .added, item: "\(label) \(c)", name: item[keyPath: name], details: []))
                continue
            }
            let details = fields.compactMap { field, value -> String? in
                let a = value(was), b = value(item)
                return a == b ? nil : "\(field): «\(a.isEmpty ? "—" : a)» → «\(b.isEmpty ? "—" : b)»"
            }
            if !details.isEmpty { out.append(PlanChange(kind: .changed, item: "\(label) \(c)", name: item[keyPath: name], details: details)) }
        }
        for item in old where !after.contains(item[keyPath: code]) {
            out.append(PlanChange(kind: .removed, item: "\(label) \(item[keyPath: code])", name: item[keyPath: name], details: []))
        }
        return out
    }
}
