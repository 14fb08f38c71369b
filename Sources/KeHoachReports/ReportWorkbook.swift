import Foundation
import KeHoachCore

/// A problem in an uploaded workbook, placed by sheet, row and column as the user sees them.
public struct CellProblem: Sendable, Hashable, CustomStringConvertible {
    public var sheet: String
    public var row: Int
    public var column: String
    public var message: String
    public init(sheet: String, row: Int, column: String, message: String) { self.sheet = sheet; self.row = row; self.column = column; self.message = message }
    public var description: String { "Trang \"\(sheet)\", dòng \(row), cột \(column): \(message)" }
}

/// Every problem of an uploaded workbook (nothing of it is saved).
public struct WorkbookProblems: Error, Sendable, Hashable {
    public var problems: [CellProblem]
}

/// The report form of an agency for a period, as an Excel workbook to fill offline, and reading it back.
public enum ReportWorkbook {
    public static let tasksSheet = "Nhiệm vụ"
    public static let indicatorsSheet = "Chỉ tiêu"
    public static let textSheet = "Khó khăn, kiến nghị"
    public static let infoSheet = "Thông tin"

    static let taskColumns: [(field: String, header: String, width: Double)] = [
        ("id", "Số hiệu (không sửa)", 10), ("code", "Mã", 8), ("name", "Nhiệm vụ", 50), ("deadline", "Thời hạn", 18),
        ("status", "Tình trạng", 22), ("percent", "Tỷ lệ hoàn thành (%)", 12), ("completedOn", "Ngày hoàn thành (ngày/tháng/năm)", 16),
        ("note", "Kết quả thực hiện", 40), ("evidence", "Văn bản chứng minh", 36), ("reason", "Lý do / điều kiện đang chờ", 30), ("previous", "Kỳ trước", 30),
    ]
    static let indicatorColumns: [(field: String, header: String, width: Double)] = [
        ("id", "Số hiệu (không sửa)", 10), ("code", "Mã", 8), ("name", "Chỉ tiêu", 50), ("unit", "Đơn vị", 10), ("target", "Mục tiêu", 20),
        ("value", "Giá trị", 12), ("numerator", "Tử số", 10), ("denominator", "Mẫu số", 10), ("note", "Cách tính", 30), ("previous", "Kỳ trước", 20),
    ]

    static func number(_ x: Double?) -> CellValue { x.map { .number($0) } ?? .empty }
    static func text(_ s: String?) -> CellValue { (s ?? "").isEmpty ? .empty : .text(s!) }

    /// The workbook: the agency's tasks and indicators with what was already entered, last period beside them.
    public static func make(planTitle: String, agencyName: String, period: Period, due: CivilDate, tasks: [StoredTask], indicators: [StoredIndicator],
                            current: ReportInput?, previous: ReportInput?) throws -> Data {
        let now = Dictionary((current?.tasks ?? []).map { ($0.taskID, $0) }, uniquingKeysWith: { a, _ in a })
        let before = Dictionary((previous?.tasks ?? []).map { ($0.taskID, $0) }, uniquingKeysWith: { a, _ in a })
        var taskRows: [[CellValue]] = [taskColumns.map { .text($0.header) }]
        for t in tasks {
            let a = now[t.id]
            let p = before[t.id]
            taskRows.append([.number(Double(t.id.rawValue)), .text(t.task.code), .text(t.task.name), text(t.task.deadline?.text),
                             text(a?.status?.label), number(a?.percent), a?.completedOn.map(CellValue.date) ?? .empty, text(a?.note), text(a?.evidence?.text),
                             text(a?.reason), text([p?.status?.label, p?.percent.map { "\(CellValue.number($0).text)%" }, p?.note].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "; "))])
        }
        let values = Dictionary((current?.indicators ?? []).map { ($0.indicatorID, $0) }, uniquingKeysWith: { a, _ in a })
        let last = Dictionary((previous?.indicators ?? []).map { ($0.indicatorID, $0) }, uniquingKeysWith: { a, _ in a })
        var indicatorRows: [[CellValue]] = [indicatorColumns.map { .text($0.header) }]
        for i in indicators {
            let v = values[i.id]
            let p = last[i.id]
            let previousText = p.map { $0.value.map { CellValue.number($0).text } ?? [$0.numerator, $0.denominator].compactMap { $0 }.map { CellValue.number($0).text }.joined(separator: "/") }
            indicatorRows.append([.number(Double(i.id.rawValue)), .text(i.indicator.code), .text(i.indicator.name), text(i.indicator.unit),
                                  text(i.indicator.targets.map { ($0.year.map { "\($0): " } ?? "") + $0.text }.joined(separator: "; ")),
                                  number(v?.value), number(v?.numerator), number(v?.denominator), text(v?.note), text(previousText)])
        }
        let textRows: [[CellValue]] = [[.text("Mục"), .text("Nội dung")],
                                       [.text("Khó khăn, vướng mắc"), text(current?.difficulties)],
                                       [.text("Kiến nghị, đề xuất"), text(current?.proposals)]]
        let info: [[CellValue]] = [[.text("Mục"), .text("Giá trị")], [.text("Kế hoạch"), .text(planTitle)], [.text("Cơ quan"), .text(agencyName)],
                                   [.text("Kỳ báo cáo"), .text(period.description)], [.text("Tên kỳ"), .text(period.label)], [.text("Hạn nộp"), .text(due.vietnamese)],
                                   [.text("Tình trạng hợp lệ"), .text(TaskProgressStatus.allCases.map(\.label).joined(separator: "; "))],
                                   [.text("Ghi chú"), .text("Điền các cột từ \"Tình trạng\"; không sửa cột \"Số hiệu\". Tải lên lại tại trang báo cáo; nếu có lỗi, không dòng nào được lưu.")]]
        // The sheets to fill: their own columns open, the rest (the hidden id, the plan's words) protected; a status
        // from a drop-down list; dates shown dd/mm/yyyy; printed landscape on A4, fitted to the width, header repeated.
        var taskSheet = Sheet(name: tasksSheet, rows: taskRows, columnWidths: taskColumns.map(\.width))
        taskSheet.editableColumns = Set(["status", "percent", "completedOn", "note", "evidence", "reason"].compactMap { f in taskColumns.firstIndex { $0.field == f } })
        taskSheet.dateColumns = [taskColumns.firstIndex { $0.field == "completedOn" }!]
        taskSheet.hiddenColumns = [0]
        taskSheet.lists = [taskColumns.firstIndex { $0.field == "status" }!: (TaskProgressStatus.allCases.map(\.label), "Chọn một tình trạng trong danh sách.")]
        taskSheet.landscape = true
        var indicatorSheet = Sheet(name: indicatorsSheet, rows: indicatorRows, columnWidths: indicatorColumns.map(\.width))
        indicatorSheet.editableColumns = Set(["value", "numerator", "denominator", "note"].compactMap { f in indicatorColumns.firstIndex { $0.field == f } })
        indicatorSheet.hiddenColumns = [0]
        indicatorSheet.landscape = true
        var text = Sheet(name: textSheet, rows: textRows, columnWidths: [24, 80])
        text.editableColumns = [1]
        text.landscape = true
        return try XLSX.write([taskSheet, indicatorSheet, text, Sheet(name: infoSheet, rows: info, columnWidths: [20, 80])])
    }

    /// Reads a filled workbook back into a report's input, or every problem by sheet, row and column.
    public static func read(_ data: Data, period: Period, tasks: [StoredTask], indicators: [StoredIndicator], today: CivilDate) -> Result<ReportInput, WorkbookProblems> {
        let sheets: [Sheet]
        do { sheets = try XLSX.read(data) } catch let e as XLSXError {
            return .failure(WorkbookProblems(problems: [CellProblem(sheet: "-", row: 0, column: "-", message: e.message)]))
        } catch { return .failure(WorkbookProblems(problems: [CellProblem(sheet: "-", row: 0, column: "-", message: "Không đọc được tệp Excel.")])) }
        var problems: [CellProblem] = []
        func sheet(_ name: String) -> Sheet? { sheets.first { $0.name == name } }
        func cell(_ row: [CellValue], _ i: Int) -> CellValue { i < row.count ? row[i] : .empty }

        if let info = sheet(infoSheet), let row = info.rows.first(where: { cell($0, 0).text == "Kỳ báo cáo" }), cell(row, 1).text != period.description {
            problems.append(CellProblem(sheet: infoSheet, row: (info.rows.firstIndex(of: row) ?? 0) + 1, column: "B",
                                        message: "Biểu mẫu của kỳ \(cell(row, 1).text), không phải kỳ \(period.description)."))
        }
        let taskIDs = Dictionary(tasks.map { ($0.id.rawValue, $0) }, uniquingKeysWith: { a, _ in a })
        var progress: [TaskProgress] = []
        var taskRowOf: [Int64: Int] = [:]
        if let s = sheet(tasksSheet) {
            for (r, row) in s.rows.enumerated().dropFirst() where row.contains(where: { $0 != .empty }) {
                let line = r + 1
                func col(_ field: String) -> Int { taskColumns.firstIndex { $0.field == field }! }
                func problem(_ field: String, _ message: String) { problems.append(CellProblem(sheet: tasksSheet, row: line, column: XLSX.column(col(field)), message: message)) }
                guard let id = integer(cell(row, col("id"))), taskIDs[id] != nil else { problem("id", "Số hiệu không thuộc biểu mẫu này."); continue }
                taskRowOf[id] = line
                var status: TaskProgressStatus? = nil
                let statusText = cell(row, col("status")).text.trimmedSpaces
                if !statusText.isEmpty {
                    status = TaskProgressStatus.allCases.first { TextFolding.searchKey($0.label) == TextFolding.searchKey(statusText) || $0.rawValue == statusText }
                    if status == nil { problem("status", "Tình trạng \"\(statusText)\" không hợp lệ.") }
                }
                let percent = decimal(cell(row, col("percent")), onError: { problem("percent", "Không phải là số.") })
                let date = day(cell(row, col("completedOn")), onError: { problem("completedOn", "Ngày không hợp lệ (YYYY-MM-DD).") })
                let evidence = cell(row, col("evidence")).text
                progress.append(TaskProgress(taskID: .init(id), status: status, percent: percent, completedOn: date, note: String(cell(row, col("note")).text.prefix(4_000)),
                                             evidence: evidence.isEmpty ? nil : DocumentReference.parse(String(evidence.prefix(500))),
                                             reason: String(cell(row, col("reason")).text.prefix(1_000))))
            }
        } else {
            problems.append(CellProblem(sheet: tasksSheet, row: 0, column: "-", message: "Thiếu trang \"\(tasksSheet)\"."))
        }
        let indicatorIDs = Dictionary(indicators.map { ($0.id.rawValue, $0) }, uniquingKeysWith: { a, _ in a })
        var values: [IndicatorValue] = []
        var indicatorRowOf: [Int64: Int] = [:]
        if let s = sheet(indicatorsSheet) {
            for (r, row) in s.rows.enumerated().dropFirst() where row.contains(where: { $0 != .empty }) {
                let line = r + 1
                func col(_ field: String) -> Int { indicatorColumns.firstIndex { $0.field == field }! }
                func problem(_ field: String, _ message: String) { problems.append(CellProblem(sheet: indicatorsSheet, row: line, column: XLSX.column(col(field)), message: message)) }
                guard let id = integer(cell(row, col("id"))), indicatorIDs[id] != nil else { problem("id", "Số hiệu không thuộc biểu mẫu này."); continue }
                indicatorRowOf[id] = line
                values.append(IndicatorValue(indicatorID: .init(id), value: decimal(cell(row, col("value")), onError: { problem("value", "Không phải là số.") }),
                                             numerator: decimal(cell(row, col("numerator")), onError: { problem("numerator", "Không phải là số.") }),
                                             denominator: decimal(cell(row, col("denominator")), onError: { problem("denominator", "Không phải là số.") }),
                                             note: String(cell(row, col("note")).text.prefix(1_000))))
            }
        }
        var difficulties = ""
        var proposals = ""
        if let s = sheet(textSheet) {
            for row in s.rows {
                let key = TextFolding.searchKey(cell(row, 0).text)
                if key.hasPrefix("kho khan") { difficulties = String(cell(row, 1).text.prefix(10_000)) }
                if key.hasPrefix("kien nghi") { proposals = String(cell(row, 1).text.prefix(10_000)) }
            }
        }
        let input = ReportInput(tasks: progress, indicators: values, difficulties: difficulties, proposals: proposals)
        let percentIDs = Set(indicators.filter { UnitKind.isPercentage($0.indicator.unit) }.map(\.id))
        let countIDs = Set(indicators.filter { UnitKind.of($0.indicator.unit) == .count }.map(\.id))
        for p in ReportValidation.problems(input, previous: nil, today: today, submitting: false, percentIndicators: percentIDs, countIndicators: countIDs) {
            let parts = p.field.split(separator: ".")
            guard parts.count == 3, let id = Int64(parts[1]) else { continue }
            if parts[0] == "task", let line = taskRowOf[id], let c = taskColumns.firstIndex(where: { $0.field == parts[2] }) {
                problems.append(CellProblem(sheet: tasksSheet, row: line, column: XLSX.column(c), message: p.message))
            } else if parts[0] == "indicator", let line = indicatorRowOf[id], let c = indicatorColumns.firstIndex(where: { $0.field == parts[2] }) {
                problems.append(CellProblem(sheet: indicatorsSheet, row: line, column: XLSX.column(c), message: p.message))
            }
        }
        return problems.isEmpty ? .success(input) : .failure(WorkbookProblems(problems: problems))
    }

    static func integer(_ v: CellValue) -> Int64? {
        switch v {
        case let .number(n): n.rounded() == n ? Int64(n) : nil
        case let .text(s): Int64(s.trimmedSpaces)
        case .empty: nil
        }
    }

    static func decimal(_ v: CellValue, onError: () -> Void) -> Double? {
        switch v {
        case let .number(n): return n
        case let .text(s):
            let t = s.trimmedSpaces.replacingOccurrences(of: "%", with: "")
            if t.isEmpty { return nil }
            if let x = VietnameseNumber.parse(t) ?? Double(t) { return x }
            onError(); return nil
        case .empty: return nil
        }
    }

    /// A date as text (2026-05-10, 10/5/2026) or as Excel's day number.
    static func day(_ v: CellValue, onError: () -> Void) -> CivilDate? {
        switch v {
        case .empty: return nil
        case let .number(n):
            // Excel counts days from 1899-12-30.
            let epoch = CivilDate(year: 1899, month: 12, day: 30)!.dayNumber
            // Excel's own range of dates (1900 to 9999; a time of day is dropped); anything else is not a date.
            if n.isFinite, n >= 1, n < 2_958_466 { return CivilDate(dayNumber: epoch + Int(n)) }
            onError(); return nil
        case let .text(s):
            let t = s.trimmedSpaces
            if let d = CivilDate(iso: String(t.prefix(10))) { return d }
            let parts = t.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." }).compactMap { Int($0) }
            if parts.count == 3, let d = CivilDate(year: parts[2], month: parts[1], day: parts[0]) { return d }
            onError(); return nil
        }
    }

}
