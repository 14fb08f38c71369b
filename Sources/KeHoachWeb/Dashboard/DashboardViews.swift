import Foundation

// The dashboard pages' typed views. Property names are the templates' names.

/// An indicator in a dashboard list: its latest value and the period it is of, the target it is judged against, the
/// status. `province` and `link` only where indicators of several provinces are compared.
struct IndicatorLine: Encodable {
    var id, code, name: String
    var unit: String?
    var plan, planID: String
    var value, period, latest, target: String?
    var status, statusCode: String
    var chart: String?
    var province: String?
    var link: Bool?
}

/// A task in a dashboard list, with its evaluated status and the latest answer about it.
struct TaskLine: Encodable {
    struct Latest: Encodable {
        var link, period, agency, status: String
    }
    var id, code, name, plan, planID: String
    var deadline, due: String?
    var status, statusCode: String
    var daysOverdue, daysLate: Int?
    var dueSoon: Bool
    var responsible: String
    /// The names the plan wrote for lead agencies a succession replaced (nil: none).
    var written: String?
    var reason, condition: String?
    var latest: Latest?
    var decision: String?
}

/// One agency's scorecard row.
struct ScoreLine: Encodable {
    var id, name, rank: String
    var tasksOnTime, tasksLate, tasksOverdue, reportsOnTime, reportsLate, reportsMissing, indicatorsGood, indicatorsTotal: Int
    var taskRate, reportRate, indicatorRate: String?
    var score: String
}

/// A status with how many items have it (the overview's counts).
struct StatusCount: Encodable {
    var code, label: String
    var count: Int
}

/// A status offered as a filter or a choice.
struct StatusChoice: Encodable {
    var code, label: String
    var selected: Bool
}

/// `dashboard`: the province overview.
struct OverviewView: Encodable {
    struct ProvinceChoice: Encodable {
        var id, name: String
        var current: Bool
    }
    struct GroupLine: Encodable {
        var plan, planID, group, query: String
        var achieved, onTrack, atRisk, missed, noData, indicators, tasks, overdue, done: Int
    }
    struct Unreported: Encodable {
        var plan, matrix, period, due: String
        var count: Int
        var agencies: String
    }
    struct Document: Encodable {
        var id, title, period: String
    }
    var province, today, pq: String
    var provinces: [ProvinceChoice]
    var indicatorTotal: Int
    var indicatorCounts: [StatusCount]
    var taskTotal, overdueCount: Int
    var taskCounts: [StatusCount]
    var groups: [GroupLine]
    /// Missed and at risk apart: a target already missed is not the same news as one that may be.
    var missed: [IndicatorLine]
    var missedCount: Int
    var atRisk: [IndicatorLine]
    var atRiskCount: Int
    var overdue: [TaskLine]
    var ranking: [ScoreLine]
    var rankedCount, year: Int
    var unreported: [Unreported]
    var hasUnreported: Bool
    var documents: [Document]
    var provincePeriod: String
}

/// `dashboardIndicators`: indicators filtered by status, plan and group, the worst first.
struct IndicatorListView: Encodable {
    var province, pq, filter: String
    var rows: [IndicatorLine]
    var count: Int
    var statuses: [StatusChoice]
}

/// `dashboardIndicator`: one indicator, its series, the agencies' values of one period and the coordinator's settings.
struct IndicatorPageView: Encodable {
    struct TargetLine: Encodable {
        var text, year: String
        var current: Bool
    }
    struct Point: Encodable {
        var period, code, value: String
        var fraction: String?
        var sourceCount: Int
        var shown: Bool
    }
    struct Source: Encodable {
        var agency, value: String
        var fraction: String?
        var note: String
        var submitted: String?
        var link: String
    }
    var id, code, name: String
    var unit: String?
    var plan, planID: String
    var group: String?
    var targets: [TargetLine]
    var baseline: String?
    var status, statusCode, explanation, method: String
    var methodDefault: Bool
    var methods: [StatusChoice]
    var measure: String?
    var nationalCode, unitCode: String?
    var responsible, bullet, line: String
    var projection: String?
    var series: [Point]
    var hasSeries: Bool
    var breakdown: [Source]
    var shownPeriod, rating: String?
    var ratingStatuses: [StatusChoice]
    var canEvaluate: Bool
    var linked: [IndicatorLine]
    var hasLinked: Bool
    var explanations: ExplanationsBlock
}

/// `dashboardTasks`: the tasks of one status (overdue by default, with those waiting on a condition).
struct TaskListView: Encodable {
    var province, pq, statusLabel: String
    var isOverdue: Bool
    var agency: String?
    var rows: [TaskLine]
    var count: Int
    var waiting: [TaskLine]
    var waitingCount: Int
    var statuses: [StatusChoice]
}

/// `dashboardTask`: one task, every agency's answers about it, and the coordinator's decision form.
struct TaskPageView: Encodable {
    struct Answer: Encodable {
        var period, agency: String
        var lead: Bool
        var status: String
        var percent: String?
        var note, reason: String
        var completedOn: String?
        var link: String
    }
    var task: TaskLine
    var answers: [Answer]
    var hasAnswers: Bool
    var partners: String
    var product: String?
    var kind: String
    var canEvaluate, isConditional: Bool
    var today: String
    var explanations: ExplanationsBlock
}

/// `dashboardAgencies`: the scorecard of every agency for a window, with the weights and the status chart.
struct ScorecardView: Encodable {
    struct Weights: Encodable {
        var tasks, reports, indicators, lateCredit: String
    }
    struct Cell: Encodable {
        var count: Int
    }
    struct BarRow: Encodable {
        var label: String
        var cells: [Cell]
    }
    var province, pq, window, period: String
    var windows: [Choice]
    var cards: [ScoreLine]
    var formula: String
    var weights: Weights
    var defaults, chart: String
    var legend: [StatusChoice]
    var provinceID: String
    var barRows: [BarRow]
    var barHeads: [String]
    var canEvaluate: Bool
    var csv: String
}

/// `dashboardAgency`: one agency's scorecard with the items behind each figure.
struct AgencyScoreView: Encodable {
    struct Report: Encodable {
        var plan, period, due, timeliness, code, link: String
    }
    var card: ScoreLine
    var window: String
    var tasks: [TaskLine]
    var indicators: [IndicatorLine]
    var reports: [Report]
    var formula: String
    struct FollowUp: Encodable {
        var id, kind, question, due, state: String
        var late: Bool
    }
    var followUps: [FollowUp]
    var followUpTally: String
}

/// `dashboardMeasures`: indicators linked to one common measure, across plans and provinces.
struct MeasuresView: Encodable {
    struct Measure: Encodable {
        var name: String
        var rows: [IndicatorLine]
    }
    var groups: [Measure]
}
