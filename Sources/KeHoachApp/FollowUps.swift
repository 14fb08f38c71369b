import Foundation
import KeHoachCore
import KeHoachStore

/// Explanation requests and proposals: who may ask, what the item is about in words, and the notifications each
/// step sends (worded by Core's `Notice`).
extension KeHoachApp {
    public enum FollowUpResult: Sendable {
        case saved(FollowUp)
        case refused([FieldProblem])
    }

    /// What an item is about, as a notification and a page say it: `nhiệm vụ 1.2 «…»`, `chỉ tiêu «…»`.
    public func subject(of item: FollowUp) async throws -> String { try await subject(of: item.request) }

    public func subject(of item: FollowUpRequest) async throws -> String {
        if let t = item.taskID, let task = try await store.tasks(of: item.planID, filter: TaskFilter()).first(where: { $0.id == t }) {
            return "nhiệm vụ \(task.task.code.isEmpty ? "" : task.task.code + " ")«\(task.task.name)»"
        }
        if let i = item.indicatorID, let ind = try await store.indicators(of: item.planID).first(where: { $0.id == i }) {
            return "chỉ tiêu «\(ind.indicator.name)»"
        }
        return "kiến nghị"
    }

    /// A leader's or the coordinator's explanation request, or the coordinator's assignment of a proposal: checked
    /// (`FollowUpRequest.problems`), then saved with a notification to the answering agency's officers.
    public func createFollowUp(_ request: FollowUpRequest, plan: StoredPlan, by actor: Actor) async throws -> FollowUpResult {
        var problems = request.problems(today: today)
        if let agency = request.agencyID {
            let agencies = try await reportingAgencies(of: plan)
            if !agencies.contains(where: { $0.id == agency }) {
                problems.append(FieldProblem(field: "agency", message: "Cơ quan này không thực hiện kế hoạch."))
            }
        }
        if let t = request.taskID, try await !store.tasks(of: plan.id, filter: TaskFilter()).contains(where: { $0.id == t }) {
            problems.append(FieldProblem(field: "subject", message: "Nhiệm vụ không thuộc kế hoạch."))
        }
        if let i = request.indicatorID, try await !store.indicators(of: plan.id).contains(where: { $0.id == i }) {
            problems.append(FieldProblem(field: "subject", message: "Chỉ tiêu không thuộc kế hoạch."))
        }
        guard problems.isEmpty else { return .refused(problems) }
        let about = try await subject(of: request)
        return .saved(try await store.createFollowUp(request, province: plan.provinceID, notice: { Notice.followUpRequested($0, about: about) }, by: actor))
    }

    /// The agency's answer (or the coordinator's own, for a proposal it answers itself): the requester and the
    /// proposal's authors are told.
    public func answerFollowUp(_ item: FollowUp, answer: String, evidence: String?, files: [FollowUpFile] = [], by actor: Actor) async throws -> FollowUp {
        let name = try await agencyName(item.agencyID) ?? "Cơ quan điều phối"
        return try await store.answerFollowUp(item.id, answer: answer, evidence: evidence, files: files, today: today,
                                              notice: { Notice.followUpAnswered($0, agencyName: name) }, by: actor)
    }

    public func reopenFollowUp(_ item: FollowUp, due: CivilDate, by actor: Actor) async throws -> FollowUp {
        let about = try await subject(of: item)
        return try await store.reopenFollowUp(item.id, due: due, notice: { Notice.followUpRequested($0, about: about, reopened: true) }, by: actor)
    }

    func agencyName(_ id: Agency.ID?) async throws -> String? {
        guard let id else { return nil }
        return try await store.agency(id)?.name
    }

    /// The proposals agencies wrote in their submitted reports of a plan, one item a statement (as the consolidated
    /// report splits them: `ReportSynthesis.sentences`), with the follow-up each became, if any. Newest period first.
    public func proposals(of plan: StoredPlan) async throws -> [ProposalEntry] {
        let reports = try await store.proposalTexts(of: plan.id)
        let items = try await store.followUps(province: plan.provinceID, plan: plan.id, agency: nil).filter { $0.kind == .proposal }
        let byKey = Dictionary(items.compactMap { f in f.reportID.map { ("\($0)|\(ProposalEntry.key(f.question))", f) } }, uniquingKeysWith: { a, _ in a })
        var out: [ProposalEntry] = []
        for r in reports.sorted(by: { ($0.report.period, $0.report.agencyID) > ($1.report.period, $1.report.agencyID) }) {
            for text in ReportSynthesis.sentences(r.text) {
                out.append(ProposalEntry(report: r.report, text: text, followUp: byKey["\(r.report.id)|\(ProposalEntry.key(text))"]))
            }
        }
        return out
    }
}

/// One proposal of a report and what became of it.
public struct ProposalEntry: Sendable {
    public var report: ReportSummary
    public var text: String
    public var followUp: FollowUp?
    /// The same proposal whatever its spacing or case: how an item is matched to the words of its report.
    public static func key(_ text: String) -> String { TextFolding.searchKey(text) }
}
