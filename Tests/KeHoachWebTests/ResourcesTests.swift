import Foundation
@testable import KeHoachWeb
import Testing

/// The templates, style sheet and OpenAPI description are files read once at start; a broken one stops the start
/// with its name instead of rendering an empty page to the first user who opens it.
@Suite("Web resources checked at start")
struct ResourcesTests {
    static let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/KeHoachWeb/Resources")

    /// A copy of the resources to damage.
    static func copy() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kehoach-resources-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: source, to: dir)
        return dir
    }

    static func problem(_ dir: URL) -> String? {
        do { _ = try WebResources.load(from: dir); return nil } catch { return "\(error)" }
    }

    @Test("the shipped resources load: every page has its template, every text its catalogue entry, texts written in escaped")
    func shipped() throws {
        let r = try WebResources.load()
        #expect(Set(r.templates.keys) == Set(Page.allCases.map(\.rawValue) + WebResources.partials))
        #expect(r.templates.values.allSatisfy { !$0.contains("{{t.") })
        #expect(r.templates["layout"]!.contains(Texts.text("app")))
        #expect(r.css.contains(".matrix") || r.css.contains("body{"))
        let dir = try Self.copy()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(Self.problem(dir) == nil)
    }

    @Test("a missing template, a misspelled file, an unknown text key, a missing partial, a broken tag, broken OpenAPI: the start stops naming the file")
    func broken() throws {
        let fm = FileManager.default
        func damaged(_ change: (URL) throws -> Void) throws -> String {
            let dir = try Self.copy()
            defer { try? fm.removeItem(at: dir) }
            try change(dir)
            return Self.problem(dir) ?? "loaded"
        }
        let t = { (dir: URL, name: String) in dir.appendingPathComponent("templates/\(name).mustache") }
        #expect(try damaged { try fm.removeItem(at: t($0, "matrix")) } == "thiếu tệp tài nguyên templates/matrix.mustache")
        #expect(try damaged { try fm.moveItem(at: t($0, "audit"), to: t($0, "audits")) }.contains("templates/audits.mustache"))
        #expect(try damaged { try "<h1>{{t.plan.titel}}</h1>".write(to: t($0, "plans"), atomically: true, encoding: .utf8) }
            == "templates/plans.mustache: không có văn bản t.plan.titel trong danh mục (Texts)")
        #expect(try damaged { try "{{#items}}{{> tsak}}{{/items}}".write(to: t($0, "plan"), atomically: true, encoding: .utf8) }
            == "templates/plan.mustache: mẫu con tsak không có")
        #expect(try damaged { try "<ul>\n{{#tasks}}<li>{{name}}</li>\n".write(to: t($0, "plans"), atomically: true, encoding: .utf8) }
            == "templates/plans.mustache: dòng 2: {{#tasks}} không được đóng")
        #expect(try damaged { try "{\"openapi\": ".write(to: $0.appendingPathComponent("openapi.json"), atomically: true, encoding: .utf8) }
            .contains("openapi.json"))
    }

    @Test("catalogue texts are escaped where they are written in")
    func escaped() throws {
        let out = try WebResources.withTexts("<p>{{t.x}}</p>", catalogue: ["x": "Sở KH&CN <mới>"], file: "f")
        #expect(out == "<p>Sở KH&amp;CN &lt;mới&gt;</p>")
    }
}
