import Foundation
import KeHoachCore
import KeHoachImport
import KeHoachTestSupport

/// Finds the seed documents (`../shared/seeds` beside the repository) and the golden files.
enum Seeds {
    static let repositoryRoot = TestPaths.repository
    static var directory: URL { TestPaths.seeds }
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/golden")

    static let names = ["000_45a635856f7047b1", "001_5cdbf573dddbf3a5", "002_9898507570de5f8a", "003_0cd08bea63601ff5", "004_f910a4e251fe8a8a"]

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name + ".txt"))
    }

    static func plan(_ name: String) throws -> PlanDocument {
        try PlanImporter.importPlan(data: data(name), fileName: name + ".txt")
    }

    static func golden(_ name: String) throws -> Data {
        try Data(contentsOf: goldenDirectory.appendingPathComponent(name + ".json"))
    }
}
