import Foundation

/// Something an agency must answer: an explanation request (yêu cầu giải trình) a leader or the coordinator sends
/// about an indicator at risk or missed, or an overdue task; or a proposal (kiến nghị, đề xuất) an agency wrote in a
/// report, which the coordinator assigns to the agency that must answer it (or answers it itself).
///
/// Status: open → answered → closed; the coordinator may reopen an answered item (the answer is not good enough),
/// which asks the agency again.
@dynamicMemberLookup
public struct FollowUp: Sendable, Hashable, Codable {
    public typealias ID = EntityID<FollowUp>

    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case explanation
        case proposal

        public var label: String {
            switch self {
            case .explanation: "Yêu cầu giải trình"
            case .proposal: "Kiến nghị, đề xuất"
            }
        }
    }

    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case open
        case answered
        case closed

        public var label: String {
            switch self {
            case .open: "Chờ trả lời"
            case .answered: "Đã trả lời"
            case .closed: "Đã đóng"
            }
        }
    }

    public var id: ID
    public var provinceID: Province.ID
    /// What was asked, of whom, about what, by when (read through: `item.kind`, `item.agencyID`, `item.due` …).
    public var request: FollowUpRequest
    public var status: Status
    public var requestedBy: String
    /// Instants as the store keeps them (UTC ISO 8601).
    public var createdAt: String
    public var answer: String?
    /// Documents the answer cites (`Công văn số 12/STTTT ngày 05/3/2026`), as typed.
    public var evidence: String?
    public var answeredBy: String?
    public var answeredAt: String?
    /// The day (Vietnam time) the answer was given: what "on time" is judged on.
    public var answeredOn: CivilDate?

    public init(id: ID, provinceID: Province.ID, request: FollowUpRequest, status: Status = .open, requestedBy: String, createdAt: String,
                answer: String? = nil, evidence: String? = nil, answeredBy: String? = nil, answeredAt: String? = nil, answeredOn: CivilDate? = nil) {
        self.id = id; self.provinceID = provinceID; self.request = request; self.status = status; self.requestedBy = requestedBy
        self.createdAt = createdAt; self.answer = answer; self.evidence = evidence; self.answeredBy = answeredBy; self.answeredAt = answeredAt
        self.answeredOn = answeredOn
    }

    public subscript<T>(dynamicMember path: KeyPath<FollowUpRequest, T>) -> T { request[keyPath: path] }

    /// How the answer stands against the due date, by the same rule as reports: answered on time, late by n days,
    /// not answered past the due date, or not due yet.
    public func timeliness(today: CivilDate) -> Timeliness {
        Timeliness.of(due: request.due, submittedOn: status == .open ? nil : answeredOn, today: today)
    }

    /// The state in words, as every page, the scorecard and the report say it: "trả lời đúng hạn", "trả lời muộn 3
    /// ngày", "chưa trả lời (quá hạn 5 ngày)", "chờ trả lời (hạn 05/12/2026)".
    public func stateLabel(today: CivilDate) -> String {
        switch timeliness(today: today) {
        case .onTime: "trả lời đúng hạn"
        case let .late(days): "trả lời muộn \(days) ngày"
        case let .missing(days): "chưa trả lời (quá hạn \(days) ngày)"
        case .pending: "chờ trả lời (hạn \(request.due.vietnamese))"
        }
    }

    /// Waiting for an answer past its due date.
    public func isOverdue(today: CivilDate) -> Bool { status == .open && today > request.due }
}

/// How an agency answered what it was asked: the agency's scorecard line and the consolidated report's words.
public struct FollowUpTally: Sendable, Hashable {
    public var onTime = 0, late = 0, missing = 0, pending = 0
    public init(_ items: [FollowUp], today: CivilDate) {
        for f in items {
            switch f.timeliness(today: today) {
            case .onTime: onTime += 1
            case .late: late += 1
            case .missing: missing += 1
            case .pending: pending += 1
            }
        }
    }
    public var total: Int { onTime + late + missing + pending }
    /// "3 đúng hạn, 1 muộn, 1 quá hạn chưa trả lời, 2 chưa đến hạn".
    public var text: String {
        var parts = ["\(onTime) trả lời đúng hạn", "\(late) trả lời muộn", "\(missing) quá hạn chưa trả lời"]
        if pending > 0 { parts.append("\(pending) chưa đến hạn") }
        return parts.joined(separator: ", ")
    }
}

/// What a new follow-up says: checked before anything is written.
public struct FollowUpRequest: Sendable, Hashable, Codable {
    public var kind: FollowUp.Kind
    public var planID: StoredPlan.ID
    public var agencyID: Agency.ID?
    public var taskID: StoredTask.ID?
    public var indicatorID: StoredIndicator.ID?
    public var reportID: Report.ID?
    public var sourceAgencyID: Agency.ID?
    public var period: Period?
    public var question: String
    public var due: CivilDate

    public init(kind: FollowUp.Kind, planID: StoredPlan.ID, agencyID: Agency.ID?, taskID: StoredTask.ID? = nil, indicatorID: StoredIndicator.ID? = nil,
                reportID: Report.ID? = nil, sourceAgencyID: Agency.ID? = nil, period: Period? = nil, question: String, due: CivilDate) {
        self.kind = kind; self.planID = planID; self.agencyID = agencyID; self.taskID = taskID; self.indicatorID = indicatorID
        self.reportID = reportID; self.sourceAgencyID = sourceAgencyID; self.period = period; self.question = question; self.due = due
    }

    public static let maxQuestion = 4_000
    public static let maxAnswer = 10_000

    /// What is wrong with it, each problem with its form field (`question`, `due`, `agency`).
    public func problems(today: CivilDate) -> [FieldProblem] {
        var out: [FieldProblem] = []
        let q = question.trimmingCharacters(in: .whitespacesAndNewlines)
        if q.isEmpty { out.append(FieldProblem(field: "question", message: kind == .explanation ? "Cần ghi nội dung yêu cầu giải trình." : "Cần ghi nội dung kiến nghị.")) }
        if q.count > Self.maxQuestion {
            out.append(FieldProblem(field: "question", message: "Quá dài: tối đa \(VietnameseNumber.display(Double(Self.maxQuestion))) ký tự."))
        }
        if due < today { out.append(FieldProblem(field: "due", message: "Hạn trả lời đã qua (hôm nay là \(today.vietnamese)).")) }
        if due > today.adding(days: 366) { out.append(FieldProblem(field: "due", message: "Hạn trả lời quá một năm kể từ hôm nay.")) }
        if kind == .explanation {
            if agencyID == nil { out.append(FieldProblem(field: "agency", message: "Cần chọn cơ quan giải trình.")) }
            if (taskID == nil) == (indicatorID == nil) { out.append(FieldProblem(field: "subject", message: "Cần chọn một nhiệm vụ hoặc một chỉ tiêu.")) }
        }
        return out
    }
}

/// A file given with an answer (kept by its content hash, like a report's evidence).
public struct FollowUpFile: Sendable, Hashable {
    public typealias ID = EntityID<FollowUpFile>
    public var id: ID
    public var followUpID: FollowUp.ID
    public var sha256: String
    public var name: String
    public var mediaType: String
    public var size: Int
    public init(id: ID = .init(0), followUpID: FollowUp.ID = .init(0), sha256: String, name: String, mediaType: String, size: Int) {
        self.id = id; self.followUpID = followUpID; self.sha256 = sha256; self.name = name; self.mediaType = mediaType; self.size = size
    }
}

/// A calendar subscription: a secret address (its token kept hashed) that lists the due dates of one person or one
/// agency until it is revoked.
public struct CalendarFeed: Sendable, Hashable {
    public typealias ID = EntityID<CalendarFeed>
    public var id: ID
    /// Whose dates: a person's, or an agency's (shared by its officers).
    public var userID: User.ID?
    public var agencyID: Agency.ID?
    public var createdBy: User.ID
    public var createdAt: String
    public var lastUsedAt: String?
    public var revokedAt: String?
    public init(id: ID, userID: User.ID?, agencyID: Agency.ID?, createdBy: User.ID, createdAt: String, lastUsedAt: String?, revokedAt: String?) {
        self.id = id; self.userID = userID; self.agencyID = agencyID; self.createdBy = createdBy; self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt; self.revokedAt = revokedAt
    }
}

/// Follow-up items, notifications and calendar feeds. Every write is audited in its own transaction, and the
/// notifications an event causes are written in that same transaction (a request is never saved without telling
/// the agency, nor the agency told of a request that was not saved).
public protocol FollowUpStore: Sendable {
    /// Saves a new item (checked by the caller with `FollowUpRequest.problems`); `notice` words the notification
    /// each officer (reporter, head) of the answering agency receives.
    func createFollowUp(_ request: FollowUpRequest, province: Province.ID, notice: @escaping @Sendable (FollowUp) -> Notice?,
                        by actor: Actor) async throws -> FollowUp
    func followUp(_ id: FollowUp.ID) async throws -> FollowUp?
    /// Items of a province (nil: every province), optionally of one plan, or those an agency answers or wrote.
    func followUps(province: Province.ID?, plan: StoredPlan.ID?, agency: Agency.ID?) async throws -> [FollowUp]
    /// The proposals written in a plan's submitted or accepted reports (reports without any left out).
    func proposalTexts(of plan: StoredPlan.ID) async throws -> [(report: ReportSummary, text: String)]
    /// Records the answer (open items only; `today` is the day it counts as given on). `notice` is sent to whoever
    /// asked and, for a proposal, to the officers of the agency that wrote it.
    func answerFollowUp(_ id: FollowUp.ID, answer: String, evidence: String?, files: [FollowUpFile], today: CivilDate,
                        notice: @escaping @Sendable (FollowUp) -> Notice, by actor: Actor) async throws -> FollowUp
    /// The files given with an item's answer, and one of them.
    func followUpFiles(_ id: FollowUp.ID) async throws -> [FollowUpFile]
    func followUpFile(_ id: FollowUpFile.ID) async throws -> FollowUpFile?
    /// Closes an answered item, or reopens it with a new due date (the agency is asked again through `notice`).
    func closeFollowUp(_ id: FollowUp.ID, by actor: Actor) async throws -> FollowUp
    func reopenFollowUp(_ id: FollowUp.ID, due: CivilDate, notice: @escaping @Sendable (FollowUp) -> Notice,
                        by actor: Actor) async throws -> FollowUp

    /// Records notifications, each once per person and key; returns how many were new.
    @discardableResult
    func notify(_ notices: [(User.ID, Notice)]) async throws -> Int
    /// The person's notifications, newest first.
    func notices(of user: User.ID, limit: Int) async throws -> [StoredNotice]
    func unreadNotices(of user: User.ID) async throws -> Int
    /// Marks one (or, with nil, every) notification of the person read; returns the one marked.
    @discardableResult
    func markRead(user: User.ID, notice: StoredNotice.ID?) async throws -> StoredNotice?

    /// A new feed whose token's SHA-256 is `tokenHash` (the token itself is shown once and never stored).
    func createCalendarFeed(tokenHash: String, user: User.ID?, agency: Agency.ID?, by actor: Actor) async throws -> CalendarFeed
    /// Feeds a person created, or of an agency, revoked ones included.
    func calendarFeeds(createdBy user: User.ID) async throws -> [CalendarFeed]
    func revokeCalendarFeed(_ id: CalendarFeed.ID, by actor: Actor) async throws
    /// The live feed of a token (not revoked); its use is recorded (last used).
    func calendarFeed(tokenHash: String) async throws -> CalendarFeed?
}
