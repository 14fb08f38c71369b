import CoreMetrics
import Foundation
import KeHoachCore
import KeHoachStore

extension ReportCell {
    /// Nothing submitted yet: no report, a draft, or one returned to fix. The one rule of "still to send" for the
    /// reports list, the reminders and "Việc cần làm".
    public var awaitsSubmission: Bool { report.map { $0.status == .draft || $0.status == .returned } ?? true }

    /// Past its due date with nothing submitted yet: Core's `Timeliness.missing`, not a second comparison of dates.
    public var isMissing: Bool { if case .missing = timeliness { true } else { false } }
}

/// The reminders: from the state of every province on a day, the notifications that day calls for (reports due in
/// `Reminders.reportLeadDays` days, due today or missing; tasks due within `Reminders.taskLeadDays` or overdue), each
/// recorded once per person (`Notice.key`). Run by the server's background service (every 15 minutes by default) and
/// by `kehoach remind`; the same day run twice adds nothing.
extension KeHoachApp {
    /// The reports still to send, of every plan of the province, whose due date is between `from` and `through`:
    /// calendar periods from two before the current one, and ad-hoc requests.
    func reportCells(in province: Province.ID, from: CivilDate, through: CivilDate) async throws -> [(StoredPlan, ReportCell)] {
        var out: [(StoredPlan, ReportCell)] = []
        for plan in try await store.plans(in: province) {
            let calendar = ReportingCalendar(rule: plan.info.reporting)
            var periods: [Period] = []
            var p = calendar.current(on: from).previous
            while calendar.due(p) <= through, periods.count < 60 { periods.append(p); p = p.next }
            let requests = try await store.adhocRequests(of: plan.id).filter { $0.due >= from && $0.due <= through }
            let cells = try await reportCells(plan, periods: periods + requests.map(\.period))
            for cell in cells.values.joined() where cell.owed && cell.due >= from && cell.due <= through { out.append((plan, cell)) }
        }
        return out
    }

    /// The notifications due today for everyone of the province (not yet recorded or not).
    public func reminders(in province: Province.ID) async throws -> [(User.ID, Notice)] {
        let today = self.today
        let officers = Dictionary(grouping: try await store.users().filter {
            $0.provinceID == province && !$0.disabled && ($0.role == .reporter || $0.role == .head) && $0.agencyID != nil
        }, by: { $0.agencyID! }).mapValues { $0.map(\.id) }
        var out: [(User.ID, Notice)] = []
        // Reports: missing since at most a month (older gaps are the matrix's business, not a new reminder's).
        for (plan, cell) in try await reportCells(in: province, from: today.adding(days: -31), through: today.adding(days: Reminders.reportLeadDays))
        where cell.awaitsSubmission {
            guard let users = officers[cell.agency.id],
                  let notice = Notice.reportDue(plan: plan.id, planTitle: plan.info.title, period: cell.period, periodLabel: cell.period.label,
                                                due: cell.due, agency: cell.agency.id, today: today) else { continue }
            out += users.map { ($0, notice) }
        }
        // Tasks the agency leads.
        guard let p = try await store.province(province) else { return out }
        for plan in try await evaluation(of: p).plans {
            for task in plan.tasks {
                guard let result = plan.taskResults[task.id], let due = result.due,
                      result.status == .overdue || (result.dueSoon && result.status != .overdue) else { continue }
                for agency in plan.assignments.taskLeads[task.id] ?? [] {
                    let notice = Notice.task(task, due: due, overdue: result.status == .overdue, agency: agency, today: today)
                    out += (officers[agency] ?? []).map { ($0, notice) }
                }
            }
        }
        return out
    }

    /// Records today's reminders of every province; returns how many notifications were new.
    @discardableResult
    public func remind() async throws -> Int {
        var added = 0
        for province in try await store.provinces() { added += try await store.notify(try await reminders(in: province.id)) }
        Counter(label: "kehoach_reminders_total").increment(by: added)
        return added
    }
}

/// Calendar feeds: the due dates of an agency (its reports, the tasks it leads, the answers it owes) or of a whole
/// province (a coordinator's or a leader's: each plan's report dates, every task's deadline, every answer owed).
extension KeHoachApp {
    public enum CalendarScope: Sendable, Hashable {
        case agency(Agency.ID)
        case province(Province.ID)
    }

    /// From a month back to a year ahead.
    public func calendarEvents(_ scope: CalendarScope, baseURL: String) async throws -> [ICalendar.Event] {
        let today = self.today
        let from = today.adding(days: -31), through = today.adding(days: 366)
        let province: Province.ID, agency: Agency.ID?
        switch scope {
        case let .agency(a):
            guard let found = try await store.agency(a) else { return [] }
            province = found.provinceID; agency = a
        case let .province(p):
            province = p; agency = nil
        }
        var events: [ICalendar.Event] = []
        var seenPeriods: Set<String> = []
        for (plan, cell) in try await reportCells(in: province, from: from, through: through) where agency == nil || cell.agency.id == agency {
            let key = "\(plan.id)-\(cell.period)"
            guard agency != nil || seenPeriods.insert(key).inserted else { continue }
            let what = cell.period.kind == .adhoc ? "Báo cáo đột xuất" : "Báo cáo \(cell.period.label)"
            events.append(ICalendar.Event(
                uid: agency.map { ICalendar.uid("report", "\(plan.id)", cell.period.description, "a\($0)") } ?? ICalendar.uid("report", "\(plan.id)", cell.period.description),
                date: cell.due, summary: "Hạn nộp: \(what) · \(Notice.short(plan.info.title, 80))",
                description: "\(what) về \(plan.info.title), hạn \(cell.due.vietnamese).", url: baseURL + "/reports/\(plan.id)/\(cell.period)",
                categories: ["Báo cáo"]))
        }
        guard let p = try await store.province(province) else { return events }
        for plan in try await evaluation(of: p).plans {
            for task in plan.tasks {
                guard let result = plan.taskResults[task.id], let due = result.due, due >= from, due <= through,
                      ![.completedOnTime, .completedLate, .cancelled].contains(result.status) else { continue }
                if let agency, !(plan.assignments.taskLeads[task.id] ?? []).contains(agency) { continue }
                let code = task.task.code.isEmpty ? "" : task.task.code + " "
                events.append(ICalendar.Event(uid: ICalendar.uid("task", "\(task.id)"), date: due,
                                              summary: "Hạn nhiệm vụ \(code)\(Notice.short(task.task.name, 100))",
                                              description: "\(task.task.name)\nKế hoạch: \(plan.plan.info.title)\nTình trạng: \(result.status.label)",
                                              url: baseURL + (agency.map { "/agencies/\($0)#task-\(task.id)" } ?? "/dashboard/tasks/\(task.id)"),
                                              categories: ["Nhiệm vụ"]))
            }
        }
        for item in try await store.followUps(province: province, plan: nil, agency: nil) where item.status == .open {
            if let agency, item.agencyID != agency { continue }
            guard item.due >= from, item.due <= through else { continue }
            events.append(ICalendar.Event(uid: ICalendar.uid("followup", "\(item.id)"), date: item.due,
                                          summary: "Hạn trả lời: \(item.kind.label.lowercased()) · \(Notice.short(item.question, 80))",
                                          description: item.question, url: baseURL + "/follow-ups/\(item.id)", categories: [item.kind.label]))
        }
        return events
    }
}
