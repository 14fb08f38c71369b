import Foundation
import KeHoachCore
import KeHoachImport
import Testing

/// Bad input gets one clear message (in Vietnamese) and never a crash, a hang or a half-read plan.
@Suite("Bad input")
struct BadInputTests {
    func importError(_ data: Data, file: String = "x.txt") -> ImportError? {
        do {
            _ = try PlanImporter.importPlan(data: data, fileName: file)
            return nil
        } catch {
            return error
        }
    }

    @Test("one task number repeated 40 times (a damaged table, found by the fuzzer): 40 distinct codes, each named in a warning")
    func numberRepeatedManyTimes() throws {
        let rows = (0..<40).map { "1\tNhiệm vụ số \($0)\tSở Tư pháp\t\tBáo cáo\tQuý IV/2026" }.joined(separator: "\n")
        let text = "KẾ HOẠCH\nChuyển đổi số năm 2026\n\nSTT\tTên nhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tKết quả/sản phẩm\tThời gian hoàn thành\n" + rows
        let plan = try PlanImporter.importPlan(data: Data(text.utf8), fileName: "x.txt")
        #expect(plan.tasks.count == 40)
        #expect(Set(plan.tasks.map(\.code)).count == 40)
        #expect(plan.tasks.map(\.code).suffix(2) == ["1-39", "1-40"])
        #expect(plan.warnings.filter { $0.reason.contains("bị lặp") }.count == 39)
    }

    @Test("plan JSON repeating a task code is refused with the place (found by the fuzzer; the store would refuse it later)")
    func jsonRepeatedCode() throws {
        var plan = try Seeds.plan(Seeds.names[4])
        plan.tasks[3].code = plan.tasks[1].code
        let e = importError(PlanJSON.encode(plan), file: "x.json")
        guard case let .invalidJSON(detail) = e else { Issue.record("expected invalidJSON, got \(String(describing: e))"); return }
        #expect(detail.contains("tasks[3].code") && detail.contains(plan.tasks[1].code))
    }

    @Test func emptyFile() {
        #expect(importError(Data()) == .empty)
        #expect(importError(Data("  \n\n\t \n".utf8)) == .empty)
    }

    @Test func binaryFile() {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52]
        #expect(importError(Data(png)) == .binary)
        // A DOCX/ZIP header with nothing behind it: a damaged package, said so.
        #expect(importError(Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00])) == .damaged(format: "ZIP"))
    }

    @Test("HTML pages are read now: one without plan content says so, an empty one is empty")
    func htmlFile() {
        #expect(importError(Data("<!DOCTYPE html><html><body><p>Kế hoạch</p></body></html>".utf8)) == .noPlanContent)
        #expect(importError(Data("  <html lang=\"vi\">\n<body>STT</body></html>".utf8)) == .noPlanContent)
        #expect(importError(Data("<html><head><title>x</title></head><body><script>var a = 1;</script></body></html>".utf8)) == .empty)
    }

    @Test("a file that is not UTF-8 names the offending byte")
    func notUTF8() throws {
        // "Kế hoạch" in Windows-1258 style single bytes: 0xEA is not valid UTF-8 on its own.
        var bytes = Array("STT\tNhiệm vụ\n".utf8)
        let offset = bytes.count
        bytes += [0x4B, 0xEA, 0x20, 0x68, 0x6F, 0xE1, 0x63, 0x68]
        let error = try #require(importError(Data(bytes)))
        #expect(error == .notUTF8(byteOffset: offset + 1))
        #expect(error.message.contains("UTF-8"))
    }

    @Test("50 MB of noise is refused by its size, before it is read")
    func hugeNoise() {
        var generator = SplitMix64(seed: 50)
        var data = Data(count: 50 * 1_048_576)
        data.withUnsafeMutableBytes { buffer in
            for i in stride(from: 0, to: buffer.count, by: 8) { buffer.storeBytes(of: generator.next(), toByteOffset: i, as: UInt64.self) }
        }
        let error = importError(data)
        #expect(error == .tooLarge(bytes: data.count, limit: PlanImporter.maxBytes))
        #expect(error?.message.contains("quá lớn") == true)
    }

    @Test("a file on disk larger than the limit is refused from its size alone")
    func hugeFileOnDisk() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kehoach-huge-\(UInt32.random(in: 0...UInt32.max)).txt")
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: UInt64(PlanImporter.maxBytes + 1))
        try handle.close()
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: ImportError.tooLarge(bytes: PlanImporter.maxBytes + 1, limit: PlanImporter.maxBytes)) {
            try PlanImporter.importFile(at: url.path)
        }
    }

    @Test("a missing file says it cannot be read")
    func missingFile() {
        #expect(throws: ImportError.self) { try PlanImporter.importFile(at: "/nonexistent/plan.txt") }
    }

    @Test("a table with only a number and a name column says which columns it has")
    func missingColumns() throws {
        let text = "Phụ lục\n\nSTT\tTên nhiệm vụ\n1\tXây dựng kế hoạch\n2\tTriển khai nền tảng\n"
        let error = try #require(importError(Data(text.utf8)))
        #expect(error == .missingColumns(line: 3, found: ["STT", "Tên nhiệm vụ"]))
        #expect(error.message.contains("dòng 3"))
    }

    @Test("prose with no target or task is refused with a clear message")
    func noContent() throws {
        let text = "Hôm nay trời đẹp.\nChúng tôi đi họp về chuyển đổi số.\n"
        let error = try #require(importError(Data(text.utf8)))
        #expect(error == .noPlanContent)
        #expect(!error.message.isEmpty && !error.developerMessage.isEmpty)
    }

    @Test("plan JSON that is broken or of another format is refused with where it is wrong")
    func badJSON() throws {
        #expect(importError(Data("{ \"format\": ".utf8), file: "p.json") == .invalidJSON(detail: "không phải JSON hợp lệ"))
        let other = #"{"format": "other/2", "plan": {"title": "x"}}"#
        #expect(importError(Data(other.utf8), file: "p.json") == .unsupportedFormat(found: "other/2"))
        let missing = #"{"format": "kehoach.plan/1", "plan": {}}"#
        #expect(importError(Data(missing.utf8), file: "p.json") == .invalidJSON(detail: "thiếu trường \"plan.title\""))
        let wrongType = #"{"format": "kehoach.plan/1", "plan": {"title": "x"}, "tasks": [{"code": 5}]}"#
        let e = try #require(importError(Data(wrongType.utf8), file: "p.json"))
        guard case let .invalidJSON(detail) = e else { Issue.record("expected invalidJSON, got \(e)"); return }
        #expect(detail.contains("tasks[0]"))
    }
}
