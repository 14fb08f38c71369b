import Foundation
import KeHoachCore

/// Files kept under a directory by the SHA-256 of their content (`ab/cd/abcd…`): the same file is kept once,
/// names never reach the file system, and several server processes can share the directory.
public struct FileVault: Sendable {
    public let directory: URL

    public init(directory: URL) throws {
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func path(_ sha: String) -> URL {
        let chars = Array(sha)
        return directory.appendingPathComponent(String(chars[0..<2])).appendingPathComponent(String(chars[2..<4])).appendingPathComponent(sha)
    }

    /// Stores the bytes (written to a temporary file, then moved into place) and returns their hash.
    public func store(_ data: Data) throws -> String {
        let sha = SHA256Digest.hex(data)
        let target = path(sha)
        if FileManager.default.fileExists(atPath: target.path) { return sha }
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(sha).\(UUID().uuidString)")
        do { try data.write(to: temporary, options: .atomic) } catch {
            try? FileManager.default.removeItem(at: temporary)
            if (error as NSError).code == NSFileWriteOutOfSpaceError || ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError)?.code == Int(ENOSPC) {
                throw StoreError.full("thư mục tệp đính kèm")
            }
            throw error
        }
        do { try FileManager.default.moveItem(at: temporary, to: target) } catch {
            try? FileManager.default.removeItem(at: temporary)
            if !FileManager.default.fileExists(atPath: target.path) { throw error }
        }
        return sha
    }

    public func read(_ sha: String) throws -> Data {
        guard sha.count == 64, sha.allSatisfy({ $0.isHexDigit }) else { throw StoreError.invalid("mã tệp") }
        return try Data(contentsOf: path(sha))
    }
}
