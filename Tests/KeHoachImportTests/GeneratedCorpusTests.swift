import Foundation
import KeHoachCore
@testable import KeHoachImport
@testable import KeHoachReports
import Testing

/// A generated corpus: the seeds' golden plans rendered into the formats provinces hold (DOCX with merged
/// cells, HTML with rowspan/colspan, Markdown pipe tables and the portal's cell-per-line form, XLSX), with
/// header wordings and column orders drawn from a seeded generator, then read back: the same tasks and
/// indicators must come out. A failure names the seed, so it replays.
@Suite("Generated corpus: every format reads back to the same plan")
struct GeneratedCorpusTests {
    /// One rendering's choices.
    struct Layout {
        var lead: String, partners: String, product: String, deadline: String, name: String
        var order: [Int] // permutation of the 5 task columns after STT
        var mergeLead: Bool

        static func random(_ rng: inout SplitMix64) -> Layout {
            func pick(_ xs: [String]) -> String { xs[rng.int(xs.count)] }
            var order = [0, 1, 2, 3, 4]
            for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, rng.int(i + 1)) }
            return Layout(lead: pick(["Cơ quan chủ trì", "Đơn vị chủ trì", "Chủ trì", "Cơ quan, đơn vị chủ trì", "Đơn vị thực hiện", "CƠ QUAN CHỦ TRÌ"]),
                          partners: pick(["Cơ quan phối hợp", "Phối hợp", "Đơn vị phối hợp"]),
                          product: pick(["Sản phẩm", "Kết quả/Sản phẩm", "Kết quả dự kiến", "Sản phẩm đầu ra"]),
                          deadline: pick(["Thời gian hoàn thành", "Thời hạn", "Thời gian thực hiện", "Tiến độ"]),
                          name: pick(["Tên nhiệm vụ", "Nhiệm vụ", "Nội dung nhiệm vụ", "Nhiệm vụ và giải pháp"]),
                          order: order, mergeLead: rng.int(2) == 0)
        }
    }

    /// A table as rows of cells with spans, the shape every writer below takes.
    struct Cell { var text: String; var rowSpan = 1; var colSpan = 1; var covered = false }

    static func taskRows(_ plan: PlanDocument, _ layout: Layout) -> [[Cell]] {
        let headers = [layout.name, layout.lead, layout.partners, layout.product, layout.deadline]
        var rows: [[Cell]] = [[Cell(text: "STT")] + layout.order.map { Cell(text: headers[$0]) }]
        var group: String? = nil
        var numeral = 0
        for task in plan.tasks {
            if task.group != group {
                group = task.group
                numeral += 1
                rows.append([Cell(text: DOCXReader.Numbering.roman(numeral) + ". " + (task.group ?? "Nhiệm vụ khác"), colSpan: 6)])
            }
            // The document's own number: the last part of the code, without the suffix a repeated number got (12b).
            let number = String((task.code.split(separator: ".").last ?? "").prefix { $0.isNumber })
            let fields = [task.name, task.leadAgencies.joined(separator: "; "), task.partnerAgencies.joined(separator: "; "),
                          task.product ?? "", task.deadline?.text ?? ""]
            rows.append([Cell(text: number)] + layout.order.map { Cell(text: fields[$0]) })
        }
        if layout.mergeLead {
            // Consecutive tasks of one group with the same lead: one merged cell, as Word users make them.
            let column = 1 + layout.order.firstIndex(of: 1)!
            var r = 1
            while r < rows.count {
                guard rows[r].count > 1, !rows[r][column].text.isEmpty else { r += 1; continue }
                var end = r + 1
                while end < rows.count, rows[end].count > 1, rows[end][column].text == rows[r][column].text { end += 1 }
                if end - r > 1 {
                    rows[r][column].rowSpan = end - r
                    for k in (r + 1)..<end { rows[k][column].covered = true }
                }
                r = end
            }
        }
        return rows
    }

    static func indicatorRows(_ plan: PlanDocument) -> [[Cell]] {
        let years = Array(Set(plan.indicators.flatMap { $0.targets.compactMap(\.year) })).sorted()
        var rows: [[Cell]] = [[Cell(text: "TT"), Cell(text: "Chỉ tiêu"), Cell(text: "Đơn vị tính")] + years.map { Cell(text: "Mục tiêu năm \($0)") }
            + [Cell(text: "Cơ quan theo dõi, đánh giá")]]
        var numeral: Substring? = nil
        for ind in plan.indicators {
            var code = ind.code
            // Codes under a group numeral (I.1) are written as the document writes them: a group row, then 1.
            if let dot = code.firstIndex(of: "."), code[..<dot].allSatisfy({ "IVX".contains($0) }) {
                let n = code[..<dot]
                if n != numeral {
                    numeral = n
                    rows.append([Cell(text: n + ". " + (ind.group ?? "Nhóm chỉ tiêu"), colSpan: years.count + 4)])
                }
                code = String(code[code.index(after: dot)...])
            }
            let targets = years.map { y in Cell(text: ind.targets.first { $0.year == y }?.text ?? "") }
            rows.append([Cell(text: code), Cell(text: ind.name), Cell(text: ind.unit ?? "")] + targets
                        + [Cell(text: ind.monitoringAgencies.joined(separator: "; "))])
        }
        return rows
    }

    static func title(_ plan: PlanDocument) -> [String] {
        ["ỦY BAN NHÂN DÂN TỈNH LAI CHÂU", "KẾ HOẠCH", plan.plan.title]
    }

    // MARK: Writers

    static func x(_ s: String) -> String { XMLText.escape(s) }

    static func docx(_ plan: PlanDocument, _ layout: Layout) throws -> Data {
        func paragraph(_ text: String) -> String {
            "<w:p>" + text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { i, t in
                (i > 0 ? "<w:r><w:br/></w:r>" : "") + "<w:r><w:t xml:space=\"preserve\">\(x(String(t)))</w:t></w:r>"
            }.joined() + "</w:p>"
        }
        func table(_ rows: [[Cell]]) -> String {
            var xml = "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>"
            for row in rows {
                xml += "<w:tr>"
                for cell in row {
                    var pr = ""
                    if cell.colSpan > 1 { pr += "<w:gridSpan w:val=\"\(cell.colSpan)\"/>" }
                    if cell.rowSpan > 1 { pr += "<w:vMerge w:val=\"restart\"/>" } else if cell.covered { pr += "<w:vMerge/>" }
                    // Partner lists as one paragraph per agency, as a drafter types them.
                    let body = cell.covered ? "<w:p/>" : cell.text.components(separatedBy: "; ").count > 1 && !cell.text.contains(",")
                        ? cell.text.components(separatedBy: "; ").map { paragraph("- " + $0) }.joined() : paragraph(cell.text)
                    xml += "<w:tc>" + (pr.isEmpty ? "" : "<w:tcPr>\(pr)</w:tcPr>") + body + "</w:tc>"
                }
                xml += "</w:tr>"
            }
            return xml + "</w:tbl>"
        }
        let body = title(plan).map(paragraph).joined() + paragraph("Phụ lục I. Chỉ tiêu") + table(indicatorRows(plan))
            + paragraph("Phụ lục II. Nhiệm vụ") + table(taskRows(plan, layout))
        let ns = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
        return try OOXMLPackage.write([
            ("[Content_Types].xml", xml + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"),
            ("_rels/.rels", xml + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>"),
            ("word/document.xml", xml + "<w:document \(ns)><w:body>\(body)<w:sectPr><w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/></w:sectPr></w:body></w:document>"),
        ], failure: "docx")
    }

    static func html(_ plan: PlanDocument, _ layout: Layout) -> String {
        func table(_ rows: [[Cell]]) -> String {
            "<table border=\"1\">" + rows.map { row in
                "<tr>" + row.filter { !$0.covered }.map { c in
                    let attrs = (c.rowSpan > 1 ? " rowspan=\"\(c.rowSpan)\"" : "") + (c.colSpan > 1 ? " colspan=\"\(c.colSpan)\"" : "")
                    return "<td\(attrs)><p>" + x(c.text).replacingOccurrences(of: "; ", with: ";<br>") + "</p></td>"
                }.joined() + "</tr>"
            }.joined(separator: "\n") + "</table>"
        }
        return "<!DOCTYPE html><html><head><title>Kế hoạch</title><script>var x = '<td>';</script></head><body>"
            + "<nav><a href=\"/\">Trang chủ</a> | <a href=\"/van-ban\">Văn bản</a></nav>"
            + title(plan).map { "<p>\(x($0))</p>" }.joined() + "<h2>Phụ lục I</h2>" + table(indicatorRows(plan))
            + "<h2>Phụ lục II</h2>" + table(taskRows(plan, layout))
            + "<footer><p>Bản dịch này thuộc quyền sở hữu của THƯ VIỆN PHÁP LUẬT.</p></footer></body></html>"
    }

    /// Rows with spans expanded to a rectangle (Markdown has no spans: a merged cell repeats, a group row is one cell).
    static func flat(_ rows: [[Cell]]) -> [[String]] {
        var out: [[String]] = rows.map { $0.map { $0.text } }
        for (r, row) in rows.enumerated() {
            for (c, cell) in row.enumerated() where cell.rowSpan > 1 {
                for k in 1..<cell.rowSpan { out[r + k][c] = cell.text }
            }
        }
        return out
    }

    static func markdownPipe(_ plan: PlanDocument, _ layout: Layout) -> String {
        func table(_ rows: [[Cell]]) -> String {
            let width = rows[0].count
            return flat(rows).enumerated().map { i, row in
                let cells = row.count < width ? row + Array(repeating: "", count: width - row.count) : row
                let line = "| " + cells.map { "**" + $0.replacingOccurrences(of: "|", with: "\\|") + "**" }.joined(separator: " | ") + " |"
                return i == 0 ? line + "\n|" + String(repeating: "---|", count: width) : line
            }.joined(separator: "\n")
        }
        return "# " + title(plan).joined(separator: "\n\n") + "\n\n## Phụ lục I\n\n" + table(indicatorRows(plan)) + "\n\n## Phụ lục II\n\n" + table(taskRows(plan, layout)) + "\n"
    }

    static func markdownCells(_ plan: PlanDocument, _ layout: Layout) -> String {
        func table(_ rows: [[Cell]]) -> String {
            var out = ["|"]
            for row in flat(rows) {
                for cell in row {
                    // Long cells wrap over lines, as the portal's export does.
                    out.append(cell.isEmpty ? "** **" : "**" + cell + "**")
                    out.append("|")
                }
                out.append("|")
            }
            return out.joined(separator: "\n")
        }
        return title(plan).joined(separator: "\n\n") + "\n\n" + table(indicatorRows(plan)) + "\n\n" + table(taskRows(plan, layout)) + "\n"
    }

    static func xlsx(_ plan: PlanDocument, _ layout: Layout) throws -> Data {
        func sheet(_ name: String, _ rows: [[Cell]]) -> Sheet {
            Sheet(name: name, rows: [[.text(plan.plan.title)]] + flat(rows).map { $0.map { CellValue.text($0) } })
        }
        return try XLSX.write([sheet("Chỉ tiêu", indicatorRows(plan)), sheet("Nhiệm vụ", taskRows(plan, layout))])
    }

    // MARK: Comparison

    static func compare(_ got: PlanDocument, _ want: PlanDocument, _ label: String) {
        #expect(got.tasks.count == want.tasks.count, "\(label): \(got.tasks.count) tasks, want \(want.tasks.count)")
        #expect(got.indicators.count == want.indicators.count, "\(label): \(got.indicators.count) indicators, want \(want.indicators.count)")
        for (g, w) in zip(got.tasks, want.tasks) {
            #expect(g.code == w.code && g.name == w.name && g.leadAgencies == w.leadAgencies && g.partnerAgencies == w.partnerAgencies
                    && (g.product ?? "") == (w.product ?? "") && g.deadline == w.deadline,
                    "\(label) task \(w.code): got \(g.code) \(g.name.prefix(40)) lead \(g.leadAgencies) partners \(g.partnerAgencies) product \(g.product ?? "-") deadline \(g.deadline?.text ?? "-")")
        }
        for (g, w) in zip(got.indicators, want.indicators) {
            #expect(g.code == w.code && g.name == w.name && g.unit == w.unit && g.monitoringAgencies == w.monitoringAgencies,
                    "\(label) indicator \(w.code): got \(g.code) \(g.name.prefix(40)) \(g.unit ?? "-") \(g.monitoringAgencies)")
            let gotTargets: [String] = g.targets.map(Self.targetKey)
            let wantTargets: [String] = w.targets.map(Self.targetKey)
            #expect(gotTargets == wantTargets, "\(label) indicator \(w.code) targets \(gotTargets) want \(wantTargets)")
        }
    }

    static func targetKey(_ t: Target) -> String {
        let year: String = t.year.map { String($0) } ?? "-"
        let value: String = t.value.map { String($0) } ?? "-"
        return year + " " + t.comparator.rawValue + " " + value
    }


    /// The seeds whose plans are tables (000's indicators are coded from its outline, 2.1.a.1, which no table writes).
    static let plans = ["001_5cdbf573dddbf3a5", "004_f910a4e251fe8a8a"]

    @Test("seed plans as DOCX, HTML, Markdown (pipe and cell-per-line) and XLSX, 4 layouts each", arguments: plans)
    func roundTrip(_ name: String) throws {
        let want = try PlanJSON.decode(try Seeds.golden(name))
        var rng = SplitMix64(seed: UInt64(name.prefix(3))! &+ 20261126)
        for round in 0..<4 {
            let layout = Layout.random(&rng)
            let label = "\(name) layout \(round) \(layout)"
            let renderings: [(String, Data)] = [
                ("docx", try Self.docx(want, layout)), ("html", Data(Self.html(want, layout).utf8)),
                ("md-pipe", Data(Self.markdownPipe(want, layout).utf8)), ("md-cells", Data(Self.markdownCells(want, layout).utf8)),
                ("xlsx", try Self.xlsx(want, layout)),
            ]
            for (format, data) in renderings {
                if let dir = ProcessInfo.processInfo.environment["KEHOACH_CORPUS_OUT"] {
                    // The files themselves, to open by hand when a round fails.
                    try data.write(to: URL(fileURLWithPath: dir).appendingPathComponent("\(name)-\(round).\(format)"))
                }
                let got = try PlanImporter.importPlan(data: data, fileName: "plan.bin")
                Self.compare(got, want, "\(label) \(format)")
            }
        }
    }
}
