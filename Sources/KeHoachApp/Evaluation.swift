import CoreMetrics
import Foundation
import KeHoachCore
import KeHoachStore

/// Evaluated provinces, kept per data version and day: evaluation reads every submitted report of the
/// province, so it is done once after each write it depends on (not after draft saves: `DataScope.evaluated`)
/// and shared by every page and API answer until the next such write (by any server process: the data version
/// is in the database) or the next day.
final class EvaluationCache: @unchecked Sendable {
    // @unchecked: `entries` and `running` are only touched while holding `lock`.
    private let lock = NSLock()
    private var entries: [Province.ID: (version: Int64, today: CivilDate, value: ProvinceEvaluation)] = [:]
    /// Evaluations under way: requests arriving meanwhile wait for the same one instead of starting their own.
    private var running: [Province.ID: (version: Int64, today: CivilDate, task: Task<ProvinceEvaluation, any Error>)] = [:]

    /// The evaluation for this version and day: kept, under way, or started now with `make`.
    func value(_ province: Province.ID, version: Int64, today: CivilDate,
               make: @escaping @Sendable () async throws -> ProvinceEvaluation) async throws -> ProvinceEvaluation {
        enum Found { case kept(ProvinceEvaluation), waiting(Task<ProvinceEvaluation, any Error>) }
        // For /metrics: how often a page found the evaluation ready (hit), joined one under way (shared) or had to
        // evaluate (miss).
        var outcome = "miss"
        let found: Found = lock.withLock {
            if let e = entries[province], e.version == version, e.today == today { outcome = "hit"; return .kept(e.value) }
            if let r = running[province], r.version == version, r.today == today { outcome = "shared"; return .waiting(r.task) }
            let t = Task { try await make() }
            running[province] = (version, today, t)
            return .waiting(t)
        }
        Counter(label: "kehoach_evaluation_cache_requests_total", dimensions: [("result", outcome)]).increment()
        let task: Task<ProvinceEvaluation, any Error>
        switch found {
        case let .kept(value): return value
        case let .waiting(t): task = t
        }
        do {
            let value = try await task.value
            lock.withLock {
                if (entries[province]?.version ?? -1) <= version { entries[province] = (version, today, value) }
                if running[province]?.version == version { running[province] = nil }
            }
            return value
        } catch {
            lock.withLock { if running[province]?.version == version { running[province] = nil } }
            throw error
        }
    }
}

extension KeHoachApp {
    /// The province evaluated today, from the cache when nothing was written since.
    public func evaluation(of province: Province) async throws -> ProvinceEvaluation {
        let version = try await store.dataVersion(.evaluated)
        let today = self.today
        return try await evaluations.value(province.id, version: version, today: today) { try await self.evaluate(province, today: today) }
    }

    /// Every task of a province's plans, evaluated today.
    public func taskResults(in province: Province.ID) async throws -> [StoredTask.ID: TaskEvaluation] {
        guard let p = try await store.province(province) else { return [:] }
        var out: [StoredTask.ID: TaskEvaluation] = [:]
        for plan in try await evaluation(of: p).plans { out.merge(plan.taskResults) { a, _ in a } }
        return out
    }

    /// The evaluated results of tasks from any plans (a search across provinces): each plan's province evaluated.
    public func taskResults(for tasks: [StoredTask]) async throws -> [StoredTask.ID: TaskEvaluation] {
        var provinces: Set<Province.ID> = []
        for planID in Set(tasks.map(\.planID)) { if let p = try await store.plan(planID) { provinces.insert(p.provinceID) } }
        var out: [StoredTask.ID: TaskEvaluation] = [:]
        for p in provinces { out.merge(try await taskResults(in: p)) { a, _ in a } }
        return out
    }

    func evaluate(_ province: Province, today: CivilDate) async throws -> ProvinceEvaluation {
        let agencies = Dictionary(try await store.agencies(in: province.id).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let dissolved = Set(agencies.values.filter { !$0.owesReports }.map(\.id))
        var plans: [PlanEvaluation] = []
        for plan in try await store.plans(in: province.id) {
            plans.append(PlanEvaluation.build(
                plan: plan, indicators: try await store.indicators(of: plan.id), tasks: try await store.tasks(of: plan.id, filter: TaskFilter()),
                assignments: try await store.assignments(of: plan.id), reports: try await store.submittedReports(of: plan.id),
                allReports: try await store.reports(of: plan.id), adhoc: try await store.adhocRequests(of: plan.id),
                settings: try await store.indicatorSettings(of: plan.id), ratings: try await store.ratings(of: plan.id),
                decisions: try await store.taskDecisions(of: plan.id), today: today, dissolved: dissolved))
        }
        return ProvinceEvaluation(province: province, today: today, plans: plans, agencies: agencies,
                                  weights: try await store.scoreWeights(of: province.id))
    }

    /// The agencies that owe reports on the plan, by kind and name: those assigned anything in it that
    /// `owesReports`, as PlanEvaluation.reportingAgencies counts them (read here without evaluating the province).
    public func reportingAgencies(of plan: StoredPlan) async throws -> [Agency] {
        try await store.reportingAgencies(of: plan.id).filter(\.owesReports)
    }
}
