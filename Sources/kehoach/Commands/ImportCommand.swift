import ArgumentParser
import Foundation
import KeHoachCore
import KeHoachImport

/// `kehoach import FILE [--json]`: reads a plan document (or plan JSON) and prints a summary or the plan JSON.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Đọc văn bản kế hoạch (hoặc tệp JSON kehoach.plan/1) và in tóm tắt hoặc JSON."
    )

    @Argument(help: "Văn bản kế hoạch: Word (.docx), PDF có lớp chữ, trang web (.html), Markdown, Excel (.xlsx), CSV, văn bản thuần (UTF-8), hoặc tệp JSON.")
    var file: String

    @Flag(name: .long, help: "In kế hoạch dạng JSON (kehoach.plan/1) ra đầu ra chuẩn.")
    var json = false

    @Flag(name: .long, help: "In các khối của văn bản (đoạn, bảng, hàng, ô) như bộ đọc thấy, trước khi diễn giải.")
    var blocks = false

    func run() throws {
        if blocks {
            do { print(try PlanImporter.outline(at: file)) } catch {
                FileHandle.standardError.write(Data("Lỗi: \(file): \(error.message)\n".utf8))
                throw ExitCode(2)
            }
            return
        }
        let plan: PlanDocument
        do {
            plan = try PlanImporter.importFile(at: file)
        } catch {
            FileHandle.standardError.write(Data("Lỗi: \(file): \(error.message)\n".utf8))
            throw ExitCode(2)
        }
        if json {
            FileHandle.standardOutput.write(PlanJSON.encode(plan))
        } else {
            print(PlanSummary.text(plan))
        }
    }
}

