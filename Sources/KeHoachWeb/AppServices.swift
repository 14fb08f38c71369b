import Foundation
import KeHoachCore
import KeHoachStore


/// What every controller needs: the store, the page renderer, security settings and the clock.
struct AppServices: Sendable {
    let store: any Store & PendingImportStore & ReportStore & EvaluationStore & RollupStore
    let pages: Pages
    /// Templates, style sheet and OpenAPI description, read at start.
    let resources: WebResources
    let security: Security
    let clock: @Sendable () -> Date
    let files: FileVault
    let maxAttachmentBytes: Int
    let outlierFactor: Double
    let cache = ResponseCache()
    let evaluations = EvaluationCache()

    /// Today in Vietnam (UTC+7), for overdue checks.
    var today: CivilDate { CivilDate(vietnamDay: clock()) }

    /// The provinces a user may see: all for administrators, their own otherwise.
    func visibleProvinces(_ user: User) async throws -> [Province] {
        let all = try await store.provinces()
        return user.role == .administrator ? all : all.filter { $0.id == user.provinceID }
    }

    /// The province whose name appears in the plan's issuer or title (used to place uploaded and seed plans).
    static func province(for plan: PlanDocument, among provinces: [Province]) -> Province? {
        let text = TextFolding.searchKey((plan.plan.issuer ?? "") + " " + plan.plan.title)
        return provinces.first { text.includes(TextFolding.searchKey($0.name)) }
    }
}
