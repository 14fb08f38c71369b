import Foundation
import KeHoachCore
import KeHoachReports

extension KeHoachApp {
    /// The indicator values of one period of a plan for the national reporting system: the province's value of each
    /// indicator (the evaluation's, by the indicator's method) and each agency's value behind it, from the reports
    /// submitted, as every page counts them. Indicators carry their national codes when the coordinator set them.
    public func exchangePacket(_ plan: StoredPlan, period: Period) async throws -> ExchangePacket? {
        guard let province = try await store.province(plan.provinceID) else { return nil }
        let evaluation = try await evaluation(of: province)
        guard let p = evaluation.plans.first(where: { $0.plan.id == plan.id }) else { return nil }
        let provinceUnit = ExchangePacket.Unit(code: province.code, name: "Ủy ban nhân dân tỉnh \(province.name)", level: "tinh")
        var indicators: [ExchangePacket.Indicator] = []
        var data: [ExchangePacket.Datum] = []
        for i in p.indicators {
            let setting = p.settings[i.id]
            let code = setting?.nationalCode ?? i.indicator.code
            let r = p.indicatorResults[i.id]
            indicators.append(.init(code: code, codeSource: setting?.nationalCode == nil ? "ke-hoach" : "quoc-gia", localCode: i.indicator.code,
                                    name: i.indicator.name, group: i.indicator.group, unitCode: setting?.unitCode, unitName: i.indicator.unit,
                                    method: (r?.method ?? setting?.method ?? .latest).label))
            guard let point = r?.series.first(where: { $0.period == period }) else { continue }
            data.append(.init(indicatorCode: code, unit: provinceUnit, value: point.value, numerator: point.numerator, denominator: point.denominator,
                              submittedOn: nil))
            let percent = UnitKind.isPercentage(i.indicator.unit)
            for s in point.sources {
                guard let value = s.value.effectiveValue(percent: percent) else { continue }
                let agency = evaluation.agencies[s.agencyID]
                data.append(.init(indicatorCode: code,
                                  unit: .init(code: agency?.code ?? "\(province.code)-\(s.agencyID)", name: agency?.name ?? "Cơ quan \(s.agencyID)", level: "co-quan"),
                                  value: value, numerator: s.value.numerator, denominator: s.value.denominator, submittedOn: s.submittedOn))
            }
        }
        let info = plan.info
        let basis = [info.number.map { "Kế hoạch số \($0)" } ?? "Kế hoạch", info.issuer, info.issuedOn.map { "ngày \($0.vietnamese)" }]
            .compactMap { $0 }.joined(separator: " ")
        let regime = "KH-\(province.code)-\(plan.id)"
        return ExchangePacket(
            packetID: UUID().uuidString.lowercased(), createdAt: PacketTime.now(clock()), sender: provinceUnit, receiver: ExchangePacket.nationalSystem,
            regimeCode: regime, regimeName: info.title, legalBasis: basis, frequency: info.reporting?.text ?? ReportingCalendar(rule: info.reporting).kind.rawValue,
            formCode: regime + "-CT", formName: "Số liệu chỉ tiêu \(period.label)", period: .init(period), indicators: indicators, data: data)
    }
}

/// An instant as the packet writes it: ISO 8601 with the offset of Vietnam (`2026-11-28T08:05:00+07:00`).
enum PacketTime {
    static func now(_ date: Date) -> String {
        var style = Date.ISO8601FormatStyle(timeZone: TimeZone(secondsFromGMT: 7 * 3600)!)
        style = style.year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .colon)
        return style.format(date)
    }
}
