// The importer and the workbook reader fuzzed for a given time: plan text, plan tables saved as CSV, plan JSON,
// filled report workbooks (XLSX), and the seeds rewritten as a web page (HTML tables), as the portals' Markdown
// (cell-per-line and pipe tables), as Word documents (DOCX tables) and as PDFs with a text layer (read back through
// pdftotext: cells placed in columns, several pages), each damaged at random. Deterministic: input N
// of seed S is always the same bytes, so `--replay N` repeats one. Fails (exit 1) on an input slower than the
// limit or memory above the bound; a crash (a Swift trap) names the input before the process dies.
//
//   kehoach-fuzz --seconds 600 --seeds ../shared/seeds [--seed 1] [--replay N] [--max-input-seconds 20]
//                [--max-rss-mb 1024] [--max-growth-mb 200] [--dump FILE: with --replay, the input's bytes]
import Foundation
import KeHoachCore
import KeHoachImport
import KeHoachReports
import ZIPFoundation

// MARK: - Options

nonisolated(unsafe) var options: [String: String] = [:]
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let a = arguments.next() {
    guard a.hasPrefix("--"), let v = arguments.next() else { FileHandle.standardError.write(Data("kehoach-fuzz: bad argument \(a)\n".utf8)); exit(2) }
    options[String(a.dropFirst(2))] = v
}
let seconds = Double(options["seconds"] ?? "60") ?? 60
let baseSeed = UInt64(options["seed"] ?? "1") ?? 1
let maxInputSeconds = Double(options["max-input-seconds"] ?? "20") ?? 20
let maxRSSMB = Double(options["max-rss-mb"] ?? "1024") ?? 1024
let maxGrowthMB = Double(options["max-growth-mb"] ?? "200") ?? 200
let seedDirectory = URL(fileURLWithPath: options["seeds"] ?? "../shared/seeds")

// MARK: - Crash and hang reporting

nonisolated(unsafe) var currentIteration: Int = -1
nonisolated(unsafe) var currentReader: Int32 = 0
nonisolated(unsafe) var inputStarted: Double = 0
let readerNames = ["text", "csv", "json", "xlsx", "html", "markdown", "docx", "pdf"]

func writeStderr(_ s: String) { s.utf8CString.withUnsafeBufferPointer { p in _ = write(2, p.baseAddress, p.count - 1) } }
for s in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE] {
    signal(s) { sig in
        // Only async-signal-safe calls here: write(2) of a preformatted message and _exit.
        var text = "kehoach-fuzz: CRASH (signal \(sig)) reader \(currentReader) input \(currentIteration): replay with --replay \(currentIteration)\n"
        text.withUTF8 { p in _ = write(2, p.baseAddress, p.count) }
        _exit(3)
    }
}

func now() -> Double { Date().timeIntervalSince1970 }
func rssMB() -> Double {
    guard let s = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8), let pages = Double(s.split(separator: " ")[1]) else { return 0 }
    return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
}

let watchdog = Thread {
    while true {
        Thread.sleep(forTimeInterval: 1)
        let started = inputStarted
        if started > 0, now() - started > maxInputSeconds {
            writeStderr("kehoach-fuzz: HANG reader \(readerNames[Int(currentReader)]) input \(currentIteration) ran over \(Int(maxInputSeconds)) s: replay with --replay \(currentIteration)\n")
            _exit(4)
        }
    }
}
watchdog.start()

// MARK: - Material

let seedTexts: [Data] = ((try? FileManager.default.contentsOfDirectory(atPath: seedDirectory.path)) ?? []).sorted().filter { $0.hasSuffix(".txt") }
    .compactMap { try? Data(contentsOf: seedDirectory.appendingPathComponent($0)) }
guard !seedTexts.isEmpty else { writeStderr("kehoach-fuzz: no seed documents in \(seedDirectory.path)\n"); exit(2) }
let seedPlans: [PlanDocument] = seedTexts.enumerated().compactMap { try? PlanImporter.importPlan(data: $0.element, fileName: "seed\($0.offset).txt") }
let seedJSON: [Data] = seedPlans.map(PlanJSON.encode)

/// Words and shapes of plans, inserted by the mutator.
let dictionary: [String] = [
    "STT", "\t", "\n", "\r\n", "\"", "\"\"", ";", ",", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành",
    "Sản phẩm", "I.", "II.", "1.", "a)", "- ", "+ ", "Quý III/2026", "Năm 2027", "Thường xuyên", "Hằng tháng", "trước ngày 20",
    "Sở Khoa học và Công nghệ", "UBND các xã", "100%", "≥ 70%", "1.037/1.378", "$\\geq 37,6$", "Mục tiêu cụ thể", "Đến năm 2030",
    "KẾ HOẠCH", "Số: 12/KH-UBND", "ngày 31 tháng 12 năm 2025", "\u{FEFF}", "\u{0}", "\u{202E}", "<script>", "' OR 1=1 --", "{", "}", "[", "]",
    "null", "1e309", "-0", "\"\\u0000\"", "\"format\":\"kehoach.plan/1\"", "9999999999999999999999", String(repeating: "(", count: 64),
]

func mutate(_ input: Data, _ rng: inout SplitMix64, maxBytes: Int = 2_000_000) -> Data {
    var bytes = [UInt8](input)
    // Three inputs in four stay text (no flipped bytes), so that they get past the encoding checks into the readers.
    let binary = Int.random(in: 0..<4, using: &rng) == 0
    for _ in 0..<Int.random(in: 1...8, using: &rng) {
        let n = bytes.count
        // A random place; in text mode moved to the start of a character, so that cuts keep the text UTF-8.
        func place(_ range: ClosedRange<Int>) -> Int {
            var i = Int.random(in: range, using: &rng)
            while !binary, i < bytes.count, bytes[i] & 0xC0 == 0x80 { i += 1 }
            return i
        }
        switch Int.random(in: binary ? 0..<10 : 2..<10, using: &rng) {
        case 0 where n > 0: bytes[Int.random(in: 0..<n, using: &rng)] ^= UInt8(1 << Int.random(in: 0..<8, using: &rng))
        case 1 where n > 0: bytes[Int.random(in: 0..<n, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
        case 2:
            let word = Array(dictionary.filter { binary || $0 != "\u{0}" }.randomElement(using: &rng)!.utf8)
            bytes.insert(contentsOf: word, at: place(0...n))
        case 3 where n > 1:
            let a = place(0...(n - 1)), b = min(n, place(min(n, a + 1)...min(n, a + 4096)))
            bytes.removeSubrange(a..<b)
        case 4 where n > 1:
            let a = place(0...(n - 1)), b = min(n, place(min(n, a + 1)...min(n, a + 4096)))
            let piece = Array(bytes[a..<b])
            for _ in 0..<Int.random(in: 1...(Int.random(in: 0..<10, using: &rng) == 0 ? 200 : 3), using: &rng) where bytes.count + piece.count < maxBytes {
                bytes.insert(contentsOf: piece, at: place(0...bytes.count))
            }
        case 5: bytes = Array(bytes.prefix(place(0...n)))
        case 6 where n > 0:
            // Splice with another seed.
            let other = [UInt8](seedTexts.randomElement(using: &rng)!)
            let cut = place(0...n)
            var from = Int.random(in: 0...other.count, using: &rng)
            while !binary, from < other.count, other[from] & 0xC0 == 0x80 { from += 1 }
            bytes = Array(bytes[..<cut]) + Array(other[from...])
        case 7 where n > 0:
            // Shuffle some lines.
            var lines = bytes.split(separator: 10, omittingEmptySubsequences: false).map(Array.init)
            if lines.count > 4 {
                let a = Int.random(in: 0..<(lines.count - 2), using: &rng), b = min(lines.count, a + Int.random(in: 2...40, using: &rng))
                lines[a..<b].shuffle(using: &rng)
                bytes = Array(lines.joined(separator: [10]))
            }
        case 8:
            let scalars = (0..<Int.random(in: 1...64, using: &rng)).compactMap { _ in Unicode.Scalar(UInt32.random(in: (binary ? 0 : 0x20)...0x2FFFF, using: &rng)) }
            bytes.insert(contentsOf: Array(String(String.UnicodeScalarView(scalars)).utf8), at: place(0...n))
        default:
            if n > 0, case let i = place(0...(n - 1)), i < n, binary || bytes[i] < 0x80 { bytes.insert(contentsOf: repeatElement(bytes[i], count: Int.random(in: 1...10_000, using: &rng)), at: i) }
        }
        if bytes.count > maxBytes { bytes = Array(bytes.prefix(maxBytes)) }
    }
    return Data(bytes)
}

/// A seed's lines as a CSV table, cells quoted when they must be (or at random), comma or semicolon.
func csv(from text: Data, _ rng: inout SplitMix64) -> Data {
    let separator = Bool.random(using: &rng) ? ";" : ","
    let lines = String(decoding: text, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    let rows = lines.map { line in
        line.split(separator: "\t", omittingEmptySubsequences: false).map { cell -> String in
            let c = String(cell)
            let must = c.contains(separator) || c.contains("\"") || c.contains("\n")
            return must || Int.random(in: 0..<4, using: &rng) == 0 ? "\"" + c.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : c
        }.joined(separator: separator)
    }
    return Data(rows.joined(separator: Bool.random(using: &rng) ? "\r\n" : "\n").utf8)
}

/// A value of the parsed plan changed while the JSON stays well-formed: a key dropped or added, a value of another
/// type, an element repeated, a string from the plan dictionary, an extreme number. Reaches the decoder's checks
/// behind the syntax.
func mutateTree(_ value: Any, _ rng: inout SplitMix64, depth: Int = 0) -> Any {
    let odd: [Any] = [NSNull(), [Any](), [String: Any](), "", -1, 1e300, true, "x", String(repeating: "Sở ", count: 5_000), Int.max]
    if Int.random(in: 0..<6, using: &rng) == 0 || depth > 12 { return odd.randomElement(using: &rng)! }
    switch value {
    case var object as [String: Any]:
        guard let key = object.keys.sorted().randomElement(using: &rng) else { return object }
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: object[key] = nil
        case 1: object[dictionary.randomElement(using: &rng)!] = odd.randomElement(using: &rng)!
        default: object[key] = mutateTree(object[key]!, &rng, depth: depth + 1)
        }
        return object
    case var array as [Any]:
        guard !array.isEmpty else { return [odd.randomElement(using: &rng)!] }
        let i = Int.random(in: 0..<array.count, using: &rng)
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: array.remove(at: i)
        case 1: array.append(contentsOf: repeatElement(array[i], count: Int.random(in: 1...50, using: &rng)))
        default: array[i] = mutateTree(array[i], &rng, depth: depth + 1)
        }
        return array
    case is String: return dictionary.randomElement(using: &rng)!
    default: return odd.randomElement(using: &rng)!
    }
}

nonisolated(unsafe) let seedTrees: [Any] = seedJSON.compactMap { try? JSONSerialization.jsonObject(with: $0) }

/// JSON damaged by shape as well as by bytes: values replaced by other types, deep nesting, long strings.
func mutateJSON(_ input: Data, _ rng: inout SplitMix64) -> Data {
    var text = String(decoding: input, as: UTF8.self)
    if Int.random(in: 0..<2, using: &rng) == 0, !seedTrees.isEmpty {
        var tree = seedTrees.randomElement(using: &rng)!
        for _ in 0..<Int.random(in: 1...6, using: &rng) { tree = mutateTree(tree, &rng) }
        if let data = try? JSONSerialization.data(withJSONObject: tree, options: [.fragmentsAllowed]) { return data }
    }
    switch Int.random(in: 0..<4, using: &rng) {
    case 0:
        let replacements = ["null", "[]", "{}", "\"\"", "-1", "1e309", "true", "\"x\"", String(repeating: "[", count: Int.random(in: 1...5_000, using: &rng))]
        if let r = text.range(of: ": ", options: [], range: text.index(text.startIndex, offsetBy: Int.random(in: 0..<max(1, text.count), using: &rng))..<text.endIndex) {
            let end = text[r.upperBound...].firstIndex { $0 == "," || $0 == "\n" } ?? text.endIndex
            text.replaceSubrange(r.upperBound..<end, with: replacements.randomElement(using: &rng)!)
        }
        return Data(text.utf8)
    case 1:
        return Data((String(repeating: "{\"a\":[", count: Int.random(in: 1...20_000, using: &rng)) + "1").utf8)
    default:
        return mutate(input, &rng)
    }
}

// Workbooks: a real report form made from a seed plan, then damaged inside the ZIP or as bytes.
let fuzzPeriod = Period("2026-06")!
let formTasks: [[StoredTask]] = seedPlans.map { plan in
    plan.tasks.prefix(40).enumerated().map { i, t in StoredTask(id: .init(Int64(i + 1)), planID: .init(1), planTitle: plan.plan.title, task: t, lead: [], partners: []) }
}
let formIndicators: [[StoredIndicator]] = seedPlans.map { plan in
    plan.indicators.prefix(40).enumerated().map { i, x in StoredIndicator(id: .init(Int64(i + 1)), planID: .init(1), indicator: x, lead: [], monitoring: []) }
}
let forms: [Data] = seedPlans.indices.compactMap { i in
    try? ReportWorkbook.make(planTitle: seedPlans[i].plan.title, agencyName: "Sở Khoa học và Công nghệ", period: fuzzPeriod,
                             due: CivilDate(year: 2026, month: 6, day: 20)!, tasks: formTasks[i], indicators: formIndicators[i], current: nil, previous: nil)
}
let bomb: Data = {
    // 300 MB of zeros in one entry: a few hundred kilobytes compressed.
    let archive = try! Archive(accessMode: .create)
    let size = 300 * 1_048_576
    let zeros = Data(count: 1_048_576)
    try! archive.addEntry(with: "xl/worksheets/sheet1.xml", type: .file, uncompressedSize: Int64(size), compressionMethod: .deflate) { position, chunk in
        zeros.prefix(min(chunk, size - Int(position)))
    }
    return archive.data!
}()

func rezip(_ form: Data, _ rng: inout SplitMix64) -> Data {
    guard let archive = try? Archive(data: form, accessMode: .read), let out = try? Archive(accessMode: .create) else { return form }
    let entries = Array(archive)
    let victim = Int.random(in: 0..<max(1, entries.count), using: &rng)
    for (i, entry) in entries.enumerated() {
        var data = Data()
        _ = try? archive.extract(entry) { data.append($0) }
        var path = entry.path
        if i == victim {
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: continue // an entry missing
            case 1: path = ["../../etc/passwd", "/xl/workbook.xml", "xl\\worksheets\\sheet1.xml", String(repeating: "a/", count: 500)].randomElement(using: &rng)!
            case 2: data = Data(("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"" + String(repeating: "A", count: 1000) + "\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]><x>&b;</x>").utf8)
            default: data = mutate(data, &rng, maxBytes: 4_000_000)
            }
        }
        try? out.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: Bool.random(using: &rng) ? .deflate : .none) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }
    return out.data ?? form
}

// Documents: a seed's lines as a web page, Markdown or a Word document; tab-separated lines become table rows.
func blocks(_ text: Data) -> [(table: Bool, cells: [String])] {
    String(decoding: text, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map { line in
        let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        return (cells.count > 1, cells)
    }
}

func escapeXML(_ s: String) -> String { XMLText.escape(s) }

func html(from text: Data, _ rng: inout SplitMix64) -> Data {
    var out = "<!DOCTYPE html><html><head><script>var x = '<table>';</script></head><body><nav>Trang chủ</nav>"
    var inTable = false
    for b in blocks(text) {
        if b.table {
            if !inTable { out += "<table>"; inTable = true }
            let span = Int.random(in: 0..<8, using: &rng) == 0 ? " rowspan=\"\(Int.random(in: 1...3, using: &rng))\"" : ""
            out += "<tr>" + b.cells.map { "<td\(span)>" + escapeXML($0) + "</td>" }.joined() + "</tr>"
        } else {
            if inTable { out += "</table>"; inTable = false }
            out += "<p>" + escapeXML(b.cells[0]) + "</p>"
        }
    }
    return Data((out + "</body></html>").utf8)
}

func markdown(from text: Data, _ rng: inout SplitMix64) -> Data {
    let cellPerLine = Int.random(in: 0..<2, using: &rng) == 0
    var out: [String] = []
    var inTable = false
    for b in blocks(text) {
        if b.table {
            if cellPerLine {
                if !inTable { out.append("|") }
                for c in b.cells { out.append(c.isEmpty ? "** **" : c); out.append("|") }
                out.append("|")
            } else {
                out.append("| " + b.cells.joined(separator: " | ") + " |")
                if !inTable { out.append("|" + String(repeating: "---|", count: b.cells.count)) }
            }
            inTable = true
        } else {
            if inTable { out.append("") }
            inTable = false
            out.append(b.cells[0])
        }
    }
    return Data(out.joined(separator: "\n").utf8)
}

func docx(from text: Data, _ rng: inout SplitMix64) -> Data {
    var body = ""
    var inTable = false
    for b in blocks(text) {
        if b.table {
            if !inTable { body += "<w:tbl>"; inTable = true }
            body += "<w:tr>" + b.cells.map { c in
                let pr = Int.random(in: 0..<8, using: &rng) == 0 ? "<w:tcPr><w:vMerge\(Bool.random(using: &rng) ? " w:val=\"restart\"" : "")/><w:gridSpan w:val=\"\(Int.random(in: 1...3, using: &rng))\"/></w:tcPr>" : ""
                return "<w:tc>\(pr)<w:p><w:r><w:t>\(escapeXML(c))</w:t></w:r></w:p></w:tc>"
            }.joined() + "</w:tr>"
        } else {
            if inTable { body += "</w:tbl>"; inTable = false }
            let numbered = Int.random(in: 0..<6, using: &rng) == 0 ? "<w:pPr><w:numPr><w:ilvl w:val=\"\(Int.random(in: -1...9, using: &rng))\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>" : ""
            body += "<w:p>\(numbered)<w:r><w:t>\(escapeXML(b.cells[0]))</w:t></w:r></w:p>"
        }
    }
    if inTable { body += "</w:tbl>" }
    let numbering = "<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"\(Int.random(in: -5...1_000_000_000, using: &rng))\"/><w:numFmt w:val=\"\(["decimal", "lowerLetter", "upperRoman", "bullet"].randomElement(using: &rng)!)\"/><w:lvlText w:val=\"%1.%2)\"/></w:lvl></w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>"
    let parts: [(String, String)] = [
        ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
        ("word/document.xml", "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>\(body)</w:body></w:document>"),
        ("word/numbering.xml", numbering),
    ]
    guard let archive = try? Archive(accessMode: .create) else { return Data() }
    for (path, text) in parts {
        let data = Data(text.utf8)
        try? archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }
    return archive.data ?? Data()
}

/// A seed's first lines as a PDF with a text layer (Helvetica, so the text is folded to ASCII): each tab-separated
/// cell at its own column, 48 lines a page, at most three pages. Offsets in the cross-reference table are exact;
/// damaged copies make pdftotext rebuild or give up.
func pdf(from text: Data, _ rng: inout SplitMix64) -> Data {
    let lines = String(decoding: text, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    let start = Int.random(in: 0..<max(1, lines.count - 40), using: &rng)
    let chosen = lines.dropFirst(start).prefix(Int.random(in: 20...144, using: &rng))
    func ascii(_ s: Substring) -> String {
        String(s).replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: "Đ", with: "D")
            .folding(options: .diacriticInsensitive, locale: nil).unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 }
            .map { $0 == "(" || $0 == ")" || $0 == "\\" ? "\\\($0)" : String($0) }.joined()
    }
    var pages: [String] = []
    var content = ""
    for (n, line) in chosen.enumerated() {
        if n > 0 && n % 48 == 0 { pages.append(content); content = "" }
        let y = 800 - (n % 48) * 16
        for (c, cell) in line.split(separator: "\t", omittingEmptySubsequences: false).prefix(8).enumerated() where !cell.isEmpty {
            content += "BT /F1 9 Tf 1 0 0 1 \(36 + c * 70) \(y) Tm (\(ascii(cell.prefix(60)))) Tj ET\n"
        }
    }
    pages.append(content)
    var objects = ["<< /Type /Catalog /Pages 2 0 R >>", "", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    var kids: [String] = []
    for page in pages {
        objects.append("<< /Length \(page.utf8.count) >>\nstream\n\(page)endstream")
        objects.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents \(objects.count) 0 R /Resources << /Font << /F1 3 0 R >> >> >>")
        kids.append("\(objects.count) 0 R")
    }
    objects[1] = "<< /Type /Pages /Kids [\(kids.joined(separator: " "))] /Count \(kids.count) >>"
    var out = "%PDF-1.4\n"
    var offsets: [Int] = []
    for (i, o) in objects.enumerated() {
        offsets.append(out.utf8.count)
        out += "\(i + 1) 0 obj\n\(o)\nendobj\n"
    }
    let xref = out.utf8.count
    out += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n" + offsets.map { String(format: "%010d 00000 n \n", $0) }.joined()
    out += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
    return Data(out.utf8)
}

// MARK: - One input

struct Tally { var inputs = 0, accepted = 0, refused = 0, maxMs = 0.0, bytes = 0, reasons: [String: Int] = [:] }
nonisolated(unsafe) var tallies = Array(repeating: Tally(), count: readerNames.count)

func run(_ iteration: Int) {
    var rng = SplitMix64(seed: baseSeed &* 0x1000_0000_01B3 &+ UInt64(iteration))
    let reader = iteration % readerNames.count
    let seed = Int.random(in: 0..<seedTexts.count, using: &rng)
    let input: Data
    switch reader {
    case 0: input = mutate(seedTexts[seed], &rng)
    case 1: input = Int.random(in: 0..<3, using: &rng) == 0 ? csv(from: seedTexts[seed], &rng) : mutate(csv(from: seedTexts[seed], &rng), &rng)
    case 2: input = mutateJSON(seedJSON[seed % seedJSON.count], &rng)
    case 4: input = Int.random(in: 0..<3, using: &rng) == 0 ? html(from: seedTexts[seed], &rng) : mutate(html(from: seedTexts[seed], &rng), &rng)
    case 5: input = Int.random(in: 0..<3, using: &rng) == 0 ? markdown(from: seedTexts[seed], &rng) : mutate(markdown(from: seedTexts[seed], &rng), &rng)
    case 6:
        let document = docx(from: seedTexts[seed], &rng)
        input = Int.random(in: 0..<3, using: &rng) == 0 ? document : Int.random(in: 0..<4, using: &rng) == 0 ? mutate(document, &rng) : rezip(document, &rng)
    case 7:
        let document = pdf(from: seedTexts[seed], &rng)
        switch Int.random(in: 0..<4, using: &rng) {
        case 0, 1: input = document
        case 2: input = mutate(document, &rng)
        default: input = document.prefix(Int.random(in: 8..<max(9, document.count), using: &rng)) // cut short
        }
    default:
        let form = forms[seed % forms.count]
        switch Int.random(in: 0..<10, using: &rng) {
        case 0: input = mutate(form, &rng, maxBytes: 4_000_000)
        case 1 where iteration % 97 == 3: input = bomb
        default: input = rezip(form, &rng)
        }
    }
    if let path = options["dump"] { try? input.write(to: URL(fileURLWithPath: path)) }
    currentIteration = iteration; currentReader = Int32(reader)
    let started = now()
    inputStarted = started
    var ok = false
    switch reader {
    case 0, 1, 2, 4, 5, 6, 7:
        let name = ["plan.txt", "plan.csv", "plan.json", "", "plan.html", "plan.md", "plan.docx", "plan.pdf"][reader]
        do {
            let plan = try PlanImporter.importPlan(data: input, fileName: name)
            // What is accepted is consistent: codes unique, warnings point inside the file.
            precondition(Set(plan.tasks.map(\.code)).count == plan.tasks.count, "duplicate task codes")
            precondition(Set(plan.indicators.map(\.code)).count == plan.indicators.count, "duplicate indicator codes")
            _ = PlanJSON.encode(plan)
            ok = true
        } catch {
            precondition(!error.message.isEmpty, "a refusal without a message")
            tallies[reader].reasons[String(error.message.prefix(30)), default: 0] += 1
        }
    default:
        let i = seed % formTasks.count
        switch ReportWorkbook.read(input, period: fuzzPeriod, tasks: formTasks[i], indicators: formIndicators[i], today: CivilDate(year: 2026, month: 6, day: 10)!) {
        case .success: ok = true
        case let .failure(problems):
            precondition(problems.problems.allSatisfy { !$0.message.isEmpty }, "a problem without a message")
            tallies[reader].reasons[String(problems.problems.first?.message.prefix(30) ?? ""), default: 0] += 1
        }
    }
    inputStarted = 0
    let ms = (now() - started) * 1000
    tallies[reader].inputs += 1
    tallies[reader].bytes += input.count
    if ok { tallies[reader].accepted += 1 } else { tallies[reader].refused += 1 }
    tallies[reader].maxMs = max(tallies[reader].maxMs, ms)
}

if let replay = options["replay"].flatMap(Int.init) {
    run(replay)
    print("kehoach-fuzz: input \(replay) (\(readerNames[replay % readerNames.count])) ran without a crash")
    exit(0)
}

// MARK: - The run

let start = now()
var iteration = 0
var settledRSS: Double?
var peakRSS = rssMB()
var lastReport = start
while now() - start < seconds {
    run(iteration)
    iteration += 1
    if iteration % 64 == 0 {
        let rss = rssMB()
        peakRSS = max(peakRSS, rss)
        // Memory after the first tenth of the run (caches and the allocator warmed up) is the baseline.
        if settledRSS == nil, now() - start > seconds / 10 { settledRSS = rss }
        if now() - lastReport > 60 {
            lastReport = now()
            print("kehoach-fuzz: \(Int(now() - start)) s, \(iteration) inputs, RSS \(Int(rss)) MB")
        }
    }
}
let endRSS = rssMB()
peakRSS = max(peakRSS, endRSS)
let growth = endRSS - (settledRSS ?? endRSS)
let maxMs = tallies.map(\.maxMs).max() ?? 0
var failures: [String] = []
if maxMs > maxInputSeconds * 1000 { failures.append("an input took \(Int(maxMs)) ms") }
if peakRSS > maxRSSMB { failures.append("peak memory \(Int(peakRSS)) MB over \(Int(maxRSSMB)) MB") }
if growth > maxGrowthMB { failures.append("memory grew \(Int(growth)) MB over the run (bound \(Int(maxGrowthMB)) MB)") }

var summary: [String: Any] = [
    "seconds": Int(now() - start), "inputs": iteration, "maxInputMs": Int(maxMs.rounded()), "peakRSSMB": Int(peakRSS.rounded()),
    "settledRSSMB": Int((settledRSS ?? endRSS).rounded()), "endRSSMB": Int(endRSS.rounded()), "failures": failures,
]
for (i, name) in readerNames.enumerated() {
    summary[name] = ["inputs": tallies[i].inputs, "accepted": tallies[i].accepted, "refused": tallies[i].refused,
                     "maxMs": Int(tallies[i].maxMs.rounded()), "megabytes": tallies[i].bytes / 1_048_576,
                     "topRefusals": tallies[i].reasons.sorted { $0.value > $1.value }.prefix(3).map { "\($0.value) × \($0.key)" }]
}
let json = try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys])
print(String(decoding: json, as: UTF8.self))
exit(failures.isEmpty ? 0 : 1)
