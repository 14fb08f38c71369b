import Foundation
import Hummingbird
import KeHoachApp
import KeHoachCore
import KeHoachStore


/// What every controller needs: the use cases (and through them the store and the clock), the page renderer and
/// security settings.
struct AppServices: Sendable {
    let core: KeHoachApp
    let pages: Pages
    /// Templates, style sheet and OpenAPI description, read at start.
    let resources: WebResources
    let security: Security
    let files: FileVault
    let maxAttachmentBytes: Int
    /// The site's address for links that leave it (calendars, mail); nil: the request's own.
    let publicURL: String?
    /// A mail relay is configured: people may give an address to receive notifications.
    let mailEnabled: Bool
    let cache = ResponseCache()

    var store: KeHoachApp.AppStore { core.store }
    var clock: @Sendable () -> Date { core.clock }
    /// Today in Vietnam (UTC+7), for overdue checks.
    var today: CivilDate { core.today }

    func evaluation(of province: Province) async throws -> ProvinceEvaluation { try await core.evaluation(of: province) }
    func taskResults(in province: Province.ID) async throws -> [StoredTask.ID: TaskEvaluation] { try await core.taskResults(in: province) }
    func taskResults(for tasks: [StoredTask]) async throws -> [StoredTask.ID: TaskEvaluation] { try await core.taskResults(for: tasks) }

    /// The address of the site, for absolute links: the configured one, else the request's scheme-less Host.
    func baseURL(_ request: Request) -> String {
        if let publicURL { return publicURL }
        // The Host the request named, if it is a plain host[:port] (never markup or a path).
        let host = request.head.authority ?? ""
        let plain = !host.isEmpty && host.count <= 255 && host.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || ".-:[]".unicodeScalars.contains($0) }
        return "http://" + (plain ? host : "127.0.0.1")
    }

    /// The provinces a user may see: all for administrators, their own otherwise.
    func visibleProvinces(_ user: User) async throws -> [Province] {
        let all = try await store.provinces()
        return user.role == .administrator ? all : all.filter { $0.id == user.provinceID }
    }
}
