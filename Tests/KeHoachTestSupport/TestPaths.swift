import Foundation

/// What every test target finds the same way: the repository, the seed documents beside it (`../shared/seeds`, or
/// `$KEHOACH_SEEDS`), and a new temporary directory.
public enum TestPaths {
    /// The repository's root (this file is Tests/KeHoachTestSupport/TestPaths.swift).
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static let seeds: URL = {
        if let env = ProcessInfo.processInfo.environment["KEHOACH_SEEDS"] { return URL(fileURLWithPath: env) }
        return repository.deletingLastPathComponent().appendingPathComponent("shared/seeds")
    }()

    /// A new, empty directory under the system's temporary directory; the caller removes it.
    public static func temporaryDirectory(_ prefix: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }
}
