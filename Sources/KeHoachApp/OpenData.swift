import Foundation
import KeHoachCore

/// Open data (the seeds' "Cổng dữ liệu mở"): what a province publishes of a plan, computed by the same evaluation as
/// every page: the plan, its indicators with targets and the province's values, its tasks with their status. No
/// report text (notes, difficulties, proposals, reasons) and nothing of an unpublished plan.
public struct OpenPlan: Sendable {
    public var plan: StoredPlan
    public var province: Province
    public var publication: Publication
    /// The last day the data changed: the latest submission counted, or the day of publication.
    public var modified: CivilDate
    public var indicators: DataTable
    public var values: DataTable
    public var tasks: DataTable

    /// The datasets by their file name, and what each holds.
    public static let datasets: [(name: String, title: String, description: String)] = [
        ("indicators", "Chỉ tiêu", "Các chỉ tiêu của kế hoạch: mã, tên, đơn vị tính, giá trị cơ sở, mục tiêu, giá trị mới nhất của tỉnh và đánh giá."),
        ("values", "Số liệu chỉ tiêu theo kỳ", "Giá trị của tỉnh theo từng kỳ báo cáo, tổng hợp từ báo cáo của các cơ quan đã gửi."),
        ("tasks", "Nhiệm vụ", "Các nhiệm vụ của kế hoạch: cơ quan chủ trì, sản phẩm, thời hạn và tình trạng thực hiện."),
    ]

    public func table(_ name: String) -> DataTable? {
        switch name {
        case "indicators": indicators
        case "values": values
        case "tasks": tasks
        default: nil
        }
    }
}

extension KeHoachApp {
    /// The published plans, each with its province, in the order of provinces then plans.
    public func publishedPlans() async throws -> [(StoredPlan, Province, Publication)] {
        var out: [(StoredPlan, Province, Publication)] = []
        let provinces = Dictionary(try await store.provinces().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for p in try await store.publications() {
            guard let plan = try await store.plan(p.planID), let province = provinces[plan.provinceID] else { continue }
            out.append((plan, province, p))
        }
        return out.sorted { ($0.1.name, $0.0.id) < ($1.1.name, $1.0.id) }
    }

    /// A published plan's datasets; nil when the plan is not published (or does not exist).
    public func openPlan(_ id: StoredPlan.ID) async throws -> OpenPlan? {
        guard let publication = try await store.publications().first(where: { $0.planID == id }), let plan = try await store.plan(id),
              let province = try await store.province(plan.provinceID) else { return nil }
        let evaluation = try await evaluation(of: province)
        guard let p = evaluation.plans.first(where: { $0.plan.id == id }) else { return nil }
        var modified = publication.publishedOn
        var indicators = DataTable(columns: ["ma", "nhom", "ten", "don_vi_tinh", "gia_tri_co_so", "muc_tieu", "nam_muc_tieu", "gia_tri_moi_nhat",
                                             "ky_moi_nhat", "danh_gia"])
        var values = DataTable(columns: ["ma_chi_tieu", "ky", "tu_ngay", "den_ngay", "gia_tri", "tu_so", "mau_so", "so_co_quan_bao_cao"])
        for i in p.indicators {
            let r = p.indicatorResults[i.id]
            indicators.rows.append([.text(i.indicator.code), .of(i.indicator.group), .text(i.indicator.name), .of(i.indicator.unit),
                                    .of(i.indicator.baseline?.text), .of(r?.target?.text ?? i.indicator.targets.last?.text),
                                    .of(r?.target?.year ?? i.indicator.targets.last?.year), .of(r?.latest?.value), .of(r?.latest?.period.description),
                                    .of(r?.status.label)])
            for point in r?.series ?? [] {
                values.rows.append([.text(i.indicator.code), .text(point.period.description), .text(point.period.start.description),
                                    .text(point.period.end.description), .number(point.value), .of(point.numerator), .of(point.denominator),
                                    .integer(point.sources.count)])
                for s in point.sources { if let d = s.submittedOn, d > modified { modified = d } }
            }
        }
        var tasks = DataTable(columns: ["ma", "nhom", "ten", "co_quan_chu_tri", "co_quan_phoi_hop", "san_pham", "thoi_han", "han_hoan_thanh",
                                        "tinh_trang", "ngay_hoan_thanh", "so_ngay_qua_han"])
        for t in p.tasks {
            let r = p.taskResults[t.id]
            func names(_ refs: [AgencyReference]) -> String { refs.map { $0.agencyName ?? $0.text }.joined(separator: "; ") }
            tasks.rows.append([.text(t.task.code), .of(t.task.group), .text(t.task.name), .text(names(t.lead)), .text(names(t.partners)),
                               .of(t.task.product), .of(t.task.deadline?.text), .of((r?.due ?? t.task.deadline?.due)?.description), .of(r?.status.label),
                               .of(r?.completedOn?.description), .of(r?.daysOverdue)])
        }
        return OpenPlan(plan: plan, province: province, publication: publication, modified: min(modified, today), indicators: indicators,
                        values: values, tasks: tasks)
    }
}
