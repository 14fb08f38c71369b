import Foundation
import KeHoachCore
import KeHoachImport
import KeHoachReports

/// `import.docx_50p.ms` and `import.pdf_50p.ms`: a plan of about 50 pages (seed 001's tasks repeated into 7
/// groups of 50, written as an administrative document by the product's own DOCX writer, and that DOCX printed
/// to PDF by LibreOffice), imported from the bytes; medians of 7 runs after a warm-up, pdftotext included for
/// the PDF. The PDF figure is left out, with a line on stderr, where LibreOffice or pdftotext is missing.
struct ImportBench {
    var seeds: URL
    var verbose: Bool

    static let groups = 7, perGroup = 50

    func document() throws -> Data {
        let seed = try PlanImporter.importPlan(data: Data(contentsOf: seeds.appendingPathComponent("001_5cdbf573dddbf3a5.txt")), fileName: "001.txt")
        var rows: [[String]] = []
        var k = 0
        for g in 1...Self.groups {
            rows.append([roman(g), "NHÓM NHIỆM VỤ \(g)", "", "", "", ""])
            for n in 1...Self.perGroup {
                let t = seed.tasks[k % seed.tasks.count]
                k += 1
                rows.append([String(n), t.name, t.leadAgencies.joined(separator: "; "), t.partnerAgencies.joined(separator: "; "), t.product ?? "", t.deadline?.text ?? ""])
            }
        }
        let table = AdministrativeDocument.Table(header: ["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Kết quả/sản phẩm", "Thời gian hoàn thành"],
                                                 rows: rows, widths: [6, 34, 16, 16, 16, 12])
        let doc = AdministrativeDocument(parentBody: "", issuerName: "Ủy ban nhân dân tỉnh Lai Châu", symbol: "KH-UBND", place: "Lai Châu",
                                         date: CivilDate(year: 2026, month: 1, day: 15)!, kind: "KẾ HOẠCH", subject: "Chuyển đổi số năm 2026",
                                         sections: [.init(heading: "I. MỤC ĐÍCH, YÊU CẦU", blocks: [.paragraph(seed.plan.title)])],
                                         recipients: ["Như trên"], signerTitle: "CHỦ TỊCH",
                                         appendices: [.init(label: "Phụ lục", title: "Danh mục nhiệm vụ", table: table)])
        return try DOCX.write(doc)
    }

    func roman(_ n: Int) -> String { ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"][(n - 1) % 10] }

    func median(_ data: Data, name: String) -> (ms: Double, tasks: Int) {
        var times: [Double] = []
        var tasks = 0
        for run in 0..<8 {
            let start = DispatchTime.now().uptimeNanoseconds
            tasks = (try? PlanImporter.importPlan(data: data, fileName: name))?.tasks.count ?? -1
            if run > 0 { times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000) }
        }
        times.sort()
        return (times[times.count / 2], tasks)
    }

    func run(pdf: Bool) throws -> [BenchFigure] {
        let docx = try document()
        var figures: [BenchFigure] = []
        let d = median(docx, name: "plan.docx")
        if verbose { FileHandle.standardError.write(Data("  docx: \(docx.count) bytes, \(d.tasks) tasks read\n".utf8)) }
        figures.append(BenchFigure(name: "import.docx_50p.ms", value: d.ms, unit: "ms", budget: 500, better: "lower"))
        guard pdf else { return figures }
        guard let soffice = ["/usr/bin/soffice", "/usr/bin/libreoffice", "/usr/local/bin/soffice"].first(where: FileManager.default.isExecutableFile) else {
            FileHandle.standardError.write(Data("import.pdf_50p.ms: LibreOffice (soffice) không có trên máy này; bỏ qua.\n".utf8))
            return figures
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kehoach-bench-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try docx.write(to: dir.appendingPathComponent("plan.docx"))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: soffice)
        p.arguments = ["--headless", "-env:UserInstallation=file://\(dir.path)/profile", "--convert-to", "pdf", "--outdir", dir.path, dir.appendingPathComponent("plan.docx").path]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard let pdfData = try? Data(contentsOf: dir.appendingPathComponent("plan.pdf")) else {
            FileHandle.standardError.write(Data("import.pdf_50p.ms: LibreOffice không tạo được PDF; bỏ qua.\n".utf8))
            return figures
        }
        if let out = ProcessInfo.processInfo.environment["KEHOACH_BENCH_OUT"] {
            // The generated documents, to open by hand.
            try? docx.write(to: URL(fileURLWithPath: out).appendingPathComponent("plan-50p.docx"))
            try? pdfData.write(to: URL(fileURLWithPath: out).appendingPathComponent("plan-50p.pdf"))
        }
        let r = median(pdfData, name: "plan.pdf")
        if verbose { FileHandle.standardError.write(Data("  pdf: \(pdfData.count) bytes, \(r.tasks) tasks read\n".utf8)) }
        figures.append(BenchFigure(name: "import.pdf_50p.ms", value: r.ms, unit: "ms", budget: 500, better: "lower"))
        return figures
    }
}
