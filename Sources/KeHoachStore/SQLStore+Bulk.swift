import Foundation
import KeHoachCore

/// Writes in bulk, for generated data at national scale (the `KeHoachDemo` generators): the rows go in directly,
/// one transaction per month, with one audit entry for the lot.
extension SQLStore {
    /// Links indicators to shared measures in one transaction (one audit entry for the lot).
    public func linkMeasures(_ links: [(StoredIndicator.ID, String)], by actor: Actor) async throws {
        try await pool.write { db in
            try db.insertRows(into: "indicator_setting", columns: ["indicator_id", "method", "measure", "measure_key"],
                              rows: links.map { [.int($0.0.rawValue), .null, .text($0.1), .text(TextFolding.searchKey($0.1))] })
            try self.bumpVersion(db)
            try self.appendAudit(db, action: "indicator.setting", entity: "indicator", entityID: nil, before: nil,
                                 after: "\(links.count) chỉ tiêu gắn thước đo chung", by: actor)
        }
    }

    /// Submitted monthly reports of a plan from `first` through `last`, submitted two days before each month's due
    /// date (the 20th of the next month): a report header for every agency, and for every `valued` agency a value of
    /// every indicator (what rollups and the national table read, `indicator_fact`), without report bodies.
    /// `values(i)` gives month `i`'s numerators and denominators, agency by agency, indicator by indicator.
    public func bulkSubmittedReports(plan: StoredPlan.ID, province: Province.ID, valued: [Agency.ID], others: [Agency.ID],
                                     indicators: [StoredIndicator.ID], from first: Period, through last: Period,
                                     values: @Sendable (Int) -> [(numerator: Double, denominator: Double)]) async throws -> (reports: Int, values: Int) {
        var month = first
        var reports = 0, written = 0
        var index = 0
        while month <= last {
            let m = month
            let submitted = ReportingCalendar(kind: .month, dueDay: 20).due(m).adding(days: -2).description
            let stamp = self.stamp(self.clock())
            let figures = values(index)
            precondition(figures.count == valued.count * indicators.count, "one figure per agency and indicator")
            let counts = try await pool.write { db in
                let start = (try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM report") ?? 0) + 1
                let agencies = valued + others
                try db.insertRows(into: "report", columns: ["id", "plan_id", "agency_id", "period", "status", "difficulties", "proposals", "first_submitted_on", "updated_at"],
                                  rows: agencies.enumerated().map { k, a in
                                      [.int(start + Int64(k)), .int(plan.rawValue), .int(a.rawValue), .text(m.description), .text("submitted"),
                                       .text(""), .text(""), .text(submitted), .text(stamp)]
                                  })
                var facts: [[SQLValue]] = []
                facts.reserveCapacity(figures.count)
                for c in valued.indices {
                    for (k, indicator) in indicators.enumerated() {
                        let (numerator, denominator) = figures[c * indicators.count + k]
                        facts.append([.int(start + Int64(c)), .int(indicator.rawValue), .int(province.rawValue), .text(m.description), .int(1),
                                      .double((100 * numerator / denominator * 10).rounded() / 10), .double(numerator), .double(denominator)])
                    }
                }
                try db.insertRows(into: "indicator_fact", columns: ["report_id", "indicator_id", "province_id", "period", "counted", "value", "numerator", "denominator"],
                                  rows: facts)
                try db.advanceIDSequence("report")
                try self.bumpVersion(db)
                return (agencies.count, facts.count)
            }
            reports += counts.0; written += counts.1
            month = month.next; index += 1
        }
        try await record("demo.reports", entity: "plan", entityID: plan.description, before: nil,
                         after: "\(reports) báo cáo, \(written) giá trị chỉ tiêu (tạo hàng loạt)", by: Actor(userID: nil, username: "demo"))
        return (reports, written)
    }
}
