import Foundation
import ZIPFoundation

/// The kinds of evidence files accepted, recognised by their content (never by their name alone).
public enum EvidenceKind: String, Sendable, CaseIterable {
    case pdf, docx, xlsx, jpeg, png

    public var mediaType: String {
        switch self {
        case .pdf: "application/pdf"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        }
    }

    public var extensions: [String] {
        switch self { case .pdf: ["pdf"]; case .docx: ["docx"]; case .xlsx: ["xlsx"]; case .jpeg: ["jpg", "jpeg"]; case .png: ["png"] }
    }

    /// The kind the bytes are, or nil when they are none of the accepted kinds.
    public static func detect(_ data: Data) -> EvidenceKind? {
        let head = [UInt8](data.prefix(8))
        if head.starts(with: Array("%PDF-".utf8)) { return .pdf }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        // A ZIP bomb is no document (OOXMLParts refuses it before inflating anything).
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]), let parts = try? OOXMLParts(data, maxEntries: 2_000, maxBytes: 200 * 1_048_576) {
            guard parts.names.contains("[Content_Types].xml") else { return nil }
            if parts.names.contains("word/document.xml") { return .docx }
            if parts.names.contains("xl/workbook.xml") { return .xlsx }
        }
        return nil
    }
}

/// Opens uploaded ZIP bytes (XLSX, DOCX) for reading. ZIPFoundation's in-memory archives trap on an entry that
/// points past the end of the data (found by the fuzzer: one crafted upload would stop the server); its
/// file-backed archives treat the same entry as a short read and fail with an error. So uploads are read from a
/// temporary file, removed at once: it stays readable until the archive is closed.
public enum ZIPInput {
    public static func archive(_ data: Data) throws -> Archive {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kehoach-zip-\(UUID().uuidString)")
        try data.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try Archive(url: url, accessMode: .read)
    }
}

/// The parts of an OOXML package (DOCX, XLSX) read with limits: a ZIP bomb (too many entries, too many bytes
/// once inflated) is refused before anything is inflated, and a part's XML comes back as UTF-8 (parts saved as
/// UTF-16 converted; bytes that are not UTF-8 refused, since XMLParser traps on them).
public struct OOXMLParts {
    public enum Failure: Error, Equatable { case notZIP, tooLarge, damaged }
    let archive: Archive
    let maxBytes: Int
    public let names: Set<String>

    public init(_ data: Data, maxEntries: Int, maxBytes: Int) throws(Failure) {
        do { archive = try ZIPInput.archive(data) } catch { throw .notZIP }
        self.maxBytes = maxBytes
        var total: Int64 = 0
        var names: Set<String> = []
        for entry in archive {
            names.insert(entry.path)
            total += Int64(entry.uncompressedSize)
            if names.count > maxEntries || total > Int64(maxBytes) { throw Failure.tooLarge }
        }
        self.names = names
    }

    /// The part's XML, nil when the package has no such part.
    public func part(_ path: String) throws(Failure) -> Data? {
        guard let entry = archive[path] else { return nil }
        var out = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                out.append(chunk)
                if out.count > maxBytes { throw Failure.tooLarge }
            }
        } catch { throw (error as? Failure) ?? .damaged }
        if out.starts(with: [0xFF, 0xFE]) || out.starts(with: [0xFE, 0xFF]) {
            guard let text = String(data: out, encoding: .utf16) else { throw Failure.damaged }
            return Data(text.replacingOccurrences(of: "encoding=\"UTF-16\"", with: "encoding=\"UTF-8\"", options: .caseInsensitive).utf8)
        }
        guard String(validating: out, as: UTF8.self) != nil else { throw Failure.damaged }
        return out
    }
}

