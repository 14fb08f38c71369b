/// A plan as stored: what the document says plus where it came from.
public struct StoredPlan: Sendable, Hashable, Codable {
    public typealias ID = EntityID<StoredPlan>
    public var id: ID
    public var provinceID: Province.ID
    public var info: PlanInfo
    public var sourceFile: String
    public var sourceSHA256: String
    public var importedAt: String
    public var indicatorCount: Int
    public var taskCount: Int

    public init(id: ID, provinceID: Province.ID, info: PlanInfo, sourceFile: String, sourceSHA256: String,
                importedAt: String, indicatorCount: Int, taskCount: Int) {
        self.id = id; self.provinceID = provinceID; self.info = info; self.sourceFile = sourceFile
        self.sourceSHA256 = sourceSHA256; self.importedAt = importedAt; self.indicatorCount = indicatorCount; self.taskCount = taskCount
    }
}

/// A name as the plan wrote it, and the directory agency it stands for (after succession), if known.
public struct AgencyReference: Sendable, Hashable, Codable {
    /// The words of the document.
    public var text: String
    public var agencyID: Agency.ID?
    public var agencyName: String?
    public var resolution: Resolution?
    /// When a succession applied: the agency the document named.
    public var predecessorName: String?
    /// For a group (`Các sở, ban, ngành`): how many directory agencies it stands for. The members are not
    /// repeated in each task; an agency's own list finds the tasks through them.
    public var memberCount: Int?

    public init(text: String, agencyID: Agency.ID? = nil, agencyName: String? = nil, resolution: Resolution? = nil, predecessorName: String? = nil) {
        self.text = text; self.agencyID = agencyID; self.agencyName = agencyName; self.resolution = resolution; self.predecessorName = predecessorName
    }
}

public struct StoredIndicator: Sendable, Hashable, Codable {
    public typealias ID = EntityID<StoredIndicator>
    public var id: ID
    public var planID: StoredPlan.ID
    public var indicator: Indicator
    public var lead: [AgencyReference]
    public var monitoring: [AgencyReference]
    public init(id: ID, planID: StoredPlan.ID, indicator: Indicator, lead: [AgencyReference], monitoring: [AgencyReference]) {
        self.id = id; self.planID = planID; self.indicator = indicator; self.lead = lead; self.monitoring = monitoring
    }
}

public struct StoredTask: Sendable, Hashable, Codable {
    public typealias ID = EntityID<StoredTask>
    public var id: ID
    public var planID: StoredPlan.ID
    public var planTitle: String
    public var task: PlanTask
    public var lead: [AgencyReference]
    public var partners: [AgencyReference]
    public init(id: ID, planID: StoredPlan.ID, planTitle: String, task: PlanTask, lead: [AgencyReference], partners: [AgencyReference]) {
        self.id = id; self.planID = planID; self.planTitle = planTitle; self.task = task; self.lead = lead; self.partners = partners
    }
}

/// Filters of a plan's task list.
public struct TaskFilter: Sendable, Hashable {
    public var agencyID: Agency.ID?
    public var group: String?
    public var deadlineKind: DeadlineKind?
    /// Accent-insensitive words.
    public var search: String?
    public init(agencyID: Agency.ID? = nil, group: String? = nil, deadlineKind: DeadlineKind? = nil, search: String? = nil) {
        self.agencyID = agencyID; self.group = group; self.deadlineKind = deadlineKind; self.search = search
    }
}

/// What loading a plan did.
public struct LoadResult: Sendable, Hashable, Codable {
    public var planID: StoredPlan.ID
    public var created: Bool
    /// Codes of indicators and tasks added, changed, and removed by a re-import.
    public var added: [String]
    public var changed: [String]
    public var removed: [String]
    /// Names the directory could not resolve, to map once (the mapping becomes an alias).
    public var unresolved: [String]
    public init(planID: StoredPlan.ID, created: Bool, added: [String], changed: [String], removed: [String], unresolved: [String]) {
        self.planID = planID; self.created = created; self.added = added; self.changed = changed; self.removed = removed; self.unresolved = unresolved
    }
}

/// Who may do what (server-side checks on every request).
public enum Role: String, Sendable, Codable, CaseIterable {
    /// Everything, every province.
    case administrator = "admin"
    /// Everything in its province: plans, directory, users of its province.
    case coordinator
    /// Reports for its own agency.
    case reporter
    /// Approves its own agency's reports.
    case head
    /// Leaders: read-only.
    case viewer

    public var label: String {
        switch self {
        case .administrator: "Quản trị hệ thống"
        case .coordinator: "Điều phối (Sở KH&CN)"
        case .reporter: "Cán bộ báo cáo"
        case .head: "Lãnh đạo đơn vị"
        case .viewer: "Lãnh đạo (chỉ xem)"
        }
    }
}

public struct User: Sendable, Hashable, Codable {
    public typealias ID = EntityID<User>
    public var id: ID
    public var username: String
    public var displayName: String
    public var role: Role
    public var provinceID: Province.ID?
    public var agencyID: Agency.ID?
    public var mustChangePassword: Bool
    public var disabled: Bool
    /// The last sign-in, if any, as the store keeps instants (UTC, ISO 8601; `VietnameseTime` shows it).
    public var lastSignIn: String?
    public init(id: ID, username: String, displayName: String, role: Role, provinceID: Province.ID?, agencyID: Agency.ID?,
                mustChangePassword: Bool = false, disabled: Bool = false, lastSignIn: String? = nil) {
        self.id = id; self.username = username; self.displayName = displayName; self.role = role; self.provinceID = provinceID
        self.agencyID = agencyID; self.mustChangePassword = mustChangePassword; self.disabled = disabled; self.lastSignIn = lastSignIn
    }
}

/// One line of the append-only audit log: who, when, what, before and after.
public struct AuditEntry: Sendable, Hashable, Codable {
    public var id: Int64
    public var at: String
    public var username: String?
    public var action: String
    public var entity: String
    public var entityID: String?
    public var before: String?
    public var after: String?
    public init(id: Int64, at: String, username: String?, action: String, entity: String, entityID: String?, before: String?, after: String?) {
        self.id = id; self.at = at; self.username = username; self.action = action; self.entity = entity; self.entityID = entityID
        self.before = before; self.after = after
    }
}

extension AuditEntry {
    /// What was done, in words (the stored action stays the machine's: `report.submit`); an action not listed here
    /// shows as stored, so a new one is never hidden.
    public var actionLabel: String { Self.actionLabels[action] ?? action }

    /// What it was done to, in words: `báo cáo số 12`.
    public var subject: String {
        let noun = Self.entityLabels[entity] ?? entity
        return entityID.map { "\(noun) số \($0)" } ?? noun
    }

    /// When, as people in Vietnam read it (`09:02 27/11/2026`).
    public var when: String { VietnameseTime.text(stamp: at) ?? at }

    static let actionLabels: [String: String] = [
        "session.create": "Đăng nhập", "session.delete": "Đăng xuất", "session.failed": "Đăng nhập sai",
        "user.create": "Tạo tài khoản", "user.update": "Sửa tài khoản", "user.password": "Đổi mật khẩu",
        "user.disable": "Khóa tài khoản", "user.enable": "Mở lại tài khoản", "user.unlock": "Gỡ chặn đăng nhập",
        "plan.import": "Nhập kế hoạch", "plan.reimport": "Cập nhật kế hoạch", "plan.import.correct": "Sửa dòng kế hoạch khi nhập",
        "plan.reporting": "Đặt chế độ báo cáo", "import.preview": "Tải văn bản lên để xem trước", "import.correct": "Sửa dòng khi xem trước",
        "import.cancel": "Hủy nhập văn bản", "directory.seed": "Nạp danh bạ cơ quan", "agency.alias.add": "Thêm tên gọi khác của cơ quan",
        "agency.succession.add": "Ghi nhận sáp nhập, kế thừa cơ quan",
        "report.save": "Lưu nháp báo cáo", "report.submit": "Gửi báo cáo", "report.accept": "Tiếp nhận báo cáo",
        "report.return": "Trả lại báo cáo để sửa", "report.reopen": "Mở lại báo cáo", "report.attach": "Đính kèm minh chứng",
        "report.adhoc": "Yêu cầu báo cáo đột xuất", "report.download": "Tải báo cáo tổng hợp", "draft.save": "Lưu dự thảo báo cáo tổng hợp",
        "indicator.setting": "Đặt cách tổng hợp chỉ tiêu", "indicator.rate": "Đánh giá chỉ tiêu", "task.decision": "Ghi nhận quyết định về nhiệm vụ",
        "score.weights": "Đặt trọng số chấm điểm", "demo.reports": "Sinh dữ liệu mẫu",
        "agency.create": "Thêm cơ quan", "agency.update": "Sửa thông tin cơ quan", "agency.retire": "Ghi nhận cơ quan thôi hoạt động",
        "agency.email": "Đặt địa chỉ thư của cơ quan", "directory.load": "Tải danh sách cơ quan của tỉnh", "directory.outside": "Ghi nhận cơ quan ngoài tỉnh",
        "followup.create": "Yêu cầu giải trình, giao kiến nghị", "followup.answer": "Trả lời giải trình, kiến nghị",
        "followup.close": "Đóng yêu cầu giải trình, kiến nghị", "followup.reopen": "Mở lại yêu cầu giải trình, kiến nghị",
        "calendar.create": "Tạo địa chỉ lịch", "calendar.revoke": "Thu hồi địa chỉ lịch",
        "user.email.request": "Đăng ký địa chỉ thư", "user.email.confirm": "Xác nhận địa chỉ thư", "user.email.remove": "Bỏ địa chỉ thư",
        "api.token.create": "Cấp khóa API", "api.token.revoke": "Thu hồi khóa API", "api.use": "Hệ thống khác dùng khóa API",
        "plan.publish": "Công bố dữ liệu mở của kế hoạch", "plan.unpublish": "Thôi công bố dữ liệu mở của kế hoạch",
    ]

    static let entityLabels: [String: String] = [
        "agency": "cơ quan", "indicator": "chỉ tiêu", "login": "tên đăng nhập", "pending_import": "văn bản chờ nhập", "plan": "kế hoạch",
        "province": "tỉnh", "report": "báo cáo", "task": "nhiệm vụ", "user": "tài khoản",
        "api_token": "khóa API", "calendar_feed": "địa chỉ lịch", "follow_up": "yêu cầu giải trình, kiến nghị", "report_draft": "dự thảo báo cáo tổng hợp",
    ]
}

/// Who is acting, for the audit log.
public struct Actor: Sendable, Hashable {
    public var userID: User.ID?
    public var username: String
    public init(userID: User.ID?, username: String) { self.userID = userID; self.username = username }
    public static let system = Actor(userID: nil, username: "system")
}
