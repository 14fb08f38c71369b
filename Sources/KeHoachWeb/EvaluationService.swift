import Foundation
import KeHoachCore

/// Evaluated provinces, kept per data version and day: evaluation reads every submitted report of the
/// province, so it is done once after each write and shared by every page and API answer until the next
/// write (by any server process: the data version is in the database) or the next day.
final class EvaluationCache: @unchecked Sendable {
    // @unchecked: `entries` is only touched while holding `lock`.
    private let lock = NSLock()
    private var entries: [Province.ID: (version: Int64, today: CivilDate, value: ProvinceEvaluation)] = [:]

    func get(_ province: Province.ID, version: Int64, today: CivilDate) -> ProvinceEvaluation? {
        lock.lock(); defer { lock.unlock() }
        guard let e = entries[province], e.version == version, e.today == today else { return nil }
        return e.value
    }

    func put(_ province: Province.ID, version: Int64, today: CivilDate, _ value: ProvinceEvaluation) {
        lock.lock(); defer { lock.unlock() }
        entries[province] = (version, today, value)
    }
}

extension AppServices {
    /// The province evaluated today, from the cache when nothing was written since.
    func evaluation(of province: Province) async throws -> ProvinceEvaluation {
        let version = try await store.dataVersion()
        let today = self.today
        if let hit = evaluations.get(province.id, version: version, today: today) { return hit }
        let value = try await evaluate(province, today: today)
        evaluations.put(province.id, version: version, today: today, value)
        return value
    }

    /// Every task of a province's plans, evaluated today.
    func taskResults(in province: Province.ID) async throws -> [StoredTask.ID: TaskEvaluation] {
        guard let p = try await store.province(province) else { return [:] }
        var out: [StoredTask.ID: TaskEvaluation] = [:]
        for plan in try await evaluation(of: p).plans { out.merge(plan.taskResults) { a, _ in a } }
        return out
    }

    func evaluate(_ province: Province, today: CivilDate) async throws -> ProvinceEvaluation {
        var plans: [PlanEvaluation] = []
        for plan in try await store.plans(in: province.id) {
            plans.append(PlanEvaluation.build(
                plan: plan, indicators: try await store.indicators(of: plan.id), tasks: try await store.tasks(of: plan.id, filter: TaskFilter()),
                assignments: try await store.assignments(of: plan.id), reports: try await store.submittedReports(of: plan.id),
                allReports: try await store.reports(of: plan.id), adhoc: try await store.adhocRequests(of: plan.id),
                settings: try await store.indicatorSettings(of: plan.id), ratings: try await store.ratings(of: plan.id),
                decisions: try await store.taskDecisions(of: plan.id), today: today))
        }
        let agencies = Dictionary(try await store.agencies(in: province.id).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return ProvinceEvaluation(province: province, today: today, plans: plans, agencies: agencies,
                                  weights: try await store.scoreWeights(of: province.id))
    }
}
