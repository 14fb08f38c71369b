import Foundation
import KeHoachCore

/// Turns a plan document (text as exported from Word or PDF, a table saved as CSV, or plan JSON) into a `PlanDocument`.
///
/// ```swift
/// let plan = try PlanImporter.importPlan(data: bytes, fileName: "004_….txt")
/// plan.tasks.count // 92
/// ```
///
/// It recognises structures, never particular files: tab tables with a header row, tables broken by PDF
/// extraction, numbered sections with labelled fields, bullet lists of targets under a "Mục tiêu cụ thể"
/// heading, the results part of a yearly report, and the reporting rule. What it cannot read becomes a
/// warning with its line number; nothing is silently dropped.
public enum PlanImporter {
    /// Largest document accepted (10 MB: plan texts are well under 1 MB).
    public static let maxBytes = SourceText.maxBytes

    public static func importPlan(data: Data, fileName: String) throws(ImportError) -> PlanDocument {
        if data.isEmpty { throw .empty }
        if data.count > maxBytes { throw .tooLarge(bytes: data.count, limit: maxBytes) }
        let start = data.drop(while: { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 })
        if start.first == UInt8(ascii: "{"), !start.starts(with: Array("{\\rtf".utf8)) {
            return try PlanJSON.decode(data)
        }
        let document = try DocumentReader.read(data, fileName: fileName)
        return try importDocument(document, source: SourceDocument(file: fileName, sha256: SHA256Digest.hex(data)))
    }

    /// The document model of a file as text, one block per line (`kehoach import --blocks`): what the readers
    /// saw, before any rule interprets it.
    public static func outline(at path: String) throws(ImportError) -> String {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch { throw .unreadable(path: path, detail: "\(error)") }
        let model = try DocumentReader.read(data, fileName: path)
        var out = ["định dạng: \(DocModel.formatNames[model.format] ?? model.format)"]
        for block in model.blocks {
            switch block {
            case let .paragraph(p):
                let kind = p.isNote ? "chú thích" : p.headingLevel.map { "tiêu đề \($0)" } ?? "đoạn"
                out.append("[\(p.position.description)] \(kind): \(p.displayText.replacingOccurrences(of: "\n", with: " ⏎ "))")
            case let .table(t):
                out.append("[\(t.position.description)] bảng: \(t.rows.count) hàng")
                for row in t.rows {
                    out.append("  [\(row.position.description)] " + row.cells.map { c in
                        let span = (c.rowSpan > 1 ? "↓\(c.rowSpan)" : "") + (c.colSpan > 1 ? "→\(c.colSpan)" : "")
                        return c.text.replacingOccurrences(of: "\n", with: " ⏎ ") + (span.isEmpty ? "" : " {\(span)}")
                    }.joined(separator: " | "))
                }
            }
        }
        return out.joined(separator: "\n")
    }

    public static func importFile(at path: String) throws(ImportError) -> PlanDocument {
        let url = URL(fileURLWithPath: path)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        if let size, size > maxBytes { throw .tooLarge(bytes: size, limit: maxBytes) }
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw .unreadable(path: path, detail: "\(error)") }
        return try importPlan(data: data, fileName: url.lastPathComponent)
    }

    static func importText(_ text: String, source: SourceDocument) throws(ImportError) -> PlanDocument {
        try importDocument(PlainTextReader.read(text), source: source)
    }

    /// Interprets a document of any format: the rules read its lines as `DocModel.sourceLines` gives them.
    static func importDocument(_ document: DocModel, source: SourceDocument) throws(ImportError) -> PlanDocument {
        let lines = PageFurniture.remove(document.sourceLines())
        if lines.allSatisfy(\.isBlank) { throw .empty }
        let text = lines.map(\.text).joined(separator: "\n")
        let paragraphs = Paragraphs.build(lines, blankEndsParagraph: document.format == "markdown")
        var warnings: [ImportWarning] = []

        let title = MetadataReader.title(lines)
        var span = MetadataReader.span(title: title, paragraphs: paragraphs)
        let defaultYear = span?.to

        let tab = TabTableReader(defaultYear: defaultYear).read(lines, warnings: &warnings)
        let broken = BrokenTableReader(defaultYear: defaultYear).read(lines, skip: tab.consumed, warnings: &warnings)
        let narrative = NarrativeTaskReader().read(paragraphs, warnings: &warnings) + InlineTaskReader().read(paragraphs, warnings: &warnings)
        let bullets = BulletTargetReader(defaultYear: defaultYear).read(paragraphs, warnings: &warnings)
        let observations = ObservationReader().read(paragraphs)

        var indicators = dedupe(tab.indicators + broken.indicators + bullets, warnings: &warnings)
        var tasks = dedupe(tab.tasks + broken.tasks + narrative, warnings: &warnings)
        if indicators.isEmpty && tasks.isEmpty {
            if let h = tab.incompleteHeaders.first { throw .missingColumns(line: h.line, found: h.cells) }
            throw .noPlanContent
        }

        if span == nil {
            let years = indicators.flatMap { $0.targets.compactMap(\.year) } + tasks.compactMap { $0.deadline?.due?.year }
                + tasks.compactMap { $0.deadline?.start?.year }
            if let lo = years.min(), let hi = years.max() { span = YearSpan(from: lo, to: hi) }
        }
        indicators = indicators.map { ind in
            var ind = ind
            ind.name = TextFolding.nfc(ind.name)
            return ind
        }
        let info = PlanInfo(title: title, number: MetadataReader.number(lines), issuer: MetadataReader.issuer(lines, fullText: text),
                            issuedOn: MetadataReader.issuedOn(lines), span: span, reporting: MetadataReader.reporting(paragraphs))
        let coverage = Self.coverage(lines, kinds: tab.rowKinds, warnings: &warnings)
        warnings.sort { ($0.line, $0.reason) < ($1.line, $1.reason) }
        let places = document.positionsByLine()
        if !places.isEmpty {
            // Each item and warning says where it stands in the document, as a user of that format finds it.
            func place<T: Positioned>(_ item: inout T, _ line: Int?) {
                guard let line, let p = places[line] else { return }
                item.page = p.page; item.paragraph = p.table == nil ? p.paragraph : nil; item.table = p.table; item.row = p.row
            }
            for k in indicators.indices { place(&indicators[k], indicators[k].line) }
            for k in tasks.indices { place(&tasks[k], tasks[k].line) }
            for k in warnings.indices { place(&warnings[k], warnings[k].line) }
        }
        var document = PlanDocument(source: source, plan: info, indicators: indicators, tasks: tasks, observations: observations, warnings: warnings)
        document.coverage = coverage
        document.coverage?.guessedLines = Set((broken.tasks + narrative).compactMap(\.line) + broken.indicators.compactMap(\.line))
        return document
    }

    /// Every row of the document's tables, counted by what it was taken as. A table (a run of rows under a
    /// first cell such as `STT`) that no reader took gets one warning naming its header cells and its place;
    /// tab-separated lines that do not start that way (a heading laid out in two columns) are text, not rows.
    static func coverage(_ lines: [SourceLine], kinds: [Int: ImportCoverage.RowKind], warnings: inout [ImportWarning]) -> ImportCoverage {
        var counts: [ImportCoverage.RowKind: Int] = [:]
        var i = 0
        while i < lines.count {
            guard lines[i].hasTabs else { i += 1; continue }
            // A run of table rows (blank lines inside it do not end it).
            var run: [Int] = []
            var j = i
            while j < lines.count, lines[j].hasTabs || lines[j].isBlank {
                if lines[j].hasTabs { run.append(j) }
                j += 1
            }
            var unread: [Int] = []
            for k in run {
                if let kind = kinds[k] { counts[kind, default: 0] += 1 } else { unread.append(k) }
            }
            // Unread rows count when they stand under a plan table's header; other tab lines are text.
            if let first = unread.first, TableColumns.role(lines[first].cells[0]) == .code {
                counts[.unread, default: 0] += unread.count
                let header = lines[first].cells.filter { !$0.isEmpty }.map { "«\($0)»" }.joined(separator: ", ")
                warnings.append(ImportWarning(line: lines[first].number, text: lines[first].plain,
                                              reason: "bảng có các cột \(header) không nhận ra được cột nhiệm vụ, cơ quan chủ trì, thời hạn hay mục tiêu; \(unread.count) hàng không đọc"))
            }
            i = j
        }
        return ImportCoverage(rows: counts)
    }

    /// Codes are unique within a plan: a number the document repeats by mistake gets a suffix (`VI.12b`).
    static func dedupe<T: Coded>(_ items: [T], warnings: inout [ImportWarning]) -> [T] {
        var seen: Set<String> = []
        return items.map { item in
            var item = item
            if seen.contains(item.code) {
                // b … z, then -27, -28 …: a document that repeats one number more than 25 times (a damaged table,
                // found by the fuzzer) still gets codes the store can keep apart.
                let letters = (98...122).lazy.map { item.code + String(UnicodeScalar(UInt8($0))) }
                let newCode = letters.first { !seen.contains($0) }
                    ?? (27...).lazy.map { "\(item.code)-\($0)" }.first { !seen.contains($0) }!
                warnings.append(ImportWarning(line: item.line ?? 0, text: item.name,
                                              reason: "số thứ tự \(item.code) bị lặp; đặt mã \(newCode)"))
                item.code = newCode
            }
            seen.insert(item.code)
            return item
        }
    }
}

protocol Coded {
    var code: String { get set }
    var name: String { get }
    var line: Int? { get }
}
extension Indicator: Coded {}
extension PlanTask: Coded {}

/// Something placed in a document: a page, a paragraph, a table and its row.
protocol Positioned {
    var page: Int? { get set }
    var paragraph: Int? { get set }
    var table: Int? { get set }
    var row: Int? { get set }
}
extension Indicator: Positioned {}
extension PlanTask: Positioned {}
extension ImportWarning: Positioned {}
