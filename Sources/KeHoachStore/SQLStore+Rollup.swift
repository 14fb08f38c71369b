import Foundation
import KeHoachCore

/// Rollups read `indicator_fact` (migration 009) through its (period, province, indicator) index: the work is
/// proportional to the values of one period, not to the history, and no report is decoded.
extension SQLStore: RollupStore {
    static let rollupColumns = """
        COUNT(*) AS reports, COUNT(f.value) AS n, COALESCE(SUM(f.value), 0) AS total,
        COALESCE(SUM(f.numerator), 0) AS num, COALESCE(SUM(f.denominator), 0) AS den
        """

    static func cell(_ row: SQLRow) -> RollupCell {
        RollupCell(reports: row["reports"], values: row["n"], sum: row["total"], numerator: row["num"], denominator: row["den"])
    }

    public func provinceRollup(_ province: Province.ID, period: Period) async throws -> [StoredIndicator.ID: RollupCell] {
        try await pool.read { db in
            var out: [StoredIndicator.ID: RollupCell] = [:]
            for row in try db.rows(sql: """
                SELECT f.indicator_id, \(Self.rollupColumns) FROM indicator_fact f
                WHERE f.period = ? AND f.province_id = ? AND f.counted = 1 GROUP BY f.indicator_id
                """, arguments: [period.description, province.rawValue]) {
                out[.init(row["indicator_id"] as Int64)] = Self.cell(row)
            }
            return out
        }
    }

    public func nationalRollup(period: Period) async throws -> [String: [Province.ID: RollupCell]] {
        try await pool.read { db in
            // Grouped by the folded key; named as the first province's coordinator wrote it.
            var out: [String: [Province.ID: RollupCell]] = [:]
            var names: [String: String] = [:]
            for row in try db.rows(sql: """
                SELECT s.measure_key, MIN(s.measure) AS measure, f.province_id, \(Self.rollupColumns) FROM indicator_fact f
                JOIN indicator_setting s ON s.indicator_id = f.indicator_id
                WHERE f.period = ? AND f.counted = 1 AND s.measure_key IS NOT NULL GROUP BY s.measure_key, f.province_id ORDER BY s.measure_key, f.province_id
                """, arguments: [period.description]) {
                let key: String = row["measure_key"]
                let name = names[key] ?? row["measure"]
                names[key] = name
                out[name, default: [:]][.init(row["province_id"] as Int64)] = Self.cell(row)
            }
            return out
        }
    }
}
