import Foundation
import Hummingbird
import KeHoachApp
import KeHoachCore

/// "Việc cần làm", every signed-in user's home page: what to do now for their role (computed from the data by the
/// same rules as the reports list, the matrix and the dashboard, so it empties as the work is done), then their
/// notifications, newest first. A notification opened through `/notifications/:id` is marked read.
struct TodoController {
    let app: AppServices

    func register(_ router: RouteTable) {
        router.get("/todo", use: todo)
        router.get("/notifications/:id", use: open)
        router.post("/notifications/read", use: readAll)
    }

    @Sendable func todo(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser(request)
        let sections = try await agenda(for: user)
        let notices = try await app.store.notices(of: user.id, limit: 60)
        let view = TodoView(
            sections: sections, hasSections: !sections.isEmpty,
            notices: notices.map { n in
                .init(id: n.id.description, title: n.notice.title, kind: n.notice.kind.label, when: VietnameseTime.text(stamp: n.createdAt) ?? n.createdAt,
                      unread: n.readAt == nil)
            },
            hasNotices: !notices.isEmpty, unread: context.unread, today: app.today.vietnamese)
        return app.pages.render(.todo, title: Texts.text("nav.todo"), view: view, context: context)
    }

    @Sendable func open(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser(request)
        guard let id = StoredNotice.ID(context.parameters.get("id") ?? ""),
              let notice = try await app.store.markRead(user: user.id, notice: id) else { throw HTTPError(.notFound) }
        // Only a path of this site (the store wrote it; checked again so a stored link can never send elsewhere).
        let link = notice.notice.link
        return Pages.redirect(link.hasPrefix("/") && !link.hasPrefix("//") ? link : "/todo")
    }

    @Sendable func readAll(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser(request)
        let form = try await FormFields.body(request)
        try context.checkCSRF(form)
        try await app.store.markRead(user: user.id, notice: nil)
        return Pages.redirect("/todo")
    }

    // MARK: - What to do now

    func agenda(for user: User) async throws -> [TodoView.Section] {
        var sections: [TodoView.Section] = []
        let today = app.today
        if let agency = user.agencyID, user.role == .reporter || user.role == .head {
            // The agency's reports still to send (the reports list's rule), past due first.
            var reports: [TodoView.Item] = []
            for plan in try await app.store.plans(in: user.provinceID) {
                guard try await app.core.reportingAgencies(of: plan).contains(where: { $0.id == agency }) else { continue }
                for cell in try await app.core.openReports(plan, agency: agency) {
                    reports.append(.init(title: "Báo cáo \(cell.period.kind == .adhoc ? "đột xuất" : cell.period.label) · \(plan.info.title)",
                                         detail: cell.report?.status.label ?? "Chưa lập", link: "/reports/\(plan.id)/\(cell.period)",
                                         due: cell.due.vietnamese, late: cell.isMissing,
                                         state: cell.timeliness.label(pending: "chưa đến hạn", overdue: true)))
                }
            }
            sections.append(.init(heading: "Báo cáo cần nộp", items: reports, empty: "Không còn báo cáo nào phải nộp."))
            let items = try await app.store.followUps(province: user.provinceID, plan: nil, agency: agency)
            sections.append(.init(heading: "Cần trả lời", items: items.filter { $0.agencyID == agency && $0.status == .open }
                .sorted { $0.due < $1.due }.map { followUpItem($0, today: today) }, empty: "Không có yêu cầu giải trình hay kiến nghị nào chờ đơn vị trả lời."))
            let answered = items.filter { $0.kind == .proposal && $0.sourceAgencyID == agency && $0.status != .open }
            if !answered.isEmpty {
                sections.append(.init(heading: "Kiến nghị của đơn vị đã có trả lời", items: answered.reversed().prefix(20).map {
                    .init(title: Notice.short($0.question, 160), detail: "Trả lời: " + Notice.short($0.answer ?? "", 200), link: "/follow-ups/\($0.id)",
                          due: nil, late: false, state: $0.status.label)
                }, empty: ""))
            }
            if let province = try await app.store.province(user.provinceID ?? .init(0)) {
                var tasks: [TodoView.Item] = []
                for plan in try await app.evaluation(of: province).plans {
                    for task in plan.tasks where plan.assignments.taskLeads[task.id]?.contains(agency) ?? false {
                        guard let r = plan.taskResults[task.id], let due = r.due, r.status == .overdue || r.dueSoon else { continue }
                        tasks.append(.init(title: "\(task.task.code) \(task.task.name)", detail: plan.plan.info.title,
                                           link: "/agencies/\(agency)#task-\(task.id)", due: due.vietnamese, late: r.status == .overdue,
                                           state: r.status == .overdue ? "quá hạn \(r.daysOverdue ?? today.days(since: due)) ngày" : "sắp đến hạn"))
                    }
                }
                sections.append(.init(heading: "Nhiệm vụ đơn vị chủ trì: quá hạn, sắp đến hạn", items: tasks.filter(\.late) + tasks.filter { !$0.late },
                                      empty: "Không có nhiệm vụ quá hạn hay sắp đến hạn."))
            }
            return sections
        }
        for province in try await app.visibleProvinces(user) {
            let prefix = user.role == .administrator ? "\(province.name): " : ""
            let items = try await app.store.followUps(province: province.id, plan: nil, agency: nil)
            if AccessPolicy.allows(user, .reviewReports, province: province.id) {
                // Reports waiting for review, and who has not sent the last period's, per plan.
                var review: [TodoView.Item] = [], missing: [TodoView.Item] = [], proposals: [TodoView.Item] = []
                for plan in try await app.store.plans(in: province.id) {
                    let summaries = try await app.store.reports(of: plan.id)
                    let waiting = summaries.filter { $0.status == .submitted }.count
                    if waiting > 0 {
                        review.append(.init(title: plan.info.title, detail: "\(waiting) báo cáo đã gửi, chờ tiếp nhận", link: "/plans/\(plan.id)/matrix",
                                            due: nil, late: false, state: ""))
                    }
                    let calendar = ReportingCalendar(rule: plan.info.reporting)
                    let last = calendar.lastDue(on: today)
                    if let cells = try await app.core.reportCells(plan, periods: [last])[last] {
                        let absent = cells.filter { $0.owed && $0.isMissing }.count
                        if absent > 0 {
                            missing.append(.init(title: plan.info.title, detail: "\(absent) cơ quan chưa nộp báo cáo \(last.label)",
                                                 link: "/plans/\(plan.id)/matrix", due: calendar.due(last).vietnamese, late: true, state: "quá hạn"))
                        }
                    }
                    let open = try await app.core.proposals(of: plan).filter { $0.followUp == nil && $0.report.period >= last.previous }
                    if !open.isEmpty {
                        proposals.append(.init(title: plan.info.title, detail: "\(open.count) kiến nghị chưa được phân công trả lời",
                                               link: "/plans/\(plan.id)/proposals", due: nil, late: false, state: ""))
                    }
                }
                sections.append(.init(heading: prefix + "Báo cáo chờ tiếp nhận", items: review, empty: "Không có báo cáo nào chờ tiếp nhận."))
                sections.append(.init(heading: prefix + "Cơ quan chưa nộp báo cáo kỳ vừa qua", items: missing, empty: "Mọi cơ quan đã nộp báo cáo kỳ vừa qua."))
                sections.append(.init(heading: prefix + "Kiến nghị cần phân công", items: proposals, empty: "Không có kiến nghị mới nào chờ phân công."))
                sections.append(.init(heading: prefix + "Trả lời cần xem xét", items: items.filter { $0.status == .answered }.map { followUpItem($0, today: today) },
                                      empty: "Không có trả lời nào chờ xem xét."))
                sections.append(.init(heading: prefix + "Quá hạn trả lời", items: items.filter { $0.isOverdue(today: today) }.map { followUpItem($0, today: today) },
                                      empty: "Không có yêu cầu nào quá hạn trả lời."))
            } else {
                // A leader: the requests they sent, and where things stand.
                let mine = items.filter { $0.requestedBy == user.username && $0.status != .closed }
                sections.append(.init(heading: "Yêu cầu giải trình đã gửi", items: mine.map { followUpItem($0, today: today) },
                                      empty: "Chưa gửi yêu cầu giải trình nào đang mở. Gửi từ trang của một nhiệm vụ quá hạn hoặc một chỉ tiêu có nguy cơ."))
                let e = try await app.evaluation(of: province)
                let overdue = e.plans.reduce(0) { n, p in n + p.taskResults.values.filter { $0.status == .overdue }.count }
                let atRisk = e.plans.reduce(0) { n, p in n + p.indicatorResults.values.filter { $0.status == .atRisk || $0.status == .missed }.count }
                sections.append(.init(heading: "Cần chú ý", items: [
                    .init(title: "\(overdue) nhiệm vụ quá hạn", detail: nil, link: "/dashboard/tasks?status=overdue", due: nil, late: overdue > 0, state: ""),
                    .init(title: "\(atRisk) chỉ tiêu có nguy cơ hoặc không đạt", detail: nil, link: "/dashboard/indicators", due: nil, late: atRisk > 0, state: ""),
                ], empty: ""))
            }
        }
        return sections
    }

    func followUpItem(_ f: FollowUp, today: CivilDate) -> TodoView.Item {
        .init(title: "\(f.kind.label): \(Notice.short(f.question, 160))", detail: f.status == .answered ? "Trả lời: " + Notice.short(f.answer ?? "", 160) : nil,
              link: "/follow-ups/\(f.id)", due: f.due.vietnamese, late: f.isOverdue(today: today),
              state: f.status == .closed ? "\(f.stateLabel(today: today)), đã đóng" : f.stateLabel(today: today))
    }
}

/// `todo`: sections of things to do, then the notifications.
struct TodoView: Encodable {
    struct Item: Encodable {
        var title: String
        var detail: String?
        var link: String
        var due: String?
        var late: Bool
        var state: String
    }
    struct Section: Encodable {
        var heading: String
        var items: [Item]
        var empty: String
        var count: Int
        var hasItems: Bool
        init(heading: String, items: [Item], empty: String) {
            self.heading = heading; self.items = items; self.empty = empty; count = items.count; hasItems = !items.isEmpty
        }
    }
    struct Note: Encodable {
        var id, title, kind, when: String
        var unread: Bool
    }
    var sections: [Section]
    var hasSections: Bool
    var notices: [Note]
    var hasNotices: Bool
    var unread: Int
    var today: String
}
