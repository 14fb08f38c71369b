import Foundation

/// An administrative document (văn bản hành chính) as Decree 30/2020/NĐ-CP lays it out: the issuing body and the
/// national motto at the top, number and symbol, place and date, the document type and subject, the body, the
/// recipients and the signature block, then appendices. One model, written as DOCX, XLSX and HTML, so that the
/// three say the same thing.
public struct AdministrativeDocument: Sendable, Hashable, Codable {
    /// The body above the issuer (`UBND TỈNH LAI CHÂU`), regular capitals.
    public var parentBody: String
    /// The issuer as its name is written (`Sở Khoa học và Công nghệ`); in the heading it is in capitals.
    public var issuerName: String
    /// The issuer in the heading: bold capitals.
    public var issuingBody: String { issuerName.vietnameseUppercased }
    /// `BC-SKHCN`: the number is left to fill (`Số: …/BC-SKHCN`).
    public var symbol: String
    public var place: String
    public var date: CivilDate
    /// `BÁO CÁO`.
    public var kind: String
    public var subject: String
    public var sections: [Section]
    public var recipients: [String]
    /// `GIÁM ĐỐC`, above the space for the signature.
    public var signerTitle: String
    public var appendices: [Appendix]
    /// The number given when the document is registered (`123`); until then `Số: …/BC-SKHCN`.
    public var number: String? = nil
    /// The signer's name under the signature; until then the space says what goes there.
    public var signerName: String? = nil
    /// Who signs for whom above the title (`KT. GIÁM ĐỐC` over `PHÓ GIÁM ĐỐC`): written as the clerk gives it.
    public var signerAuthority: String? = nil

    /// A part of the body: its key (`opening`, `I`, `II`, …: what a saved edit is attached to), its heading as
    /// Decree 30 numbers it (`I. KẾT QUẢ …`; empty for the opening), and its blocks.
    public struct Section: Sendable, Hashable, Codable {
        public var key: String
        public var heading: String
        public var blocks: [Block]
        public init(key: String = "", heading: String, blocks: [Block]) { self.key = key; self.heading = heading; self.blocks = blocks }
    }

    /// Paragraph text may carry footnotes written inline as `[Chú thích: …]` (see `Inline`): what the system writes
    /// and what a clerk edits are the same text.
    public enum Block: Sendable, Hashable, Codable {
        case paragraph(String)
        /// `1. …`: bold.
        case subheading(String)
        /// `a) …`: bold italic.
        case minorHeading(String)
        /// Lines each starting with a dash, as Vietnamese reports list things.
        case bullets([String])
        case table(Table)
    }

    public struct Table: Sendable, Hashable, Codable {
        public var header: [String]
        public var rows: [[String]]
        /// Relative widths of the columns.
        public var widths: [Int]
        public init(header: [String], rows: [[String]], widths: [Int]) { self.header = header; self.rows = rows; self.widths = widths }
    }

    public struct Appendix: Sendable, Hashable, Codable {
        /// `Phụ lục I`.
        public var label: String
        public var title: String
        public var table: Table
        public init(label: String, title: String, table: Table) { self.label = label; self.title = title; self.table = table }
    }

    public init(parentBody: String, issuerName: String, symbol: String, place: String, date: CivilDate, kind: String, subject: String,
                sections: [Section], recipients: [String], signerTitle: String, appendices: [Appendix]) {
        self.parentBody = parentBody; self.issuerName = issuerName; self.symbol = symbol; self.place = place; self.date = date; self.kind = kind
        self.subject = subject; self.sections = sections; self.recipients = recipients; self.signerTitle = signerTitle; self.appendices = appendices
    }

    public static let nationalName = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    public static let motto = "Độc lập - Tự do - Hạnh phúc"

    /// `Lai Châu, ngày 05 tháng 6 năm 2026`: days below 10 and months 1 and 2 take a leading zero (Decree 30, Appendix I).
    public var placeAndDate: String {
        let day = date.day < 10 ? "0\(date.day)" : "\(date.day)"
        let month = date.month < 3 ? "0\(date.month)" : "\(date.month)"
        return "\(place), ngày \(day) tháng \(month) năm \(date.year)"
    }

    /// `số 123/BC-SKHCN ngày 05/6/2026` or, before registration, `số …/BC-SKHCN ngày 5/6/2026`: how an appendix cites its document.
    public var citation: String { "số \(number.flatMap { $0.isEmpty ? nil : $0 } ?? "…")/\(symbol) ngày \(date.day)/\(date.month)/\(date.year)" }

    public var numberLine: String { "Số: \(number.map { $0.isEmpty ? "…" : $0 } ?? "…")/\(symbol)" }

    /// The issuing body in one or two lines that break between words of a name, never inside one
    /// (`SỞ KHOA HỌC` / `VÀ CÔNG NGHỆ`, not `SỞ KHOA HỌC VÀ CÔNG` / `NGHỆ`): names longer than a line of the
    /// heading's left column break before `VÀ` or, failing that, at the space nearest the middle.
    public var issuerLines: [String] {
        let name = issuingBody
        guard name.count > 20 else { return [name] }
        let words = name.split(separator: " ").map(String.init)
        guard words.count > 1 else { return [name] }
        var best = 1, bestScore = Int.max
        for i in 1..<words.count {
            let left = words[..<i].joined(separator: " ").count, right = words[i...].joined(separator: " ").count
            guard max(left, right) <= 30 || bestScore == Int.max else { continue }
            // Balanced lines; a break before "VÀ" keeps "Khoa học và Công nghệ" in readable halves.
            let score = abs(left - right) - (words[i] == "VÀ" ? 8 : 0)
            if score < bestScore { best = i; bestScore = score }
        }
        return [words[..<best].joined(separator: " "), words[best...].joined(separator: " ")]
    }

    /// The body's text (headings, paragraphs, lists; footnotes counted apart), as a reader of the document sees it.
    public var bodyText: String {
        var lines: [String] = []
        for s in sections {
            if !s.heading.isEmpty { lines.append(s.heading) }
            for b in s.blocks {
                switch b {
                case let .paragraph(t), let .subheading(t), let .minorHeading(t): lines.append(Inline.plain(t))
                case let .bullets(l): lines += l.map { "- " + Inline.plain($0) }
                case let .table(t): lines += ([t.header] + t.rows).map { $0.joined(separator: " | ") }
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Footnotes written inline: `đã ban hành 3 kế hoạch[Chú thích: Kế hoạch số 12/KH-SNV …]`. One reading for the
    /// three renderers (a DOCX footnote, an HTML note, a numbered line in the workbook).
    public enum Inline {
        public static let open = "[Chú thích:"

        public enum Part: Sendable, Hashable {
            case text(String)
            case note(String)
        }

        public static func parts(_ text: String) -> [Part] {
            var parts: [Part] = []
            var rest = Substring(text)
            while let start = rest.range(of: open), let end = rest[start.upperBound...].firstIndex(of: "]") {
                if start.lowerBound > rest.startIndex { parts.append(.text(String(rest[..<start.lowerBound]))) }
                let note = rest[start.upperBound..<end].trimmingCharacters(in: .whitespaces)
                if !note.isEmpty { parts.append(.note(note)) }
                rest = rest[rest.index(after: end)...]
            }
            if !rest.isEmpty { parts.append(.text(String(rest))) }
            return parts
        }

        /// The text without its footnotes.
        public static func plain(_ text: String) -> String {
            parts(text).compactMap { if case let .text(t) = $0 { t } else { nil } }.joined()
        }

        public static func note(_ text: String) -> String { "\(open) \(text)]" }
    }
}

extension AdministrativeDocument.Section {
    /// The section's words as a clerk edits them: one paragraph a line, `- ` before a list item, `1. ` or `a) ` before
    /// a heading inside the section; tables are not text and stay as generated.
    public var text: String {
        blocks.compactMap { b -> String? in
            switch b {
            case let .paragraph(t): t
            case let .subheading(t), let .minorHeading(t): t
            case let .bullets(l): l.map { "- " + $0 }.joined(separator: "\n")
            case .table: nil
            }
        }.joined(separator: "\n")
    }

    /// The section with its words replaced by `text` (read as `text` writes it) and its tables kept after them.
    public func replacingText(_ text: String) -> Self {
        var blocks: [AdministrativeDocument.Block] = []
        for raw in text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            if line.hasPrefix("- ") || line.hasPrefix("+ ") {
                let item = String(line.dropFirst(2))
                if case let .bullets(l)? = blocks.last { blocks[blocks.count - 1] = .bullets(l + [item]) } else { blocks.append(.bullets([item])) }
            } else if line.count < 160, line.range(of: #"^\d{1,2}(\.\d{1,2})*\.\s"#, options: .regularExpression) != nil {
                blocks.append(.subheading(line))
            } else if line.count < 160, line.range(of: #"^[a-zđ]\)\s"#, options: .regularExpression) != nil {
                blocks.append(.minorHeading(line))
            } else {
                blocks.append(.paragraph(line))
            }
        }
        return .init(key: key, heading: heading, blocks: blocks + self.blocks.filter { if case .table = $0 { true } else { false } })
    }
}

extension CivilDate {
    /// `20/09/2026`, as Vietnamese documents write a day.
    public var vietnamese: String { String(format: "%02d/%02d/%04d", day, month, year) }

    /// The day of `05/06/2026` or `5/6/2026` (years 2000–2100); nil for anything else, 31/02 among them.
    public init?(vietnamese text: String) {
        let parts = text.split(separator: "/").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 3, let d = parts[0], let m = parts[1], let y = parts[2], (2000...2100).contains(y),
              let day = CivilDate(year: y, month: m, day: d) else { return nil }
        self = day
    }
}

/// Instants as people in Vietnam read them: `09:02 27/11/2026`, Vietnam time (UTC+7).
public enum VietnameseTime {
    public static func text(_ date: Date) -> String {
        let seconds = Int((date.timeIntervalSince1970 + 7 * 3600).rounded(.down))
        let minuteOfDay = ((seconds % 86_400) + 86_400) % 86_400 / 60
        return String(format: "%02d:%02d ", minuteOfDay / 60, minuteOfDay % 60) + CivilDate(vietnamDay: date).vietnamese
    }

    /// The same from a stored UTC ISO 8601 stamp (`2026-11-27T02:02:47.712Z`); nil when it is not one.
    public static func text(stamp: String) -> String? {
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: stamp.contains("."), timeZone: TimeZone(identifier: "UTC")!)
        return (try? style.parse(stamp)).map(text)
    }
}

/// The upper-casing Vietnamese documents use for bodies and titles (`Sở Khoa học và Công nghệ` → `SỞ KHOA HỌC VÀ CÔNG NGHỆ`).
extension String {
    public var vietnameseUppercased: String { uppercased(with: Locale(identifier: "vi_VN")) }
}
