import Foundation
import KeHoachCore

/// A PDF with a text layer (exported or signed from the e-office system): its text through Debian's poppler
/// (`pdftotext -layout`, run as a subprocess with a time limit), then tables recovered from the columns the
/// layout keeps: under a header row that starts with `STT`/`TT`, the positions that are blank on nearly every
/// line are the gaps between columns; a row starts where the first column has a number (or a group numeral)
/// and its cells gather the wrapped lines below it. Everything else is paragraphs (one per line), which the
/// text rules read as they read a text file, including tables whose layout was lost (`BrokenTableReader`).
/// A PDF without a text layer (a scan) is refused with a message saying so.
enum PDFReader {
    /// Longest time pdftotext may take on one document.
    nonisolated(unsafe) static var timeLimit: TimeInterval = 20
    /// Where to find pdftotext (tests point it at a program that hangs).
    nonisolated(unsafe) static var executable: String? = nil

    static func read(_ data: Data) throws(ImportError) -> DocModel {
        let text = try pdftotext(data)
        if text.unicodeScalars.filter({ $0.properties.isAlphabetic }).count < 20 { throw .scannedPDF }
        return layout(text)
    }

    static func findExecutable() -> String? {
        if let executable { return executable }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") + ["/usr/bin", "/usr/local/bin"] {
            let path = "\(dir)/pdftotext"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    static func pdftotext(_ data: Data) throws(ImportError) -> String {
        guard let tool = findExecutable() else { throw .pdfToolMissing }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kehoach-pdf-\(UUID().uuidString)")
        do { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) } catch { throw .unreadable(path: "PDF", detail: "\(error)") }
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in.pdf"), output = dir.appendingPathComponent("out.txt")
        do { try data.write(to: input) } catch { throw .unreadable(path: "PDF", detail: "\(error)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["-layout", "-enc", "UTF-8", "-q", input.path, output.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        do { try process.run() } catch { throw .pdfToolMissing }
        if done.wait(timeout: .now() + timeLimit) == .timedOut {
            process.terminate()
            if done.wait(timeout: .now() + 2) == .timedOut { kill(process.processIdentifier, SIGKILL); _ = done.wait(timeout: .now() + 2) }
            throw .pdfTimeout(seconds: Int(timeLimit))
        }
        let status = process.terminationStatus
        guard let out = try? Data(contentsOf: output), let text = String(data: out, encoding: .utf8) else {
            throw status == 1 || status == 3 ? .encrypted : .damaged(format: "PDF")
        }
        return text
    }

    // MARK: - Layout

    struct PageLine { var text: [Character]; var page: Int; var line: Int }

    static func layout(_ text: String) -> DocModel {
        var lines: [PageLine] = []
        var page = 1, n = 0
        for raw in TextFolding.nfc(text).split(separator: "\n", omittingEmptySubsequences: false) {
            var s = Substring(raw)
            while s.first == "\u{0C}" { page += 1; s = s.dropFirst() }
            n += 1
            lines.append(PageLine(text: Array(s.replacingOccurrences(of: "\t", with: " ")), page: page, line: n))
        }
        var blocks: [DocBlock] = []
        var i = 0
        var tableNumber = 0
        var openTable: (header: String, table: DocTable, columns: [Range<Int>], page: Int)? = nil
        func closeTable() {
            if let t = openTable { blocks.append(.table(t.table)) }
            openTable = nil
        }
        while i < lines.count {
            let l = lines[i]
            if isHeaderStart(l.text) {
                let (rows, next, headerKey, columns) = table(lines, from: i)
                if rows.count >= 2 {
                    if let open = openTable, open.header == headerKey {
                        openTable!.table.rows += rows.dropFirst() // the header repeated on a new page
                        openTable!.page = l.page
                    } else {
                        closeTable()
                        tableNumber += 1
                        openTable = (headerKey, DocTable(rows: rows, position: DocPosition(line: l.line, page: l.page, table: tableNumber)), columns, l.page)
                    }
                    i = next
                    continue
                }
            }
            if let open = openTable, l.page > open.page, l.text.contains(where: { !$0.isWhitespace }) {
                // A new page that goes on with the table without repeating its header: rows in the same columns.
                let first = String(l.text).trimmingCharacters(in: .whitespaces).prefix { !$0.isWhitespace }
                if RowCode.startsRow(String(first)) || l.text.prefix(open.columns.first?.upperBound ?? 0).allSatisfy(\.isWhitespace) {
                    let (rows, next, _, _) = table(lines, from: i, continuing: open.columns)
                    if !rows.isEmpty {
                        openTable!.table.rows += rows
                        openTable!.page = l.page
                        i = next
                        continue
                    }
                }
            }
            let t = TextFolding.collapseSpaces(String(l.text))
            if !t.isEmpty {
                // Page numbers and running heads between two pages of one table do not end it.
                if openTable != nil, t.count <= 4, t.allSatisfy(\.isNumber) { i += 1; continue }
                closeTable()
                blocks.append(.paragraph(DocParagraph(text: t, position: DocPosition(line: l.line, page: l.page))))
            }
            i += 1
        }
        closeTable()
        return DocModel(blocks: blocks, format: "pdf")
    }

    static func isHeaderStart(_ text: [Character]) -> Bool {
        let s = String(text).trimmingCharacters(in: .whitespaces)
        let first = s.prefix { !$0.isWhitespace }.uppercased()
        guard first == "STT" || first == "TT" else { return false }
        return s.contains("  ")
    }

    /// A paragraph line ends a table: one run of text (no gap of two spaces), long, starting at the left margin.
    static func isParagraphLine(_ text: [Character], margin: Int) -> Bool {
        guard let start = text.firstIndex(where: { !$0.isWhitespace }), start <= margin else { return false }
        let s = String(text[start...]).trimmingCharacters(in: .whitespaces)
        return s.count >= 40 && !s.contains("   ")
    }

    /// The table under the header at `start`: its rows (header first), the line after it, and a key of the
    /// header's words (to join pages of one table).
    static func table(_ lines: [PageLine], from start: Int, continuing given: [Range<Int>]? = nil) -> ([DocRow], Int, String, [Range<Int>]) {
        let page = lines[start].page
        var end = start + 1
        let margin = (lines[start].text.firstIndex { !$0.isWhitespace } ?? 0) + 2
        while end < lines.count, lines[end].page == page, !isParagraphLine(lines[end].text, margin: margin) {
            if end > start + 1, String(lines[end].text).trimmingCharacters(in: .whitespaces).isEmpty,
               end + 1 < lines.count, String(lines[end + 1].text).trimmingCharacters(in: .whitespaces).isEmpty { break }
            end += 1
        }
        // Trailing blank and page-number lines belong after the table.
        while end > start + 1 {
            let t = String(lines[end - 1].text).trimmingCharacters(in: .whitespaces)
            if t.isEmpty || (t.count <= 4 && t.allSatisfy(\.isNumber)) { end -= 1 } else { break }
        }
        let region = Array(lines[start..<end])
        // pdftotext lays out each page on its own: a page that continues a table gets its own columns when it
        // has as many as the table, the table's otherwise.
        let fresh = Self.columns(region.map(\.text))
        let columns = given.map { fresh.count == $0.count ? fresh : $0 } ?? fresh
        guard columns.count >= 3 else { return ([], start + 1, "", []) }
        func slice(_ t: [Character]) -> [String] {
            columns.map { range in
                let lo = min(range.lowerBound, t.count), hi = min(range.upperBound, t.count)
                return String(t[lo..<hi]).trimmingCharacters(in: .whitespaces)
            }
        }
        // Header: lines until the first with a code in the first column (none on a page that continues a table).
        var k = 0
        var header = Array(repeating: "", count: columns.count)
        while given == nil, k < region.count {
            let cells = slice(region[k].text)
            if k > 0, RowCode.startsRow(cells[0]) { break }
            for (c, text) in cells.enumerated() where !text.isEmpty { header[c] += (header[c].isEmpty ? "" : " ") + text }
            k += 1
        }
        var rows: [DocRow] = given == nil ? [DocRow(cells: header.map { DocCell($0) }, position: DocPosition(line: region[0].line, page: page))] : []
        var current: (cells: [String], line: Int)? = nil
        func flush() {
            if let c = current { rows.append(DocRow(cells: c.cells.map { DocCell($0) }, position: DocPosition(line: c.line, page: page))) }
            current = nil
        }
        while k < region.count {
            let cells = slice(region[k].text)
            if cells.allSatisfy(\.isEmpty) { k += 1; continue }
            if RowCode.startsRow(cells[0]) || current == nil {
                flush()
                var cells = cells
                if RowCode.parse(cells[0]).map({ if case .roman = $0 { true } else { false } }) == true || RowCode.letter(cells[0]) != nil {
                    // A group row's title runs across the columns: keep it whole in the name column.
                    let t = String(region[k].text).trimmingCharacters(in: .whitespaces)
                    let title = TextFolding.collapseSpaces(String(t.dropFirst(cells[0].count)))
                    cells = [cells[0], title] + Array(repeating: "", count: max(0, cells.count - 2))
                }
                current = (cells, region[k].line)
            } else {
                for (c, text) in cells.enumerated() where !text.isEmpty {
                    current!.cells[c] += (current!.cells[c].isEmpty ? "" : "\n") + text
                }
            }
            k += 1
        }
        flush()
        let key = TextFolding.searchKey(header.joined(separator: " ")).filter { $0.isLetter }
        return (rows, end, key, columns)
    }


    /// Column ranges: runs of positions that hold text on some line, separated by positions blank on nearly
    /// every line (a line that crosses a gap once, like a group title over several columns, does not close it).
    static func columns(_ lines: [[Character]]) -> [Range<Int>] {
        let width = lines.map(\.count).max() ?? 0
        guard width > 0 else { return [] }
        var used = Array(repeating: 0, count: width)
        var textLines = 0
        for l in lines where l.contains(where: { !$0.isWhitespace }) {
            textLines += 1
            for (p, c) in l.enumerated() where !c.isWhitespace { used[p] += 1 }
        }
        // A position is a gap when at most this many lines use it (a group row's title spans columns), and a
        // gap is at least two positions wide (one blank position is a space between words that happen to align).
        let tolerance = max(1, textLines / 40)
        var ranges: [Range<Int>] = []
        var p = 0
        while p < width {
            while p < width, used[p] <= tolerance { p += 1 }
            let lo = p
            while p < width, used[p] > tolerance || (p + 1 < width && used[p + 1] > tolerance && p > lo) { p += 1 }
            if p > lo { ranges.append(lo..<p) }
        }
        // Columns touch: each runs to the start of the next, so text a little outside the usual range stays in its column.
        guard !ranges.isEmpty else { return [] }
        var out: [Range<Int>] = []
        for (i, r) in ranges.enumerated() {
            let lo = i == 0 ? 0 : r.lowerBound
            let hi = i + 1 < ranges.count ? ranges[i + 1].lowerBound : width
            out.append(lo..<hi)
        }
        return out
    }
}
