import Foundation
import KeHoachCore
import KeHoachDemo
import KeHoachStore

/// The demo province's follow-up, so that a newcomer sees it at work: the leader's explanation requests on overdue
/// tasks and indicators at risk (answered on time, answered late, waiting, overdue), proposals of reports assigned
/// and answered (one by the coordinator itself, one closed, one waiting), and the day's reminders. Written through
/// the same use cases as the pages (audited, notifying), by the demo accounts.
extension KeHoachApp {
    @discardableResult
    /// The demo province publishes its first plan as open data (CC BY 4.0), by its coordinator: a newcomer opens
    /// /open without signing in. Returns the plan published.
    public func publishDemoPlan(province: Province) async throws -> StoredPlan? {
        guard let plan = try await store.plans(in: province.id).first else { return nil }
        let coordinator = try await store.users().first { $0.provinceID == province.id && $0.role == .coordinator }
        try await store.setPublication(plan.id, licence: .ccBy, on: today,
                                       by: coordinator.map { Actor(userID: $0.id, username: $0.username) } ?? .system)
        return plan
    }

    public func seedDemoFollowUps(province: Province) async throws -> Int {
        let users = try await store.users().filter { $0.provinceID == province.id }
        guard let leader = users.first(where: { $0.role == .viewer }), let coordinator = users.first(where: { $0.role == .coordinator }) else { return 0 }
        let asLeader = Actor(userID: leader.id, username: leader.username), asCoordinator = Actor(userID: coordinator.id, username: coordinator.username)
        func officer(_ agency: Agency.ID?) -> Actor {
            users.first { $0.agencyID == agency && ($0.role == .reporter || $0.role == .head) }.map { Actor(userID: $0.id, username: $0.username) }
                ?? Actor(userID: nil, username: "demo")
        }
        let today = self.today
        let e = try await evaluation(of: province)
        let noiVu = try await store.agencies(in: province.id).first { $0.name == "Sở Nội vụ" }?.id
        var count = 0

        // Explanation requests about overdue tasks: the first one led by Sở Nội vụ (whose demo officer answers it).
        var overdue = e.plans.flatMap { p in
            p.tasks.filter { p.taskResults[$0.id]?.status == .overdue && !(p.assignments.taskLeads[$0.id] ?? []).isEmpty }.map { (p, $0) }
        }
        if let i = overdue.firstIndex(where: { p, t in p.assignments.taskLeads[t.id]?.contains(noiVu ?? .init(0)) ?? false }) { overdue.swapAt(0, i) }
        let answers = [
            ("Nhiệm vụ chậm do chưa được bố trí kinh phí năm 2026. Sở đã đề nghị Sở Tài chính bổ sung dự toán; dự kiến hoàn thành trong quý I/2027.",
             "Công văn số 215/SNV-VP"),
            ("Nhà thầu chậm bàn giao sản phẩm do thay đổi yêu cầu kết nối với nền tảng của Bộ; đã gia hạn hợp đồng đến 31/01/2027 và giao kiểm tra hằng tuần.",
             "Công văn số 1042/STC-NS"),
        ]
        // (due offset from today, answer index or nil): waiting, answered on time, answered late.
        let plans: [(Int, Int?)] = [(7, nil), (5, 0), (-3, 1)]
        for (n, (plan, task)) in overdue.prefix(plans.count).enumerated() {
            let agency = (plan.assignments.taskLeads[task.id] ?? []).sorted().first { $0 == noiVu } ?? (plan.assignments.taskLeads[task.id] ?? []).sorted().first!
            let (offset, answer) = plans[n]
            let request = FollowUpRequest(kind: .explanation, planID: plan.plan.id, agencyID: agency, taskID: task.id,
                                          question: "Đề nghị giải trình nguyên nhân nhiệm vụ \(task.task.code) chậm tiến độ và giải pháp, thời hạn hoàn thành.",
                                          due: today.adding(days: offset))
            let about = "nhiệm vụ \(task.task.code) «\(task.task.name)»"
            let item = try await store.createFollowUp(request, province: province.id, notice: { Notice.followUpRequested($0, about: about) }, by: asLeader)
            count += 1
            if let answer {
                _ = try await answerFollowUp(item, answer: answers[answer].0, evidence: "\(answers[answer].1) ngày \(today.vietnamese)", by: officer(agency))
            }
        }
        // An indicator at risk, explained; one missed, not explained past its due date.
        let risky = e.plans.flatMap { p in
            p.indicators.filter { [IndicatorStatus.atRisk, .missed].contains(p.indicatorResults[$0.id]?.status) }.map { (p, $0) }
        }
        for (n, (plan, indicator)) in risky.prefix(2).enumerated() {
            guard let agency = (plan.assignments.indicatorLeads[indicator.id] ?? plan.assignments.indicatorMonitors[indicator.id] ?? []).sorted().first else { continue }
            let request = FollowUpRequest(kind: .explanation, planID: plan.plan.id, agencyID: agency, indicatorID: indicator.id,
                                          question: "Đề nghị làm rõ nguyên nhân chỉ tiêu chưa đạt tiến độ và khả năng hoàn thành trong năm.",
                                          due: today.adding(days: n == 0 ? 4 : -2))
            let about = "chỉ tiêu «\(indicator.indicator.name)»"
            let item = try await store.createFollowUp(request, province: province.id, notice: { Notice.followUpRequested($0, about: about) }, by: asLeader)
            count += 1
            if n == 0 {
                _ = try await answerFollowUp(item, answer: "Số liệu kỳ trước chưa tổng hợp đủ từ cấp xã; sau khi cập nhật, dự kiến đạt chỉ tiêu vào tháng 12.",
                                             evidence: nil, by: officer(agency))
            }
        }
        // Proposals of the latest reports: assigned and answered, answered by the coordinator (then closed), waiting.
        var seen: Set<String> = []
        var distinct: [(StoredPlan, ProposalEntry)] = []
        for p in e.plans {
            for entry in try await proposals(of: p.plan) where entry.followUp == nil && seen.insert(ProposalEntry.key(entry.text)).inserted {
                distinct.append((p.plan, entry))
            }
        }
        // Each to the department it names (the coordinator itself answers what asks the province or Sở KH&CN); the
        // fourth is left for the coordinator to assign.
        let departments = try await store.agencies(in: province.id).filter { $0.name.hasPrefix("Sở ") && $0.name != "Sở Khoa học và Công nghệ" }
        for (n, (proposalPlan, entry)) in distinct.prefix(3).enumerated() {
            let to = departments.first { entry.text.contains($0.name) }?.id
            let request = FollowUpRequest(kind: .proposal, planID: proposalPlan.id, agencyID: to, reportID: entry.report.id, sourceAgencyID: entry.report.agencyID,
                                          period: entry.report.period, question: entry.text, due: today.adding(days: n == 2 ? 10 : 6))
            let item = try await store.createFollowUp(request, province: province.id, notice: { Notice.followUpRequested($0, about: "kiến nghị") }, by: asCoordinator)
            count += 1
            guard n < 2 else { continue }
            let answerer = to == nil ? asCoordinator : officer(to)
            _ = try await answerFollowUp(item, answer: n == 0
                ? "Đã tiếp thu; đã tham mưu UBND tỉnh ban hành văn bản hướng dẫn trong tháng 12/2026 và bố trí trong dự toán năm 2027."
                : "Đã tổng hợp, đề nghị Bộ Khoa học và Công nghệ hướng dẫn; sẽ thông báo đến các cơ quan, đơn vị khi có văn bản trả lời.",
                                         evidence: n == 0 ? "Công văn số 312/\(departments.first { $0.id == to }.map { ReportBuilder.abbreviation($0.name) } ?? "SKHCN")-VP ngày \(today.vietnamese)" : nil,
                                         by: answerer)
            if n == 1 { _ = try await store.closeFollowUp(item.id, by: asCoordinator) }
        }
        try await remind()
        return count
    }
}
