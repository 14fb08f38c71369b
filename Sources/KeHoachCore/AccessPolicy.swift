/// What each role may see and do. Checked on the server for every request; the interface only hides
/// what the policy refuses.
public enum Permission: String, Sendable, CaseIterable {
    /// Read plans, tasks and indicators of a province.
    case viewPlans
    /// Read an agency's page (its tasks and indicators).
    case viewAgency
    /// Read the whole directory with successions and unresolved names.
    case viewDirectory
    /// Map an unresolved name to an agency (becomes an alias).
    case editDirectory
    /// Upload, preview and confirm plan documents.
    case importPlans
    case manageUsers
    case viewAudit
    /// Read reports and the submission matrix (for an agency: its own reports).
    case viewReports
    /// Fill and submit the agency's own report.
    case editReport
    /// Accept, return or reopen reports; change a plan's reporting calendar.
    case reviewReports
    /// Read the leaders' dashboard: evaluation of indicators and tasks, the agencies' scorecard.
    case viewDashboard
    /// Set evaluation methods, rate qualitative targets, record task events and decisions, set score weights.
    case evaluate
    /// Draft the consolidated report: edit its sections, save versions, fill in its number and signer.
    case draftReports
    /// Ask an agency to explain an indicator at risk or missed, or an overdue task (leaders, the coordinator).
    case requestExplanation
    /// Answer the explanation requests and proposals put to the agency.
    case answerFollowUps
    /// Turn the proposals of reports into items to answer (assign, answer), close or reopen answers.
    case manageFollowUps
    /// Issue and revoke the API keys of machine clients; publish plans as open data (administrators, the coordinator).
    case manageConnections
}

public enum AccessPolicy {
    /// Whether `user` may use `permission` on data of `province` (and `agency`, for agency pages).
    public static func allows(_ user: User, _ permission: Permission, province: Province.ID? = nil, agency: Agency.ID? = nil) -> Bool {
        if user.disabled { return false }
        let sameProvince = province == nil || user.provinceID == province
        switch user.role {
        case .administrator:
            return permission != .editReport
        case .coordinator:
            return sameProvince && permission != .editReport
        case .viewer:
            switch permission {
            case .viewPlans, .viewAgency, .viewDirectory, .viewReports, .viewDashboard, .requestExplanation: return sameProvince
            default: return false
            }
        case .reporter, .head:
            switch permission {
            case .viewPlans: return sameProvince
            case .viewAgency, .editReport, .answerFollowUps: return sameProvince && agency != nil && agency == user.agencyID
            // Without an agency: the list of their own reports.
            case .viewReports: return sameProvince && (agency == nil || agency == user.agencyID)
            default: return false
            }
        }
    }
}
