import Foundation

/// An administrative document (văn bản hành chính) as Decree 30/2020/NĐ-CP lays it out: the issuing body and the
/// national motto at the top, number and symbol, place and date, the document type and subject, the body, the
/// recipients and the signature block, then appendices. One model, written as DOCX, XLSX and HTML, so that the
/// three say the same thing.
public struct AdministrativeDocument: Sendable, Hashable {
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

    public struct Section: Sendable, Hashable {
        public var heading: String
        public var blocks: [Block]
        public init(heading: String, blocks: [Block]) { self.heading = heading; self.blocks = blocks }
    }

    public enum Block: Sendable, Hashable {
        case paragraph(String)
        case subheading(String)
        /// Lines each starting with a dash, as Vietnamese reports list things.
        case bullets([String])
        case table(Table)
    }

    public struct Table: Sendable, Hashable {
        public var header: [String]
        public var rows: [[String]]
        /// Relative widths of the columns.
        public var widths: [Int]
        public init(header: [String], rows: [[String]], widths: [Int]) { self.header = header; self.rows = rows; self.widths = widths }
    }

    public struct Appendix: Sendable, Hashable {
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

    public var numberLine: String { "Số: …/\(symbol)" }
}

extension CivilDate {
    /// `20/09/2026`, as Vietnamese documents write a day.
    public var vietnamese: String { String(format: "%02d/%02d/%04d", day, month, year) }
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
