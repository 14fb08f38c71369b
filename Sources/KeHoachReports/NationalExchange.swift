import Foundation
import KeHoachCore

/// A packet for the national reporting information system (Decree 09/2019/NĐ-CP), organised like the data packets of
/// QCVN 125:2021/BTTTT: a header (who sends, to whom, when), the reporting regime, the report form with its period,
/// the indicator list (codes and units) and the indicator data (value per period and reporting unit).
///
/// The regulation's exact element names were not at hand when this was written: every name the XML and JSON use is in
/// `ExchangeName` below and nowhere else, so aligning with the official schema is a change of that one table (and
/// `ExchangePacket.namespace`). The national codes of indicators and units come from each indicator's setting
/// (`IndicatorSetting.nationalCode`, `.unitCode`, set on the indicator's dashboard page); without them the plan's own
/// code and unit are sent and the packet says so (`codeSource`).
public struct ExchangePacket: Sendable, Hashable {
    public static let namespace = "urn:kehoach:qcvn125-2021:goi-tin-bao-cao"
    public static let version = "1.0"

    public struct Unit: Sendable, Hashable {
        /// The administrative unit code for a province (QĐ 19/2025/QĐ-TTg), the province's code of an agency.
        public var code: String
        public var name: String
        /// `tinh` (province) or `co-quan` (an agency of it).
        public var level: String
        public init(code: String, name: String, level: String) { self.code = code; self.name = name; self.level = level }
    }

    public struct PeriodRef: Sendable, Hashable {
        public var code: String
        /// thang, quy, sau-thang, nam, dot-xuat.
        public var kind: String
        public var year: Int
        public var start: CivilDate
        public var end: CivilDate
        public init(_ period: Period) {
            code = period.description; year = period.year; start = period.start; end = period.end
            kind = switch period.kind {
            case .month: "thang"
            case .quarter: "quy"
            case .halfYear: "sau-thang"
            case .year: "nam"
            case .adhoc: "dot-xuat"
            }
        }
    }

    public struct Indicator: Sendable, Hashable {
        /// The national code, or the plan's code when none is set (`codeSource` says which).
        public var code: String
        public var codeSource: String
        public var localCode: String
        public var name: String
        public var group: String?
        public var unitCode: String?
        public var unitName: String?
        /// How the province's value is made from the agencies' (tổng, tỷ lệ, bình quân…).
        public var method: String
        public init(code: String, codeSource: String, localCode: String, name: String, group: String?, unitCode: String?, unitName: String?, method: String) {
            self.code = code; self.codeSource = codeSource; self.localCode = localCode; self.name = name; self.group = group
            self.unitCode = unitCode; self.unitName = unitName; self.method = method
        }
    }

    public struct Datum: Sendable, Hashable {
        public var indicatorCode: String
        public var unit: Unit
        public var value: Double
        public var numerator: Double?
        public var denominator: Double?
        /// The day the agency's report was first submitted; nil for the province's total.
        public var submittedOn: CivilDate?
        public init(indicatorCode: String, unit: Unit, value: Double, numerator: Double?, denominator: Double?, submittedOn: CivilDate?) {
            self.indicatorCode = indicatorCode; self.unit = unit; self.value = value; self.numerator = numerator; self.denominator = denominator
            self.submittedOn = submittedOn
        }
    }

    public var packetID: String
    public var createdAt: String
    public var sender: Unit
    public var receiver: Unit
    /// The reporting regime: the plan (its number, issuer, date) and how often it asks for reports.
    public var regimeCode: String
    public var regimeName: String
    public var legalBasis: String
    public var frequency: String
    public var formCode: String
    public var formName: String
    public var period: PeriodRef
    public var indicators: [Indicator]
    public var data: [Datum]

    public init(packetID: String, createdAt: String, sender: Unit, receiver: Unit, regimeCode: String, regimeName: String, legalBasis: String,
                frequency: String, formCode: String, formName: String, period: PeriodRef, indicators: [Indicator], data: [Datum]) {
        self.packetID = packetID; self.createdAt = createdAt; self.sender = sender; self.receiver = receiver; self.regimeCode = regimeCode
        self.regimeName = regimeName; self.legalBasis = legalBasis; self.frequency = frequency; self.formCode = formCode; self.formName = formName
        self.period = period; self.indicators = indicators; self.data = data
    }

    /// The receiving system.
    public static let nationalSystem = Unit(code: "HTTTBCQG", name: "Hệ thống thông tin báo cáo quốc gia", level: "quoc-gia")
}

/// Every element (XML) and key (JSON) name of the packet: the one place to align with the regulation's schema.
public enum ExchangeName: String, CaseIterable, Sendable {
    case packet = "GoiTinBaoCao"
    case header = "ThongTinChung"
    case packetID = "MaGoiTin"
    case version = "PhienBan"
    case createdAt = "ThoiGianTao"
    case sender = "DonViGui"
    case receiver = "DonViNhan"
    case regime = "CheDoBaoCao"
    case form = "BieuMauBaoCao"
    case period = "KyBaoCao"
    case indicatorList = "DanhMucChiTieu"
    case indicator = "ChiTieu"
    case indicatorData = "DuLieuChiTieu"
    case datum = "GiaTriChiTieu"
    case reportingUnit = "DonViBaoCao"
    case code = "Ma"
    case name = "Ten"
    case level = "Cap"
    case legalBasis = "CanCu"
    case frequency = "TanSuat"
    case kind = "Loai"
    case year = "Nam"
    case start = "TuNgay"
    case end = "DenNgay"
    case codeSource = "NguonMa"
    case localCode = "MaTrongKeHoach"
    case group = "Nhom"
    case unitCode = "MaDonViTinh"
    case unitName = "DonViTinh"
    case method = "PhuongPhapTongHop"
    case indicatorCode = "MaChiTieu"
    case value = "GiaTri"
    case numerator = "TuSo"
    case denominator = "MauSo"
    case submittedOn = "NgayGui"

    /// The element name in XML.
    public var xml: String { rawValue }
    /// The key in JSON: the same words, first letter lower-case (`maGoiTin`).
    public var json: String { rawValue.prefix(1).lowercased() + rawValue.dropFirst() }
}

extension ExchangePacket {
    private typealias N = ExchangeName

    /// The packet as XML (UTF-8), in the namespace `ExchangePacket.namespace`.
    public func xml() -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<\(N.packet.xml) xmlns=\"\(Self.namespace)\" \(N.version.xml.lowercased())=\"\(Self.version)\">\n"
        func leaf(_ name: N, _ value: String?, indent: Int) {
            guard let value else { return }
            out += String(repeating: "  ", count: indent) + "<\(name.xml)>\(XMLText.escape(value))</\(name.xml)>\n"
        }
        func open(_ name: N, _ indent: Int) { out += String(repeating: "  ", count: indent) + "<\(name.xml)>\n" }
        func close(_ name: N, _ indent: Int) { out += String(repeating: "  ", count: indent) + "</\(name.xml)>\n" }
        func unit(_ name: N, _ u: Unit, _ indent: Int) {
            open(name, indent); leaf(.code, u.code, indent: indent + 1); leaf(.name, u.name, indent: indent + 1); leaf(.level, u.level, indent: indent + 1)
            close(name, indent)
        }
        open(.header, 1)
        leaf(.packetID, packetID, indent: 2); leaf(.createdAt, createdAt, indent: 2)
        unit(.sender, sender, 2); unit(.receiver, receiver, 2)
        close(.header, 1)
        open(.regime, 1)
        leaf(.code, regimeCode, indent: 2); leaf(.name, regimeName, indent: 2); leaf(.legalBasis, legalBasis, indent: 2); leaf(.frequency, frequency, indent: 2)
        close(.regime, 1)
        open(.form, 1)
        leaf(.code, formCode, indent: 2); leaf(.name, formName, indent: 2)
        open(.period, 2)
        leaf(.code, period.code, indent: 3); leaf(.kind, period.kind, indent: 3); leaf(.year, String(period.year), indent: 3)
        leaf(.start, period.start.description, indent: 3); leaf(.end, period.end.description, indent: 3)
        close(.period, 2)
        close(.form, 1)
        open(.indicatorList, 1)
        for i in indicators {
            open(.indicator, 2)
            leaf(.code, i.code, indent: 3); leaf(.codeSource, i.codeSource, indent: 3); leaf(.localCode, i.localCode, indent: 3); leaf(.name, i.name, indent: 3)
            leaf(.group, i.group, indent: 3); leaf(.unitCode, i.unitCode, indent: 3); leaf(.unitName, i.unitName, indent: 3); leaf(.method, i.method, indent: 3)
            close(.indicator, 2)
        }
        close(.indicatorList, 1)
        open(.indicatorData, 1)
        for d in data {
            open(.datum, 2)
            leaf(.indicatorCode, d.indicatorCode, indent: 3)
            unit(.reportingUnit, d.unit, 3)
            leaf(.period, period.code, indent: 3)
            leaf(.value, DataTable.plain(d.value), indent: 3)
            leaf(.numerator, d.numerator.map(DataTable.plain), indent: 3); leaf(.denominator, d.denominator.map(DataTable.plain), indent: 3)
            leaf(.submittedOn, d.submittedOn?.description, indent: 3)
            close(.datum, 2)
        }
        close(.indicatorData, 1)
        out += "</\(N.packet.xml)>\n"
        return out
    }

    /// The packet as a JSON object with the same structure and names (`ExchangeName.json`).
    public func jsonObject() -> [String: Any] {
        func unit(_ u: Unit) -> [String: Any] { [N.code.json: u.code, N.name.json: u.name, N.level.json: u.level] }
        func compact(_ pairs: [(N, Any?)]) -> [String: Any] {
            var o: [String: Any] = [:]
            for (k, v) in pairs { if let v { o[k.json] = v } }
            return o
        }
        return [
            N.packet.json: [
                N.version.json: Self.version,
                N.header.json: [N.packetID.json: packetID, N.createdAt.json: createdAt, N.sender.json: unit(sender), N.receiver.json: unit(receiver)],
                N.regime.json: [N.code.json: regimeCode, N.name.json: regimeName, N.legalBasis.json: legalBasis, N.frequency.json: frequency],
                N.form.json: [N.code.json: formCode, N.name.json: formName,
                              N.period.json: [N.code.json: period.code, N.kind.json: period.kind, N.year.json: period.year,
                                              N.start.json: period.start.description, N.end.json: period.end.description]],
                N.indicatorList.json: indicators.map { i in
                    compact([(.code, i.code), (.codeSource, i.codeSource), (.localCode, i.localCode), (.name, i.name), (.group, i.group),
                             (.unitCode, i.unitCode), (.unitName, i.unitName), (.method, i.method)])
                },
                N.indicatorData.json: data.map { d in
                    compact([(.indicatorCode, d.indicatorCode), (.reportingUnit, unit(d.unit)), (.period, period.code), (.value, d.value),
                             (.numerator, d.numerator), (.denominator, d.denominator), (.submittedOn, d.submittedOn?.description)])
                },
            ] as [String: Any],
        ]
    }
}
