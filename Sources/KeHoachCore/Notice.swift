import Foundation

/// A notification: an event that asks something of someone, kept for each person concerned (shown on "Việc cần
/// làm", counted in the header, mailed). Its wording is made here, once, for the page, the mail and the digest.
///
/// `key` names the event so that it is recorded once per person however often the reminders run: a report due in
/// three days is one notification, not one a run. A date in the key (a task's due date) makes a changed date a new
/// event.
public struct Notice: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A report due within `Reminders.reportLeadDays` days.
        case reportDueSoon = "report-due-soon"
        case reportDueToday = "report-due-today"
        /// Past its due date with nothing submitted.
        case reportMissing = "report-missing"
        case reportReturned = "report-returned"
        case taskDueSoon = "task-due-soon"
        case taskOverdue = "task-overdue"
        /// An explanation request sent to the agency, or a proposal assigned to it for an answer.
        case followUpRequested = "follow-up-requested"
        /// The coordinator reopened an answer: the agency is asked again.
        case followUpReopened = "follow-up-reopened"
        /// An answer to a request the person made, or to a proposal their agency wrote.
        case followUpAnswered = "follow-up-answered"

        /// Mailed at once rather than in the day's digest: what someone is waiting on (a return, a request).
        public var urgent: Bool { [.reportReturned, .followUpRequested, .followUpReopened].contains(self) }

        public var label: String {
            switch self {
            case .reportDueSoon: "Báo cáo sắp đến hạn"
            case .reportDueToday: "Báo cáo đến hạn hôm nay"
            case .reportMissing: "Báo cáo quá hạn chưa nộp"
            case .reportReturned: "Báo cáo bị trả lại"
            case .taskDueSoon: "Nhiệm vụ sắp đến hạn"
            case .taskOverdue: "Nhiệm vụ quá hạn"
            case .followUpRequested: "Cần trả lời"
            case .followUpReopened: "Cần trả lời lại"
            case .followUpAnswered: "Đã có trả lời"
            }
        }
    }

    public var kind: Kind
    public var key: String
    /// One sentence: what happened and what is asked, with the date it is due.
    public var title: String
    /// The page to open (a path of the site).
    public var link: String

    public init(kind: Kind, key: String, title: String, link: String) {
        self.kind = kind; self.key = key; self.title = title; self.link = link
    }

    public var urgent: Bool { kind.urgent }

    // MARK: - The events, worded

    public static func reportDue(plan: StoredPlan.ID, planTitle: String, period: Period, periodLabel: String, due: CivilDate, agency: Agency.ID,
                                 today: CivilDate) -> Notice? {
        let link = "/reports/\(plan)/\(period)"
        let key = "\(agency):\(plan):\(period)"
        let days = due.days(since: today)
        if days < 0 {
            return Notice(kind: .reportMissing, key: "report-missing:\(key):\(due)", link: link,
                          titled: "Báo cáo \(periodLabel) của \(short(planTitle)) đã quá hạn ngày \(due.vietnamese) mà chưa nộp")
        }
        if days == 0 {
            return Notice(kind: .reportDueToday, key: "report-due-today:\(key):\(due)", link: link,
                          titled: "Hôm nay (\(due.vietnamese)) là hạn nộp báo cáo \(periodLabel) của \(short(planTitle))")
        }
        guard days <= Reminders.reportLeadDays else { return nil }
        return Notice(kind: .reportDueSoon, key: "report-due-soon:\(key):\(due)", link: link,
                      titled: "Báo cáo \(periodLabel) của \(short(planTitle)) đến hạn ngày \(due.vietnamese) (còn \(days) ngày)")
    }

    public static func reportReturned(report: Report.ID, plan: StoredPlan.ID, planTitle: String, period: Period, periodLabel: String,
                                      comment: String, at stamp: String) -> Notice {
        Notice(kind: .reportReturned, key: "report-returned:\(report):\(stamp)", link: "/reports/\(plan)/\(period)",
               titled: "Báo cáo \(periodLabel) của \(short(planTitle)) bị trả lại để sửa: \(short(comment, 200))")
    }

    /// For the officers of `agency`, which leads the task: the link opens the task on the agency's page.
    public static func task(_ task: StoredTask, due: CivilDate, overdue: Bool, agency: Agency.ID, today: CivilDate) -> Notice {
        let code = task.task.code.isEmpty ? "" : task.task.code + " "
        let name = "Nhiệm vụ \(code)«\(short(task.task.name, 120))»"
        let link = "/agencies/\(agency)#task-\(task.id)"
        if overdue {
            return Notice(kind: .taskOverdue, key: "task-overdue:\(task.id):\(due)", link: link,
                          titled: "\(name) đã quá hạn \(today.days(since: due)) ngày (hạn \(due.vietnamese))")
        }
        return Notice(kind: .taskDueSoon, key: "task-due-soon:\(task.id):\(due)", link: link,
                      titled: "\(name) đến hạn ngày \(due.vietnamese)")
    }

    public static func followUpRequested(_ f: FollowUp, about: String, reopened: Bool = false) -> Notice {
        let what = f.kind == .explanation ? "Yêu cầu giải trình về \(about)" : "Kiến nghị cần trả lời: «\(short(f.question, 160))»"
        return Notice(kind: reopened ? .followUpReopened : .followUpRequested,
                      key: "\(reopened ? "follow-up-reopened" : "follow-up-requested"):\(f.id):\(f.due):\(f.answeredAt ?? "")",
                      link: "/follow-ups/\(f.id)", titled: "\(what), hạn trả lời \(f.due.vietnamese)\(reopened ? " (mở lại, cần trả lời lại)" : "")")
    }

    public static func followUpAnswered(_ f: FollowUp, agencyName: String) -> Notice {
        let what = f.kind == .explanation ? "\(agencyName) đã giải trình" : "Kiến nghị «\(short(f.question, 120))» đã có trả lời"
        return Notice(kind: .followUpAnswered, key: "follow-up-answered:\(f.id):\(f.answeredAt ?? "")", link: "/follow-ups/\(f.id)",
                      titled: "\(what): \(short(f.answer ?? "", 160))")
    }

    init(kind: Kind, key: String, link: String, titled title: String) {
        self.init(kind: kind, key: key, title: title, link: link)
    }

    /// A long text cut at a word, with an ellipsis.
    public static func short(_ text: String, _ limit: Int = 90) -> String {
        let t = TextFolding.collapseSpaces(text).trimmingCharacters(in: .whitespacesAndNewlines)
        guard t.count > limit else { return t }
        var cut = String(t.prefix(limit))
        if let space = cut.lastIndex(of: " ") { cut = String(cut[..<space]) }
        return cut + "…"
    }
}

/// When reminders are sent.
public enum Reminders {
    /// A report is announced this many days before its due date, again on the day, and once when it is missing.
    public static let reportLeadDays = 3
    /// Tasks are announced when they come within `TaskEvaluator.dueSoonDays` (30) of their due date, and once
    /// overdue: the same rule as the dashboard's "Sắp đến hạn" and "Quá hạn".
    public static var taskLeadDays: Int { TaskEvaluator.dueSoonDays }
}

/// A notification kept for one person.
public struct StoredNotice: Sendable, Hashable {
    public typealias ID = EntityID<StoredNotice>
    public var id: ID
    public var userID: User.ID
    public var notice: Notice
    public var createdAt: String
    public var readAt: String?
    public init(id: ID, userID: User.ID, notice: Notice, createdAt: String, readAt: String?) {
        self.id = id; self.userID = userID; self.notice = notice; self.createdAt = createdAt; self.readAt = readAt
    }
}
