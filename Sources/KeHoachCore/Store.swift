import Foundation

/// The one storage interface of KeHoach. Implementations: SQLite (GRDB) now, PostgreSQL later; both pass
/// one conformance suite. Every write takes the actor and writes its audit entry in the same transaction.
public protocol Store: Sendable {
    // Directory
    func provinces() async throws -> [Province]
    func province(_ id: Province.ID) async throws -> Province?
    func agencies(in province: Province.ID) async throws -> [Agency]
    func agency(_ id: Agency.ID) async throws -> Agency?
    func successions(in province: Province.ID) async throws -> [Succession]
    func searchAgencies(_ query: String, in province: Province.ID?) async throws -> [Agency]
    /// Maps a name written in plans to an agency once: it becomes an alias and every stored reference with
    /// that text is resolved again.
    func addAlias(_ name: String, to agency: Agency.ID, by actor: Actor) async throws
    /// Records that `predecessor` became `successor` (abolished or merged): its tasks and indicators pass to the
    /// successor, the names as written are kept, and it leaves its groups.
    func addSuccession(_ succession: Succession, by actor: Actor) async throws
    /// A new agency of a province; refused when its name (or an alias) or its code is another agency's. References of
    /// the province's plans that name it now resolve.
    func createAgency(name: String, kind: AgencyKind, code: String?, in province: Province.ID, by actor: Actor) async throws -> Agency
    /// Renames an agency (the former name stays an alias) or changes its kind or code.
    func updateAgency(_ agency: Agency.ID, name: String, kind: AgencyKind, code: String?, by actor: Actor) async throws
    /// Closes an agency without a successor from a date (a merge is a succession).
    func retireAgency(_ agency: Agency.ID, on date: CivilDate, by actor: Actor) async throws
    /// Sets a name of the province's plans aside as a body outside the province: not asked to report.
    func markOutside(_ name: String, in province: Province.ID, by actor: Actor) async throws
    func outsideNames(in province: Province.ID) async throws -> [String]
    /// Loads a province's list of agencies and communes in one transaction (SQLStore+Directory.swift says how).
    func loadAgencyList(_ rows: [AgencyListRow], into province: Province.ID, by actor: Actor) async throws -> AgencyListResult

    // Plans
    func plans(in province: Province.ID?) async throws -> [StoredPlan]
    func plan(_ id: StoredPlan.ID) async throws -> StoredPlan?
    func indicators(of plan: StoredPlan.ID) async throws -> [StoredIndicator]
    func tasks(of plan: StoredPlan.ID, filter: TaskFilter) async throws -> [StoredTask]
    func tasks(ofAgency agency: Agency.ID) async throws -> [StoredTask]
    func indicators(ofAgency agency: Agency.ID) async throws -> [StoredIndicator]
    func unresolvedNames(in province: Province.ID) async throws -> [String]
    /// Loads an imported plan into a province; with `replacing`, updates that plan in place, matched by code.
    /// `corrections` (made by the coordinator in the import preview) are written to the audit log in the same
    /// transaction.
    func loadPlan(_ document: PlanDocument, source: Data, into province: Province.ID, replacing: StoredPlan.ID?,
                  corrections: [PlanCorrection], by actor: Actor) async throws -> LoadResult
    /// The names of `names` that match no agency of the province's directory (nor an alias, a predecessor or a group).
    func unresolvedNames(_ names: [String], in province: Province.ID) async throws -> Set<String>
    func searchTasks(_ query: String, in province: Province.ID?) async throws -> [StoredTask]

    // People
    func users() async throws -> [User]
    func user(_ id: User.ID) async throws -> User?
    func user(named username: String) async throws -> (User, passwordHash: String)?
    func createUser(username: String, displayName: String, passwordHash: String, role: Role, province: Province.ID?,
                    agency: Agency.ID?, mustChangePassword: Bool, by actor: Actor) async throws -> User
    func setPassword(_ user: User.ID, hash: String, mustChange: Bool, by actor: Actor) async throws
    /// Name, role, province and agency of an account (audited with what they were).
    func updateUser(_ user: User.ID, displayName: String, role: Role, province: Province.ID?, agency: Agency.ID?, by actor: Actor) async throws -> User
    /// A disabled account cannot sign in and its sessions end at once.
    func setDisabled(_ user: User.ID, _ disabled: Bool, by actor: Actor) async throws
    /// Forgets the failed sign-ins counted under `key` (audited as an unlock of `user`).
    func clearLoginFailures(key: String, user: User.ID, by actor: Actor) async throws

    // Sessions (kept in the database so that several server processes share them)
    func createSession(tokenHash: String, user: User.ID, csrfToken: String, expiresAt: Date) async throws
    func session(tokenHash: String, now: Date) async throws -> (User, csrfToken: String)?
    func deleteSession(tokenHash: String) async throws
    /// Records a failed sign-in and returns how many failures `key` had since `since`.
    func recordLoginFailure(key: String, at: Date, since: Date) async throws -> Int
    func loginFailures(key: String, since: Date) async throws -> Int

    /// A number that changes with every write the pages of `scope` can show (for caches of evaluations and
    /// rendered pages): `.evaluated` with plans, the directory and everything evaluation reads (submitted
    /// reports, decisions, ratings…), `.everything` also with saved drafts.
    func dataVersion(_ scope: DataScope) async throws -> Int64

    // Audit
    /// The newest entries first; with `province`, only what users of that province did.
    func audit(limit: Int, offset: Int, province: Province.ID?) async throws -> [AuditEntry]
    func record(_ action: String, entity: String, entityID: String?, before: String?, after: String?, by actor: Actor) async throws
}

/// A report as the submission matrix needs it.
public struct ReportSummary: Sendable, Hashable {
    public var id: Report.ID
    public var agencyID: Agency.ID
    public var period: Period
    public var status: ReportStatus
    public var firstSubmittedOn: CivilDate?
    public init(id: Report.ID, agencyID: Agency.ID, period: Period, status: ReportStatus, firstSubmittedOn: CivilDate?) {
        self.id = id; self.agencyID = agencyID; self.period = period; self.status = status; self.firstSubmittedOn = firstSubmittedOn
    }
}

/// One step of a report's workflow.
public struct ReportEvent: Sendable, Hashable {
    public var at: String
    public var username: String
    public var action: String
    public var comment: String?
    public init(at: String, username: String, action: String, comment: String?) {
        self.at = at; self.username = username; self.action = action; self.comment = comment
    }

    /// The step in words (`Gửi báo cáo`); one not listed shows as stored.
    public var actionLabel: String {
        ["save": "Lưu nháp", "submit": "Gửi báo cáo", "accept": "Tiếp nhận", "return": "Trả lại để sửa", "reopen": "Mở lại để sửa"][action] ?? action
    }

    /// When, in Vietnam time (`09:02 27/11/2026`).
    public var when: String { VietnameseTime.text(stamp: at) ?? at }
}

/// A file attached to a report as evidence (stored by its content hash).
public struct Attachment: Sendable, Hashable, Codable {
    public typealias ID = EntityID<Attachment>
    public var id: ID
    public var reportID: Report.ID
    public var taskID: StoredTask.ID?
    public var sha256: String
    public var name: String
    public var mediaType: String
    public var size: Int
    public var uploadedAt: String
    public var username: String
    public init(id: ID, reportID: Report.ID, taskID: StoredTask.ID?, sha256: String, name: String, mediaType: String, size: Int, uploadedAt: String, username: String) {
        self.id = id; self.reportID = reportID; self.taskID = taskID; self.sha256 = sha256; self.name = name; self.mediaType = mediaType
        self.size = size; self.uploadedAt = uploadedAt; self.username = username
    }
}

/// An ad-hoc report request (báo cáo đột xuất): its own subject, due date and agencies.
public struct AdhocRequest: Sendable, Hashable {
    public var id: Int64
    public var planID: StoredPlan.ID
    public var title: String
    public var due: CivilDate
    /// The agencies asked; every agency of the plan when the request named none.
    public var agencies: [Agency.ID]
    public init(id: Int64, planID: StoredPlan.ID, title: String, due: CivilDate, agencies: [Agency.ID]) {
        self.id = id; self.planID = planID; self.title = title; self.due = due; self.agencies = agencies
    }
    /// The period its reports are filed under: `2026R7`.
    public var period: Period { Period.adhoc(request: id, year: due.year)! }
    /// Whether it asks this agency (a request naming none asks them all).
    public func asks(_ agency: Agency.ID) -> Bool { agencies.isEmpty || agencies.contains(agency) }
}

/// Reports of agencies, per plan and period.
public protocol ReportStore: Sendable {
    func report(plan: StoredPlan.ID, agency: Agency.ID, period: Period) async throws -> Report?
    func report(_ id: Report.ID) async throws -> Report?
    /// Saves a draft, or submits (`submit`), in one transaction; refused when the report is not editable.
    func saveReport(plan: StoredPlan.ID, agency: Agency.ID, period: Period, input: ReportInput, submit: Bool, today: CivilDate,
                    by actor: Actor) async throws -> Report
    func acceptReport(_ id: Report.ID, by actor: Actor) async throws
    func returnReport(_ id: Report.ID, comment: String, by actor: Actor) async throws
    /// Lets the agency change an accepted report again.
    func reopenReport(_ id: Report.ID, by actor: Actor) async throws
    func reports(of plan: StoredPlan.ID) async throws -> [ReportSummary]
    /// The tasks and indicators an agency answers for in a plan: the cheap scope of a report form, for reading a
    /// submission.
    func reportScope(plan: StoredPlan.ID, agency: Agency.ID) async throws -> ReportScope
    /// The agencies that lead, partner or monitor anything in the plan (after succession and groups).
    func reportingAgencies(of plan: StoredPlan.ID) async throws -> [Agency]
    func events(of report: Report.ID) async throws -> [ReportEvent]
    /// Records a file already kept by its hash; the report must exist (a draft is created when needed by the caller).
    func addAttachment(report: Report.ID, task: StoredTask.ID?, sha256: String, name: String, mediaType: String, size: Int, by actor: Actor) async throws -> Attachment
    func attachments(of report: Report.ID) async throws -> [Attachment]
    func attachment(_ id: Attachment.ID) async throws -> Attachment?
    /// Asks agencies of a plan (all of them when `agencies` is empty) for a report on `title` by `due`.
    func createAdhocRequest(plan: StoredPlan.ID, title: String, due: CivilDate, agencies: [Agency.ID], by actor: Actor) async throws -> AdhocRequest
    func adhocRequests(of plan: StoredPlan.ID) async throws -> [AdhocRequest]
    /// Changes a plan's reporting rule (cadence, due day, month of the period).
    func setReporting(_ rule: ReportingRule, of plan: StoredPlan.ID, by actor: Actor) async throws
    /// Saves a new version of a consolidated report's draft (the next number for its scope and period), audited.
    func saveDraft(province: Province.ID, scope: ReportDraft.Scope, period: Period, document: AdministrativeDocument, edited: Set<String>,
                   change: String, by actor: Actor) async throws -> ReportDraft
    /// The versions of a draft, newest first; `version` nil: all.
    func drafts(province: Province.ID, scope: ReportDraft.Scope, period: Period) async throws -> [ReportDraft]
}

/// An uploaded document waiting for confirmation after its preview.
public struct PendingImport: Sendable, Hashable {
    public typealias ID = EntityID<PendingImport>
    public var id: ID
    public var provinceID: Province.ID
    public var replacing: StoredPlan.ID?
    public var userID: User.ID
    public var file: String
    public var bytes: Data
    /// The coordinator's corrections so far: task code → field → value as typed (see `TaskField`).
    public var corrections: [String: [String: String]]
    public init(id: ID, provinceID: Province.ID, replacing: StoredPlan.ID?, userID: User.ID, file: String, bytes: Data,
                corrections: [String: [String: String]] = [:]) {
        self.id = id; self.provinceID = provinceID; self.replacing = replacing; self.userID = userID; self.file = file; self.bytes = bytes
        self.corrections = corrections
    }
}

/// Uploaded documents between preview and confirmation.
public protocol PendingImportStore: Sendable {
    func savePending(file: String, bytes: Data, province: Province.ID, replacing: StoredPlan.ID?, user: User.ID) async throws -> PendingImport.ID
    func pending(_ id: PendingImport.ID) async throws -> PendingImport?
    func deletePending(_ id: PendingImport.ID, by actor: Actor, confirmed: Bool) async throws
    /// Replaces the corrections kept with a preview; `changed` (what this save changed) goes to the audit log.
    func savePendingCorrections(_ id: PendingImport.ID, _ corrections: [String: [String: String]], changed: [PlanCorrection],
                                by actor: Actor) async throws
}

extension Store {
    public func loadPlan(_ document: PlanDocument, source: Data, into province: Province.ID, replacing: StoredPlan.ID?,
                         by actor: Actor) async throws -> LoadResult {
        try await loadPlan(document, source: source, into: province, replacing: replacing, corrections: [], by: actor)
    }
}

/// A submitted (or accepted) report with what it says, as evaluation reads it.
public struct SubmittedReport: Sendable, Hashable {
    public var summary: ReportSummary
    /// Only the answers that are the agency's latest for their task (evaluation needs no more; a task's full
    /// history is `EvaluationStore.taskAnswers`).
    public var tasks: [TaskProgress]
    public var indicators: [IndicatorValue]
    public var difficulties: String
    public var proposals: String
    public init(summary: ReportSummary, tasks: [TaskProgress], indicators: [IndicatorValue], difficulties: String, proposals: String) {
        self.summary = summary; self.tasks = tasks; self.indicators = indicators; self.difficulties = difficulties; self.proposals = proposals
    }
}

extension EvaluationStore {
    public func submittedReports(of plan: StoredPlan.ID) async throws -> [SubmittedReport] { try await submittedReports(of: plan, through: nil) }
}

/// What an agency answers for in a plan's report: its tasks in the plan's order, those of them it leads (the others it
/// supports as a partner), and its indicators with their units.
public struct ReportScope: Sendable {
    public var tasks: [StoredTask.ID]
    public var leading: Set<StoredTask.ID>
    public var indicators: [(StoredIndicator.ID, String?)]
    /// The tasks the agency only supports: a short contribution, the status optional.
    public var supporting: Set<StoredTask.ID> { Set(tasks).subtracting(leading) }
    public init(tasks: [StoredTask.ID], leading: Set<StoredTask.ID>, indicators: [(StoredIndicator.ID, String?)]) {
        self.tasks = tasks; self.leading = leading; self.indicators = indicators
    }
}

/// Who answers for what in a plan, after succession and groups: one row per agency.
public struct PlanAssignments: Sendable, Hashable {
    public var taskLeads: [StoredTask.ID: Set<Agency.ID>] = [:]
    public var taskPartners: [StoredTask.ID: Set<Agency.ID>] = [:]
    public var indicatorLeads: [StoredIndicator.ID: Set<Agency.ID>] = [:]
    public var indicatorMonitors: [StoredIndicator.ID: Set<Agency.ID>] = [:]
    public init() {}
}

/// The coordinator's settings of an indicator: how the province's value is made and the measure it shares with
/// indicators of other plans or provinces.
public struct IndicatorSetting: Sendable, Hashable {
    public var method: AggregationMethod?
    /// A name shared by indicators that count the same thing (compared across plans and provinces).
    public var measure: String?
    /// The indicator's code in the national reporting system's list (Decree 09/2019; QCVN 125:2021/BTTTT's indicator
    /// lists), and its unit's: what the national export sends instead of the plan's own numbering and wording.
    public var nationalCode: String?
    public var unitCode: String?
    public init(method: AggregationMethod? = nil, measure: String? = nil, nationalCode: String? = nil, unitCode: String? = nil) {
        self.method = method; self.measure = measure; self.nationalCode = nationalCode; self.unitCode = unitCode
    }

    /// Whether `code` is written as national codes are: ASCII letters, digits, `.`, `-`, `_`; 1 to 50 characters.
    public static func isCode(_ code: String) -> Bool {
        (1...50).contains(code.count) && code.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || ".-_".unicodeScalars.contains($0)) }
    }
}

/// What evaluation reads and what the coordinator sets for it.
public protocol EvaluationStore: Sendable {
    /// Reports of a plan that were submitted or accepted (drafts and returned reports do not count), with every
    /// indicator value and each agency's latest answer per task; with `through`, only reports of periods that
    /// start on or before that day (a report written about a past period sees what was known then).
    func submittedReports(of plan: StoredPlan.ID, through: CivilDate?) async throws -> [SubmittedReport]
    /// Every submitted or accepted answer about one task, newest period first.
    func taskAnswers(_ task: StoredTask.ID) async throws -> [(ReportSummary, TaskProgress)]
    func assignments(of plan: StoredPlan.ID) async throws -> PlanAssignments
    func indicatorSettings(of plan: StoredPlan.ID) async throws -> [StoredIndicator.ID: IndicatorSetting]
    /// Every indicator linked to a measure, in every province: (indicator, its plan, the measure).
    func measures() async throws -> [(indicator: StoredIndicator.ID, plan: StoredPlan.ID, measure: String)]
    func setIndicatorSetting(_ indicator: StoredIndicator.ID, _ setting: IndicatorSetting, by actor: Actor) async throws
    /// The latest rating of each rated indicator of a plan.
    func ratings(of plan: StoredPlan.ID) async throws -> [StoredIndicator.ID: IndicatorRating]
    func rateIndicator(_ indicator: StoredIndicator.ID, _ rating: IndicatorRating, by actor: Actor) async throws
    /// The latest decision recorded for each task of a plan.
    func taskDecisions(of plan: StoredPlan.ID) async throws -> [StoredTask.ID: TaskDecision]
    func recordTaskDecision(_ task: StoredTask.ID, _ decision: TaskDecision, by actor: Actor) async throws
    func scoreWeights(of province: Province.ID) async throws -> ScoreWeights
    func setScoreWeights(_ weights: ScoreWeights, of province: Province.ID, by actor: Actor) async throws
}

/// What the submitted reports of a period add up to for one indicator (or one measure in one province).
public struct RollupCell: Sendable, Hashable {
    /// Reports that gave the indicator a value, a numerator or a denominator.
    public var reports: Int
    /// Reports with a value, and their sum.
    public var values: Int
    public var sum: Double
    public var numerator: Double
    public var denominator: Double
    public init(reports: Int, values: Int, sum: Double, numerator: Double, denominator: Double) {
        self.reports = reports; self.values = values; self.sum = sum; self.numerator = numerator; self.denominator = denominator
    }
    public static let zero = RollupCell(reports: 0, values: 0, sum: 0, numerator: 0, denominator: 0)
    /// Σ numerators / Σ denominators as a percentage, when both were given.
    public var ratioPercent: Double? { denominator > 0 ? 100 * numerator / denominator : nil }
    public var average: Double? { values > 0 ? sum / Double(values) : nil }
    public static func + (a: RollupCell, b: RollupCell) -> RollupCell {
        RollupCell(reports: a.reports + b.reports, values: a.values + b.values, sum: a.sum + b.sum,
                   numerator: a.numerator + b.numerator, denominator: a.denominator + b.denominator)
    }
}

/// Rollups of submitted (and accepted) indicator values for one period, read from numbers kept on write.
public protocol RollupStore: Sendable {
    /// Per indicator of the province's plans.
    func provinceRollup(_ province: Province.ID, period: Period) async throws -> [StoredIndicator.ID: RollupCell]
    /// Per shared measure (indicators linked by the coordinators) and province: the national table.
    func nationalRollup(period: Period) async throws -> [String: [Province.ID: RollupCell]]
}

/// What a cached page or evaluation depends on (see `Store.dataVersion`). A draft is seen only by its own form and
/// the lists of reports: evaluation, dashboards and documents count submitted reports, so the drafts officers
/// save all day long do not make every evaluated page stale.
public enum DataScope: Sendable {
    case evaluated
    case everything
}

