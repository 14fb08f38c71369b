/// What kind of body an agency is.
public enum AgencyKind: String, Sendable, Codable, CaseIterable {
    /// Sở, ban, ngành; provincial bodies (Công an tỉnh, Văn phòng UBND tỉnh …).
    case department
    /// UBND xã, phường, đặc khu.
    case commune
    /// Party bodies (Ban Tuyên giáo Tỉnh ủy, Văn phòng Tỉnh ủy …).
    case partyBody = "party"
    /// Enterprises and their groups (Viettel, VNPT, …).
    case enterprise
    case other

    public var label: String {
        switch self {
        case .department: "Sở, ban, ngành"
        case .commune: "Xã, phường"
        case .partyBody: "Cơ quan Đảng"
        case .enterprise: "Doanh nghiệp"
        case .other: "Khác"
        }
    }
}

/// A province (tỉnh) running KeHoach.
public struct Province: Sendable, Hashable, Codable {
    public typealias ID = EntityID<Province>
    public var id: ID
    /// Administrative unit code (QĐ 19/2025/QĐ-TTg): Lai Châu 12, Lào Cai 15.
    public var code: String
    public var name: String
    public init(id: ID, code: String, name: String) { self.id = id; self.code = code; self.name = name }
}

/// An agency (cơ quan, đơn vị) of the directory.
public struct Agency: Sendable, Hashable, Codable {
    public typealias ID = EntityID<Agency>
    public var id: ID
    public var provinceID: Province.ID
    public var name: String
    public var kind: AgencyKind
    /// True when the real name is not known yet and the entry holds a place for it.
    public var isPlaceholder: Bool
    /// Set when the agency was abolished or merged; its successor is in the succession table.
    public var dissolvedOn: CivilDate?
    public var aliases: [String]
    /// The province's own code of the agency (from the list it loaded), if any.
    public var code: String?

    public init(id: ID, provinceID: Province.ID, name: String, kind: AgencyKind, isPlaceholder: Bool = false,
                dissolvedOn: CivilDate? = nil, aliases: [String] = [], code: String? = nil) {
        self.id = id; self.provinceID = provinceID; self.name = name; self.kind = kind
        self.isPlaceholder = isPlaceholder; self.dissolvedOn = dissolvedOn; self.aliases = aliases; self.code = code
    }

    /// Whether the agency is asked for reports on the plans it is assigned to: not once dissolved (its successor
    /// reports). The one rule of who owes a report, with the plan's assignments (PlanEvaluation.reportingAgencies).
    public var owesReports: Bool { dissolvedOn == nil }
}

/// "A became B on date D by decision X".
public struct Succession: Sendable, Hashable, Codable {
    public var predecessor: Agency.ID
    public var successor: Agency.ID
    public var effectiveOn: CivilDate
    public var decision: String
    public init(predecessor: Agency.ID, successor: Agency.ID, effectiveOn: CivilDate, decision: String) {
        self.predecessor = predecessor; self.successor = successor; self.effectiveOn = effectiveOn; self.decision = decision
    }
}

/// How a name written in a plan was matched to the directory.
public enum Resolution: String, Sendable, Codable {
    case exact, alias, key, group, manual
    /// A body outside the province (a ministry, the Central Committee …) that the coordinator marked so: not in the
    /// directory, not asked to report, no longer listed as a name to map.
    case outside
}

/// One row of a province's list of agencies and communes.
public struct AgencyListRow: Sendable, Hashable {
    public var name: String
    public var kind: AgencyKind
    public var code: String?
    public init(name: String, kind: AgencyKind, code: String? = nil) { self.name = name; self.kind = kind; self.code = code }
}

/// What loading a list did.
public struct AgencyListResult: Sendable, Hashable {
    public var created: [String] = []
    public var updated: [String] = []
    /// Placeholder entries given their real names (`UBND xã … (chưa có tên)` → the list's name).
    public var named: [String] = []
    public var unchanged = 0
    /// References of the plans that now resolve.
    public var resolved = 0
    public init() {}
}
