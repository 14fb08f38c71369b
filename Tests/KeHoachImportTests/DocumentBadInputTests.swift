import Foundation
import KeHoachCore
@testable import KeHoachImport
@testable import KeHoachReports
import Testing

/// Documents that cannot be read say why, in Vietnamese, and nothing comes out of them; and a PDF with a text
/// layer (LibreOffice's export of a generated DOCX) reads back to the plan. The PDF tests need pdftotext and
/// LibreOffice (scripts/install-test-tools installs both; `KEHOACH_REQUIRE_PDF=1` makes their absence a failure).
@Suite("Documents: PDF, and files that cannot be read", .serialized)
struct DocumentBadInputTests {
    static func tool(_ name: String) -> String? {
        for dir in ["/usr/bin", "/usr/local/bin", "/opt/libreoffice/program"] where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
            return "\(dir)/\(name)"
        }
        return nil
    }
    static var requirePDF: Bool { ProcessInfo.processInfo.environment["KEHOACH_REQUIRE_PDF"] == "1" }

    func importError(_ data: Data) -> ImportError? {
        do { _ = try PlanImporter.importPlan(data: data, fileName: "plan.docx"); return nil } catch { return error }
    }

    @Test("a password-protected Word file and a Word 97 file are refused with what to do")
    func encryptedAndLegacy() {
        let ole: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
        let encryption = Array("EncryptionInfo".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        let encrypted = Data(ole + Array(repeating: 0, count: 500) + encryption + Array(repeating: 0, count: 500))
        #expect(importError(encrypted) == .encrypted)
        #expect(ImportError.encrypted.message.contains("mật khẩu"))
        #expect(importError(Data(ole + Array(repeating: 0, count: 2_000))) == .legacyOffice)
    }

    static func docx(body: String, extra: [(String, String)] = []) throws -> Data {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
        return try OOXMLPackage.write([
            ("[Content_Types].xml", xml + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"),
            ("word/document.xml", xml + "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>\(body)</w:body></w:document>"),
        ] + extra, failure: "docx")
    }

    @Test("a Word file of images only says it has no text; a ZIP bomb is refused before it is inflated")
    func imagesAndBomb() throws {
        let images = try Self.docx(body: "<w:p><w:r><w:drawing/></w:r></w:p>", extra: [("word/media/image1.png", "PNG")])
        #expect(importError(images) == .imagesOnly)
        // 80 MB of text deflates to well under 1 MB.
        let bomb = try Self.docx(body: "<w:p><w:r><w:t>" + String(repeating: "a", count: 80 * 1_048_576) + "</w:t></w:r></w:p>")
        #expect(bomb.count < 2 * 1_048_576)
        #expect(importError(bomb) == .zipBomb)
    }

    @Test("a PDF without a text layer is a scan; a damaged one is damaged, a locked one locked; pdftotext stopped at its time limit")
    func scanAndTimeout() throws {
        guard Self.tool("pdftotext") != nil else {
            if Self.requirePDF { Issue.record("pdftotext missing (apt-get install poppler-utils)") }
            return
        }
        // One blank page: what pdftotext gives for a scan (no text objects).
        let blank = """
        %PDF-1.4
        1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
        2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
        3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj
        trailer << /Root 1 0 R >>
        %%EOF
        """
        #expect(importError(Data(blank.utf8)) == .scannedPDF)
        #expect(ImportError.scannedPDF.message.contains("bản quét"))
        // A damaged PDF is damaged, not "protected by a password" (pdftotext exits 1 for both); one whose trailer
        // names an encryption dictionary pdftotext cannot use is protected.
        #expect(importError(Data("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\n%%EOF\n".utf8)) == .damaged(format: "PDF"))
        let locked = blank.replacingOccurrences(of: "trailer << /Root 1 0 R >>", with: "4 0 obj << /Filter /Standard /V 1 /R 2 /O <\(String(repeating: "0123456789ABCDEF", count: 4))> /U <\(String(repeating: "FEDCBA9876543210", count: 4))> /P -4 >> endobj\n"
                                              + "trailer << /Root 1 0 R /Encrypt 4 0 R /ID [<0123456789ABCDEF0123456789ABCDEF><0123456789ABCDEF0123456789ABCDEF>] >>")
        #expect(importError(Data(locked.utf8)) == .encrypted)
        // A pdftotext that never finishes.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kehoach-slow-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let slow = dir.appendingPathComponent("pdftotext")
        try "#!/bin/sh\nsleep 30\n".write(to: slow, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: slow.path)
        let (oldTool, oldLimit) = (PDFReader.executable, PDFReader.timeLimit)
        PDFReader.executable = slow.path
        PDFReader.timeLimit = 1
        defer { PDFReader.executable = oldTool; PDFReader.timeLimit = oldLimit }
        let started = Date()
        #expect(importError(Data(blank.utf8)) == .pdfTimeout(seconds: 1))
        #expect(Date().timeIntervalSince(started) < 10)
        // No pdftotext at all: the message names the package.
        PDFReader.executable = dir.appendingPathComponent("missing").path
        #expect(importError(Data(blank.utf8)) == .pdfToolMissing)
        #expect(ImportError.pdfToolMissing.message.contains("poppler-utils"))
    }

    @Test("seeds 001 and 004 written as DOCX (landscape), printed to PDF by LibreOffice, read back: the same indicators and tasks", arguments: ["001_5cdbf573dddbf3a5", "004_f910a4e251fe8a8a"])
    func pdfRoundTrip(_ name: String) throws {
        guard let soffice = Self.tool("soffice") ?? Self.tool("libreoffice"), Self.tool("pdftotext") != nil else {
            if Self.requirePDF { Issue.record("LibreOffice or pdftotext missing") }
            return
        }
        let want = try PlanJSON.decode(try Seeds.golden(name))
        var rng = SplitMix64(seed: 20261126)
        var layout = GeneratedCorpusTests.Layout.random(&rng)
        layout.mergeLead = false
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kehoach-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let docx = dir.appendingPathComponent("plan.docx")
        try GeneratedCorpusTests.docx(want, layout).write(to: docx)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: soffice)
        p.arguments = ["--headless", "-env:UserInstallation=file://\(dir.path)/profile", "--convert-to", "pdf", "--outdir", dir.path, docx.path]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        let pdf = try Data(contentsOf: dir.appendingPathComponent("plan.pdf"))
        if let out = ProcessInfo.processInfo.environment["KEHOACH_CORPUS_OUT"] {
            try pdf.write(to: URL(fileURLWithPath: out).appendingPathComponent("\(name).pdf"))
        }
        let got = try PlanImporter.importPlan(data: pdf, fileName: "plan.pdf")
        // Both tables run over many pages without repeating their header; every row comes back.
        GeneratedCorpusTests.compare(got, want, "\(name) PDF")
    }
}
