import Foundation
import KeHoachCore

/// A PDF with a text layer (exported or signed from the e-office system): its words with their positions
/// through Debian's poppler (`pdftotext -bbox`, run as a subprocess with a time limit, two at once on a long document), put back into
/// lines; then tables recovered from the positions: under a header row that starts with `STT`/`TT`, the
/// horizontal positions (in points, the same on every page) that hardly any line covers are the gaps between
/// columns; a row starts where the first column has a number (or a group numeral) and its cells gather the
/// wrapped lines below it; a page that goes on with the table without repeating its header keeps its columns.
/// Everything else is paragraphs (one per line), which the text rules read as they read a text file, including
/// tables whose layout was lost (`BrokenTableReader`). A PDF without a text layer (a scan) is refused with a
/// message saying so.
enum PDFReader {
    /// Longest time pdftotext may take on one document.
    nonisolated(unsafe) static var timeLimit: TimeInterval = 20
    /// Where to find pdftotext (tests point it at a program that hangs).
    nonisolated(unsafe) static var executable: String? = nil

    static func read(_ data: Data) throws(ImportError) -> DocModel {
        let pages = Words.parse(try pdftotext(data))
        let letters = pages.joined().reduce(0) { (n: Int, line: Line) in n + line.text.unicodeScalars.filter { $0.properties.isAlphabetic }.count }
        if letters < 20 { throw .scannedPDF }
        return layout(pages)
    }

    static func findExecutable() -> String? {
        if let executable { return executable }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") + ["/usr/bin", "/usr/local/bin"] {
            let path = "\(dir)/pdftotext"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// The words of every page, as pdftotext's XHTML (`-bbox`: words with their boxes). A document of eight pages or
    /// more is read by two pdftotext processes at once, each half of the pages, when the file says how many it has.
    static func pdftotext(_ data: Data) throws(ImportError) -> [Data] {
        guard let tool = findExecutable() else { throw .pdfToolMissing }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kehoach-pdf-\(UUID().uuidString)")
        do { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) } catch { throw .unreadable(path: "PDF", detail: "\(error)") }
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in.pdf")
        do { try data.write(to: input) } catch { throw .unreadable(path: "PDF", detail: "\(error)") }
        var ranges: [[String]] = [[]]
        if let pages = pageCount(data), pages >= 8 {
            let half = (pages + 1) / 2
            ranges = [["-f", "1", "-l", "\(half)"], ["-f", "\(half + 1)"]]
        }
        let done = DispatchSemaphore(value: 0)
        var processes: [(Process, URL)] = []
        for (k, range) in ranges.enumerated() {
            let output = dir.appendingPathComponent("out\(k).html")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = ["-bbox", "-enc", "UTF-8", "-q"] + range + [input.path, output.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            process.terminationHandler = { _ in done.signal() }
            do { try process.run() } catch { processes.forEach { $0.0.terminate() }; throw .pdfToolMissing }
            processes.append((process, output))
        }
        let deadline = DispatchTime.now() + timeLimit
        for _ in processes where done.wait(timeout: deadline) == .timedOut {
            for (process, _) in processes where process.isRunning {
                process.terminate()
                if done.wait(timeout: .now() + 2) == .timedOut { kill(process.processIdentifier, SIGKILL) }
            }
            throw .pdfTimeout(seconds: Int(timeLimit))
        }
        var outputs: [Data] = []
        for (process, output) in processes {
            let status = process.terminationStatus
            guard let out = try? Data(contentsOf: output), !out.isEmpty, String(validating: out, as: UTF8.self) != nil else {
                // pdftotext exits 1 both for a damaged file and for one it cannot decrypt: the file's own /Encrypt
                // entry tells them apart (3 is a permissions error).
                throw status == 3 || (status == 1 && Self.declaresEncryption(data)) ? .encrypted : .damaged(format: "PDF")
            }
            outputs.append(out)
        }
        return outputs
    }

    /// The number of pages the file's page tree declares (the largest `/Count`), when it is written in the open
    /// (not inside a compressed object stream); nil otherwise.
    static func pageCount(_ data: Data) -> Int? {
        var best: Int? = nil
        eachName(data, "/Count") { bytes, after in
            var j = after
            while j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x0A || bytes[j] == 0x0D { j += 1 }
            var n = 0, digits = 0
            while j < bytes.count, bytes[j] >= 0x30, bytes[j] <= 0x39, digits < 7 { n = n * 10 + Int(bytes[j] - 0x30); j += 1; digits += 1 }
            if digits > 0 { best = max(best ?? 0, n) }
            return true
        }
        return best
    }

    /// Whether the file names an encryption dictionary (`/Encrypt` in its trailer).
    static func declaresEncryption(_ data: Data) -> Bool {
        var found = false
        eachName(data, "/Encrypt") { _, _ in found = true; return false }
        return found
    }

    /// Calls `body` with the bytes and the index after each occurrence of a PDF name (`/Count`) in the raw file,
    /// until it returns false.
    static func eachName(_ data: Data, _ name: String, _ body: (UnsafeBufferPointer<UInt8>, Int) -> Bool) {
        let needle = Array(name.utf8)
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard bytes.count >= needle.count, let first = needle.first else { return }
            var i = 0
            while i <= bytes.count - needle.count {
                if bytes[i] == first, (0..<needle.count).allSatisfy({ bytes[i + $0] == needle[$0] }) {
                    guard body(bytes, i + needle.count) else { return }
                    i += needle.count
                } else { i += 1 }
            }
        }
    }

    // MARK: - Words and lines

    struct Word { var x0: Double; var x1: Double; var y: Double; var text: String }
    /// A line: its words left to right, its page and its number in reading order.
    struct Line {
        var words: [Word]
        var page: Int
        var number: Int
        var text: String { PDFReader.join(words) }
        var x0: Double { words.first?.x0 ?? 0 }
        var isBlank: Bool { words.isEmpty }
        /// Runs of words separated by a gap wider than a space (cells of a table row).
        var segments: [[Word]] {
            var out: [[Word]] = []
            for w in words {
                if let last = out.last?.last, w.x0 - last.x1 < PDFReader.cellGap { out[out.count - 1].append(w) } else { out.append([w]) }
            }
            return out
        }
    }

    /// Words as text: a space between words, none between pieces of one word that the PDF placed apart (a
    /// letter drawn from a fallback font, kerning): those touch.
    static func join(_ words: some Sequence<Word>) -> String {
        var out = ""
        var previous: Word? = nil
        for w in words {
            if let p = previous { out += w.x0 - p.x1 < 1.0 ? "" : " " }
            out += w.text
            previous = w
        }
        return out
    }

    /// Wider than the space between words (about 3.4 points at 14 pt), narrower than two cells' padding.
    static let cellGap = 5.0

    /// Words of each page from pdftotext's XHTML, then lines: words whose tops lie within 2 points, left to right.
    enum Words {
        static func parse(_ outputs: [Data]) -> [[Line]] {
            var pagesOfWords: [[Word]] = []
            for xml in outputs { scan(xml, into: &pagesOfWords) }
            var number = 0
            return pagesOfWords.enumerated().map { index, words in
                var lines: [Line] = []
                for w in words.sorted(by: { ($0.y, $0.x0) < ($1.y, $1.x0) }) {
                    var w = w
                    w.text = TextFolding.nfc(w.text)
                    if let last = lines.last, abs(last.words[0].y - w.y) < 2 {
                        lines[lines.count - 1].words.append(w)
                    } else {
                        number += 1
                        lines.append(Line(words: [w], page: index + 1, number: number))
                    }
                }
                // A page number alone on the first or last line of a page is the page's furniture.
                func pageNumber(_ l: Line) -> Bool { l.words.count == 1 && l.words[0].text.count <= 4 && l.words[0].text.allSatisfy(\.isNumber) }
                if let last = lines.last, pageNumber(last) { lines.removeLast() }
                if let first = lines.first, pageNumber(first) { lines.removeFirst() }
                return lines.map { l in var l = l; l.words.sort { $0.x0 < $1.x0 }; return l }
            }
        }

        /// pdftotext's XHTML read on its bytes (it writes one `<word xMin=".." yMin=".." xMax=".." yMax="..">text</word>`
        /// per word, inside `<page>` elements): several times faster than an XML parser on a long document.
        static func scan(_ xml: Data, into pages: inout [[Word]]) {
            xml.withUnsafeBytes { raw in
                let b = raw.bindMemory(to: UInt8.self)
                let n = b.count
                func starts(_ s: StaticString, at i: Int) -> Bool {
                    let len = s.utf8CodeUnitCount
                    guard i + len <= n else { return false }
                    return s.withUTF8Buffer { p in (0..<len).allSatisfy { b[i + $0] == p[$0] } }
                }
                /// The number in attribute `name` of the tag from `i` to `end`.
                func attribute(_ name: StaticString, from i: Int, to end: Int) -> Double? {
                    var k = i
                    while k < end {
                        if b[k] == 0x20, starts(name, at: k + 1) {
                            var v = k + 1 + name.utf8CodeUnitCount
                            guard v + 1 < end, b[v] == 0x3D, b[v + 1] == 0x22 else { k += 1; continue }
                            v += 2
                            let s = v
                            while v < end, b[v] != 0x22 { v += 1 }
                            return Double(String(decoding: UnsafeBufferPointer(rebasing: b[s..<v]), as: UTF8.self))
                        }
                        k += 1
                    }
                    return nil
                }
                var i = 0
                while i < n {
                    guard b[i] == 0x3C else { i += 1; continue } // "<"
                    if starts("<page", at: i) { pages.append([]); i += 5; continue }
                    guard starts("<word ", at: i) else { i += 1; continue }
                    var close = i
                    while close < n, b[close] != 0x3E { close += 1 } // ">"
                    guard close < n else { return }
                    var end = close + 1
                    while end < n, b[end] != 0x3C { end += 1 } // "</word>"
                    if let x0 = attribute("xMin", from: i, to: close), let x1 = attribute("xMax", from: i, to: close),
                       let y = attribute("yMin", from: i, to: close), x0.isFinite, x1.isFinite, y.isFinite, !pages.isEmpty,
                       pages[pages.count - 1].count < 200_000, end > close + 1 {
                        var text = String(decoding: UnsafeBufferPointer(rebasing: b[(close + 1)..<end]), as: UTF8.self)
                        if text.utf8.contains(0x26) { text = decodeEntities(text) }
                        pages[pages.count - 1].append(Word(x0: x0, x1: x1, y: y, text: text))
                    }
                    i = end
                }
            }
        }

        /// XML's five entities and numeric character references.
        static func decodeEntities(_ s: String) -> String {
            var out = ""
            var rest = Substring(s)
            while let amp = rest.firstIndex(of: "&") {
                out += rest[..<amp]
                guard let semi = rest[amp...].firstIndex(of: ";"), rest.distance(from: amp, to: semi) <= 10 else { out += "&"; rest = rest[rest.index(after: amp)...]; continue }
                let name = rest[rest.index(after: amp)..<semi]
                switch name {
                case "amp": out += "&"
                case "lt": out += "<"
                case "gt": out += ">"
                case "quot": out += "\""
                case "apos": out += "'"
                default:
                    let code = name.hasPrefix("#x") ? UInt32(name.dropFirst(2), radix: 16) : name.hasPrefix("#") ? UInt32(name.dropFirst()) : nil
                    if let code, let scalar = Unicode.Scalar(code) { out.unicodeScalars.append(scalar) } else { out += "&\(name);" }
                }
                rest = rest[rest.index(after: semi)...]
            }
            return out + rest
        }
    }

    // MARK: - Layout

    static func layout(_ pages: [[Line]]) -> DocModel {
        let lines = pages.flatMap { $0 }
        var blocks: [DocBlock] = []
        var i = 0
        var tableNumber = 0
        var openTable: (header: String, table: DocTable, columns: [Range<Double>], page: Int)? = nil
        func closeTable() {
            if let t = openTable { blocks.append(.table(t.table)) }
            openTable = nil
        }
        while i < lines.count {
            let l = lines[i]
            if isHeaderStart(l) {
                let (rows, next, headerKey, columns) = table(lines, from: i)
                // A header alone at the foot of a page: its rows follow on the next.
                let atPageEnd = next >= lines.count || lines[next].page > l.page
                if rows.count >= 2 || (rows.count == 1 && atPageEnd) {
                    if let open = openTable, open.header == headerKey {
                        openTable!.table.rows += rows.dropFirst() // the header repeated on a new page
                        openTable!.page = l.page
                    } else {
                        closeTable()
                        tableNumber += 1
                        openTable = (headerKey, DocTable(rows: rows, position: DocPosition(line: l.number, page: l.page, table: tableNumber)), columns, l.page)
                    }
                    i = next
                    continue
                }
            }
            if let open = openTable, l.page > open.page, let first = open.columns.first, let last = open.table.rows.last,
               RowCode.startsRow(l.words[0].text) || l.x0 >= first.upperBound || isGroupCode(last.cells.first?.text ?? "") {
                // A new page that goes on with the table without repeating its header: rows in the same columns;
                // the last row of the page before may go on (a group's title, a cell's text).
                let carry = open.table.rows.count > 1 ? last : nil // never the header
                let (rows, next, _, _) = table(lines, from: i, continuing: open.columns, carry: carry)
                if !rows.isEmpty {
                    if carry != nil { openTable!.table.rows.removeLast() }
                    openTable!.table.rows += rows
                    openTable!.page = l.page
                    i = next
                    continue
                }
            }
            // Page numbers and running heads between two pages of one table do not end it.
            if openTable != nil, l.text.count <= 4, l.text.allSatisfy(\.isNumber) { i += 1; continue }
            closeTable()
            blocks.append(.paragraph(DocParagraph(text: TextFolding.collapseSpaces(l.text), position: DocPosition(line: l.number, page: l.page))))
            i += 1
        }
        closeTable()
        return DocModel(blocks: blocks, format: "pdf")
    }

    /// `I.`, `IV`, `A.`: the number of a group or part row.
    static func isGroupCode(_ text: String) -> Bool {
        if case .roman = RowCode.parse(text) { return true }
        return RowCode.letter(text) != nil
    }

    static func isHeaderStart(_ line: Line) -> Bool {
        guard let first = line.words.first?.text.uppercased(), first == "STT" || first == "TT" else { return false }
        return line.segments.count >= 3
    }

    /// A line that ends a table: text at the table's left edge (before `edge`) that is no row number (inside a table the first
    /// column holds numbers only; wrapped cell text starts further right), or the header of another table.
    static func endsTable(_ line: Line, edge: Double) -> Bool {
        guard let first = line.words.first, first.x0 < edge else { return false }
        return !RowCode.startsRow(first.text) || isHeaderStart(line)
    }

    /// The table under the header at `start` (or, with `given` columns, the rows of a page that continues one):
    /// its rows (header first), the line after it, a key of the header's words (to join pages of one table),
    /// and its columns.
    static func table(_ lines: [Line], from start: Int, continuing given: [Range<Double>]? = nil, carry: DocRow? = nil)
        -> ([DocRow], Int, String, [Range<Double>]) {
        let page = lines[start].page
        // The first column: a line whose first word begins before this begins at the left edge (a number centred
        // under "STT" too). The header's first word, or on a continued page the table's first column.
        let edge = given.map { $0.count > 1 ? $0[1].lowerBound - 2 : $0[0].upperBound } ?? (lines[start].words[0].x1 + 2)
        var end = start + 1
        // Header lines wrap to the right of the left edge; rows start there with their number.
        // A group row is one cell across the table: its title wraps back to the left edge.
        var inGroupTitle = carry.map { isGroupCode($0.cells.first?.text ?? "") } ?? false
        var groupLines = Set<Int>()
        while end < lines.count, lines[end].page == page {
            let l = lines[end]
            if l.x0 >= edge { inGroupTitle = false } else if Self.isGroupCode(l.words[0].text) { inGroupTitle = true }
            else if !(inGroupTitle && !isHeaderStart(l)) && endsTable(l, edge: edge) { break }
            if inGroupTitle { groupLines.insert(end) }
            end += 1
        }
        // A page number after the table belongs after it.
        while end > start + 1, lines[end - 1].text.count <= 4, lines[end - 1].text.allSatisfy(\.isNumber) { end -= 1 }
        let region = Array(lines[start..<end])
        // Group titles cross the columns: the gaps are found on the other lines.
        let columns = given ?? Self.columns((start..<end).filter { !groupLines.contains($0) }.map { lines[$0] })
        guard columns.count >= 3 else { return ([], start + 1, "", []) }
        /// A row starts with its number at the table's left edge.
        func startsRow(_ line: Line) -> Bool { line.x0 < edge && RowCode.startsRow(line.words[0].text) }
        func cells(_ line: Line) -> [String] {
            var words = Array(repeating: [Word](), count: columns.count)
            for w in line.words {
                let mid = w.x0 + min(4, (w.x1 - w.x0) / 2)
                words[columns.lastIndex { $0.lowerBound <= mid } ?? 0].append(w)
            }
            return words.map { join($0) }
        }
        var k = 0
        var header = Array(repeating: "", count: columns.count)
        // Header: lines until the first with a code in the first column (none on a page that continues a table).
        while given == nil, k < region.count {
            let c = cells(region[k])
            if k > 0, startsRow(region[k]) { break }
            for (n, text) in c.enumerated() where !text.isEmpty { header[n] += (header[n].isEmpty ? "" : " ") + text }
            k += 1
        }
        var rows: [DocRow] = given == nil ? [DocRow(cells: header.map { DocCell($0) }, position: DocPosition(line: region[0].number, page: page))] : []
        var current: (cells: [String], line: Int, group: Bool)? = carry.map { row in
            (row.cells.map(\.text) + Array(repeating: "", count: max(0, columns.count - row.cells.count)), row.position.line,
             isGroupCode(row.cells.first?.text ?? ""))
        }
        let firstPage = carry?.position.page ?? page
        func flush() {
            if let c = current {
                rows.append(DocRow(cells: c.cells.map { DocCell($0) }, position: DocPosition(line: c.line, page: rows.isEmpty ? firstPage : page)))
            }
            current = nil
        }
        while k < region.count {
            var c = cells(region[k])
            if let g = current, g.group, region[k].x0 < edge, !startsRow(region[k]) {
                // The group's title goes on.
                current!.cells[1] += " " + region[k].text
            } else if startsRow(region[k]) || current == nil {
                flush()
                let group = startsRow(region[k]) && Self.isGroupCode(region[k].words[0].text)
                if group {
                    // A group row's title runs across the columns: keep it whole in the name column.
                    let title = join(region[k].words.dropFirst())
                    c = [region[k].words[0].text, title] + Array(repeating: "", count: max(0, c.count - 2))
                }
                current = (c, region[k].number, group)
            } else {
                for (n, text) in c.enumerated() where !text.isEmpty { current!.cells[n] += (current!.cells[n].isEmpty ? "" : "\n") + text }
            }
            k += 1
        }
        flush()
        let key = TextFolding.searchKey(header.joined(separator: " ")).filter { $0.isLetter }
        return (rows, end, key, columns)
    }

    /// Column ranges in points: runs of positions that words of the table cover, separated by gaps that at most
    /// one line in 40 crosses (a group row's title spans columns) and that are wider than a space between words.
    static func columns(_ lines: [Line]) -> [Range<Double>] {
        let words = lines.flatMap(\.words)
        guard let lo = words.map(\.x0).min(), let hi = words.map(\.x1).max(), hi > lo, hi - lo < 5_000 else { return [] }
        let origin = Int(lo.rounded(.down))
        var used = Array(repeating: 0, count: Int(hi.rounded(.up)) - origin + 2)
        for l in lines {
            var covered = Set<Int>()
            for w in l.words { for x in Int(w.x0.rounded(.down))...Int(w.x1.rounded(.up)) { covered.insert(x - origin) } }
            for x in covered where x >= 0 && x < used.count { used[x] += 1 }
        }
        let tolerance = lines.count / 40
        var starts: [Double] = []
        var x = 0, gap = 1_000_000 // "a gap before the first column": any width will do
        while x < used.count {
            if used[x] > tolerance {
                if gap >= Int(cellGap) { starts.append(Double(x + origin)) }
                gap = 0
            } else { gap = min(gap + 1, 1_000_000) }
            x += 1
        }
        return starts.enumerated().map { n, s in
            let e = n + 1 < starts.count ? starts[n + 1] : Double.infinity
            return s..<e
        }
    }
}
