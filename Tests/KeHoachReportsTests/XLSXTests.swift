import Foundation
import KeHoachCore
import KeHoachReports
import ZIPFoundation
import Testing

/// openpyxl (PyPI) as an independent reader and writer of the workbooks. Required when
/// KEHOACH_REQUIRE_OPENPYXL=1 (scripts/test sets it); otherwise the tests that need it are skipped.
enum OpenPyXL {
    static let available: Bool = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import openpyxl"]
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()
    static let required = ProcessInfo.processInfo.environment["KEHOACH_REQUIRE_OPENPYXL"] == "1"
    static var enabled: Bool { available || required }

    /// Runs a Python snippet with the workbook's path as argv[1]; returns its standard output.
    static func run(_ script: String, _ path: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        if p.terminationStatus != 0 { Issue.record("python failed: \(text)") }
        return text
    }
}

@Suite("Excel workbooks")
struct XLSXTests {
    func temp(_ name: String) -> String { FileManager.default.temporaryDirectory.appendingPathComponent("kehoach-\(UUID().uuidString)-\(name)").path }

    @Test("written cells read back as written: Vietnamese text, numbers, empty cells, characters XML forbids dropped")
    func roundTrip() throws {
        let sheets = [Sheet(name: "Nhiệm vụ", rows: [[.text("Mã"), .text("Tên"), .text("Tỷ lệ")], [.text("I.1"), .text("Sở Khoa học & Công nghệ <KH&CN>"), .number(92.5)],
                                                   [.text("I.2"), .empty, .number(100)]])]
        let data = try XLSX.write(sheets)
        let back = try XLSX.read(data)
        #expect(back.count == 1 && back[0].name == "Nhiệm vụ")
        #expect(back[0].rows[1] == [.text("I.1"), .text("Sở Khoa học & Công nghệ <KH&CN>"), .number(92.5)])
        #expect(back[0].rows[2][0] == .text("I.2") && back[0].rows[2][2] == .number(100))
        #expect(XLSX.column(0) == "A" && XLSX.column(25) == "Z" && XLSX.column(26) == "AA")
    }

    @Test("not a workbook, a ZIP bomb, or a plain file: a clear message")
    func badFiles() throws {
        #expect(throws: XLSXError.self) { try XLSX.read(Data("không phải excel".utf8)) }
        #expect(throws: XLSXError.self) { try XLSX.read(Data()) }
    }

    @Test("openpyxl opens the workbook we write, sees the sheets and the Vietnamese text", .enabled(if: OpenPyXL.enabled))
    func openpyxlReads() throws {
        let path = temp("a.xlsx")
        try XLSX.write([Sheet(name: "Nhiệm vụ", rows: [[.text("Mã"), .text("Tình trạng")], [.text("I.1"), .text("Đang thực hiện")], [.number(7), .number(92.5)]])]).write(to: URL(fileURLWithPath: path))
        let out = try OpenPyXL.run("""
            import sys, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            ws = wb["Nhiệm vụ"]
            print(wb.sheetnames, ws["A2"].value, ws["B2"].value, ws["A3"].value, ws["B3"].value, ws.freeze_panes)
            """, path)
        #expect(out.contains("['Nhiệm vụ'] I.1 Đang thực hiện 7 92.5 A2"))
    }

    @Test("a workbook written by openpyxl (shared strings, real dates) is read", .enabled(if: OpenPyXL.enabled))
    func openpyxlWrites() throws {
        let path = temp("b.xlsx")
        _ = try OpenPyXL.run("""
            import sys, datetime, openpyxl
            wb = openpyxl.Workbook(); ws = wb.active; ws.title = "Nhiệm vụ"
            ws.append(["Mã", "Ngày", "Ghi chú"]); ws.append(["I.1", datetime.date(2026, 5, 10), "Đã ban hành"]); ws.append([12, 60.5, None])
            wb.save(sys.argv[1])
            """, path)
        let sheets = try XLSX.read(try Data(contentsOf: URL(fileURLWithPath: path)))
        let rows = try #require(sheets.first { $0.name == "Nhiệm vụ" }).rows
        #expect(rows[1][0] == .text("I.1") && rows[1][2] == .text("Đã ban hành"))
        #expect(rows[1][1] == .number(46152)) // Excel's day number of 2026-05-10
        #expect(rows[2][0] == .number(12) && rows[2][1] == .number(60.5))
    }
}

@Suite("Evidence kinds by content")
struct EvidenceKindTests {
    /// The workbook with one part's bytes replaced.
    static func replacing(_ path: String, with bytes: Data, in workbook: Data) throws -> Data {
        let source = try Archive(data: workbook, accessMode: .read)
        let out = try Archive(accessMode: .create)
        for entry in source {
            var data = Data()
            _ = try source.extract(entry) { data.append($0) }
            if entry.path == path { data = bytes }
            try out.addEntry(with: entry.path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { (p: Int64, s: Int) in data.subdata(in: Int(p)..<Int(p) + s) }
        }
        return try #require(out.data)
    }

    @Test("workbooks damaged the ways the fuzzer found: a message or the readable cells, never a stopped process")
    func fuzzFindings() throws {
        let workbook = try XLSX.write([Sheet(name: "A", rows: [[.text("x"), .number(1)]])])
        // An element name that is not UTF-8 (Foundation's XMLParser traps on it).
        let badName = Data(#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><"#.utf8) + Data([0xCC, 0x20]) + Data(#"xml:space="p"/></is></c></row></sheetData></worksheet>"#.utf8)
        #expect(throws: XLSXError.self) { try XLSX.read(try Self.replacing("xl/worksheets/sheet1.xml", with: badName, in: workbook)) }
        // A cell reference with more letters than any column (the column number overflowed).
        let longRef = Data(#"<worksheet><sheetData><row r="1"><c r="AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA1"><v>1</v></c><c r="B1"><v>2</v></c></row></sheetData></worksheet>"#.utf8)
        let sheets = try XLSX.read(try Self.replacing("xl/worksheets/sheet1.xml", with: longRef, in: workbook))
        #expect(sheets.first?.rows.first == [.empty, .number(2)])
        // The central directory said to start past the end of the file (ZIPFoundation's in-memory reader traps).
        var bytes = [UInt8](workbook)
        let signature: [UInt8] = [0x50, 0x4B, 0x05, 0x06]
        let found: Int? = (0..<(bytes.count - 4)).last { i in Array(bytes[i..<(i + 4)]) == signature }
        let end = try #require(found)
        let past = UInt32(bytes.count + 1_000)
        for k in 0..<4 { bytes[end + 16 + k] = UInt8((past >> (8 * UInt32(k))) & 0xFF) }
        #expect(throws: XLSXError.self) { try XLSX.read(Data(bytes)) }
        #expect(EvidenceKind.detect(Data(bytes)) == nil)
    }

    @Test("PDF, PNG, JPEG, XLSX and DOCX are recognised by their bytes; anything else is not")
    func kinds() throws {
        #expect(EvidenceKind.detect(Data("%PDF-1.7\n".utf8)) == .pdf)
        #expect(EvidenceKind.detect(Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) == .png)
        #expect(EvidenceKind.detect(Data([0xFF, 0xD8, 0xFF, 0xE0])) == .jpeg)
        #expect(EvidenceKind.detect(try XLSX.write([Sheet(name: "A", rows: [[.text("x")]])])) == .xlsx)
        let archive = try Archive(accessMode: .create)
        for (path, text) in [("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")] {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { (p: Int64, s: Int) in data.subdata(in: Int(p)..<Int(p) + s) }
        }
        #expect(EvidenceKind.detect(try #require(archive.data)) == .docx)
        let plainZip = try Archive(accessMode: .create)
        let d = Data("x".utf8)
        try plainZip.addEntry(with: "a.txt", type: .file, uncompressedSize: Int64(1), compressionMethod: .deflate) { (p: Int64, s: Int) in d.subdata(in: Int(p)..<Int(p) + s) }
        #expect(EvidenceKind.detect(try #require(plainZip.data)) == nil)
        #expect(EvidenceKind.detect(Data("MZ\u{90}".utf8)) == nil)
        #expect(EvidenceKind.detect(Data()) == nil)
    }
}

@Suite("Report workbook dates")
struct WorkbookDateTests {
    @Test("Excel day numbers: a date with a time of day is that day; huge, negative or not-a-number values are refused, never a crash",
          arguments: [(46152.75, "2026-05-10"), (46152, "2026-05-10"), (1e300, nil), (-5, nil), (.nan, nil), (.infinity, nil), (3e6, nil)] as [(Double, String?)])
    func dayNumbers(value: Double, expected: String?) throws {
        let task = StoredTask(id: .init(7), planID: .init(1), planTitle: "", task: PlanTask(code: "1", group: nil, name: "x", leadAgencies: [], partnerAgencies: [],
                                                                                           product: nil, deadline: nil), lead: [], partners: [])
        let period = Period("2026-05")!
        let blank = try ReportWorkbook.make(planTitle: "x", agencyName: "y", period: period, due: CivilDate(iso: "2026-05-20")!, tasks: [task], indicators: [],
                                            current: nil, previous: nil)
        var sheets = try XLSX.read(blank)
        let t = try #require(sheets.firstIndex { $0.name == "Nhiệm vụ" })
        let header = sheets[t].rows[0].map(\.text)
        let statusColumn = try #require(header.firstIndex { $0.hasPrefix("Tình trạng") })
        let dateColumn = try #require(header.firstIndex { $0.hasPrefix("Ngày hoàn thành") })
        while sheets[t].rows[1].count < header.count { sheets[t].rows[1].append(.empty) } // empty cells are not written
        sheets[t].rows[1][statusColumn] = .text(TaskProgressStatus.completed.label)
        sheets[t].rows[1][dateColumn] = .number(value)
        let result = ReportWorkbook.read(try XLSX.write(sheets), period: period, tasks: [task], indicators: [], today: CivilDate(iso: "2026-05-25")!)
        switch result {
        case let .success(input): #expect(input.tasks.first?.completedOn?.description == expected)
        case let .failure(problems): #expect(expected == nil && problems.problems.contains { $0.message.contains("Ngày không hợp lệ") }, "\(problems)")
        }
    }
}

@Suite("Report workbook as a form")
struct WorkbookFormTests {
    @Test("openpyxl reads the form's settings: a status drop-down, dates dd/mm/yyyy, the id column hidden and protected, landscape fitted to the width with the header repeated",
          .enabled(if: OpenPyXL.enabled))
    func formSettings() throws {
        let tasks = (1...40).map { n in
            StoredTask(id: .init(Int64(100 + n)), planID: .init(1), planTitle: "", task: PlanTask(code: "\(n)", group: nil, name: "Nhiệm vụ số \(n)", leadAgencies: [],
                                                                                              partnerAgencies: [], product: nil, deadline: nil), lead: [], partners: [])
        }
        let current = ReportInput(tasks: [TaskProgress(taskID: .init(101), status: .completed, percent: 100, completedOn: CivilDate(iso: "2026-05-10"), note: "Xong")],
                                  indicators: [], difficulties: "", proposals: "")
        let data = try ReportWorkbook.make(planTitle: "Kế hoạch", agencyName: "Sở KH&CN", period: Period("2026-05")!, due: CivilDate(iso: "2026-05-20")!,
                                           tasks: tasks, indicators: [], current: current, previous: nil)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("form-\(UUID().uuidString).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try data.write(to: URL(fileURLWithPath: path))
        let out = try OpenPyXL.run("""
            import sys, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            ws = wb["Nhiệm vụ"]
            dv = [(d.type, d.formula1, str(d.sqref)) for d in ws.data_validations.dataValidation]
            print("validation", dv)
            print("hidden", ws.column_dimensions["A"].hidden, "protected", ws.protection.sheet, "idLocked", ws["A2"].protection.locked)
            print("statusLocked", ws["E2"].protection.locked, "emptyStatusLocked", ws["E41"].protection.locked, "nameLocked", ws["C2"].protection.locked)
            print("date", ws["G2"].value, ws["G2"].number_format)
            print("page", ws.page_setup.orientation, ws.page_setup.paperSize, ws.page_setup.fitToWidth, ws.page_setup.fitToHeight, ws.sheet_properties.pageSetUpPr.fitToPage)
            print("titles", ws.print_title_rows)
            """, path)
        #expect(out.contains("validation [('list', '\"Chưa triển khai,Đang thực hiện,Đã hoàn thành,Chờ điều kiện bên ngoài,Không thể thực hiện\"', 'E2:E41')]"), "\(out)")
        #expect(out.contains("hidden True protected True idLocked True"), "\(out)")
        #expect(out.contains("statusLocked False emptyStatusLocked False nameLocked True"), "\(out)")
        #expect(out.contains("date 2026-05-10 00:00:00 dd/mm/yyyy"), "\(out)")
        #expect(out.contains("page landscape 9 1 0 True"), "\(out)")
        #expect(out.contains("titles $1:$1"), "\(out)")
        // And it reads back as it was written.
        let read = ReportWorkbook.read(data, period: Period("2026-05")!, tasks: tasks, indicators: [], today: CivilDate(iso: "2026-05-25")!)
        #expect((try? read.get())?.tasks.first { $0.taskID == .init(101) }?.completedOn == CivilDate(iso: "2026-05-10"))
    }
}
