import ArgumentParser
import Foundation
import KeHoachStore
import KeHoachWeb

/// Prints the web application's route table, one `METHOD /path` per line, as the router registers it. The trust
/// suite (scripts/trust) tries every route from this list, so that a new route cannot be left out. Not in the help.
struct RoutesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "routes", abstract: "In bảng đường dẫn của ứng dụng web.", shouldDisplay: false)

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kehoach-routes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await SQLStore.open(directory.appendingPathComponent("routes.sqlite").path)
        let (_, routes) = try buildRouter(store: store, configuration: WebConfiguration(filesDirectory: directory.appendingPathComponent("files").path))
        for entry in routes.entries { say("\(entry.method) \(entry.path)") }
    }
}
