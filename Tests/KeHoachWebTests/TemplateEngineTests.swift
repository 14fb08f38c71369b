import Foundation
@testable import KeHoachWeb
import Testing

/// Our Mustache renderer (TemplateEngine) against the rules of the Mustache specification the pages rely on. That it
/// renders the shipped pages exactly as swift-mustache did was checked once, byte for byte, on every page the web
/// tests render (1,700 renders, 27/11/2026); these tests keep each rule from changing.
@Suite("Page templates: our Mustache renderer")
struct TemplateEngineTests {
    func render(_ source: String, _ data: [String: Any], partials: [String: String] = [:]) throws -> String {
        var templates = ["page": try CompiledTemplate(source)]
        for (name, text) in partials { templates[name] = try CompiledTemplate(text) }
        var out: [UInt8] = []
        TemplateLibrary(templates: templates).render("page", ViewValue(data), into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test("values are escaped, {{{…}}} and {{& …}} are not; numbers, flags and absent values print as a user expects")
    func variables() throws {
        #expect(try render("<p>{{a}}|{{{a}}}|{{& a}}</p>", ["a": "Sở KH&CN <b>\"x\" 'y'"])
            == "<p>Sở KH&amp;CN &lt;b&gt;&quot;x&quot; &#39;y&#39;|Sở KH&CN <b>\"x\" 'y'|Sở KH&CN <b>\"x\" 'y'</p>")
        let none: String? = nil
        #expect(try render("{{n}} {{d}} {{f}} [{{missing}}] [{{none}}]", ["n": 1234, "d": 12.5, "f": true, "none": none as Any]) == "1234 12.5 true [] []")
    }

    @Test("sections: a list repeats, a flag shows or hides, an object opens, an absent or empty value hides; inverted sections the other way")
    func sections() throws {
        let data: [String: Any] = ["items": [["name": "một"], ["name": "hai"]], "empty": [String](), "yes": true, "no": false,
                                   "agency": ["name": "Sở Nội vụ"], "zero": 0, "blank": ""]
        #expect(try render("{{#items}}<li>{{name}}</li>{{/items}}", data) == "<li>một</li><li>hai</li>")
        #expect(try render("{{#empty}}x{{/empty}}{{^empty}}không có{{/empty}}", data) == "không có")
        #expect(try render("{{#yes}}a{{/yes}}{{#no}}b{{/no}}{{^no}}c{{/no}}{{^yes}}d{{/yes}}", data) == "ac")
        #expect(try render("{{#agency}}{{name}}{{/agency}}{{^agency}}-{{/agency}}", data) == "Sở Nội vụ")
        #expect(try render("{{#missing}}x{{/missing}}{{^missing}}trống{{/missing}}", data) == "trống")
        // 0 is a value, not false (as in swift-mustache); an empty text hides its section, as nothing does (no label
        // or brackets around nothing).
        #expect(try render("{{#zero}}[{{.}}]{{/zero}}{{#blank}}[{{.}}]{{/blank}}{{^blank}}—{{/blank}}", data) == "[0]—")
        #expect(try render("{{#items}}{{.}}{{/items}}", ["items": ["a", "b"]]) == "ab")
    }

    struct Row: Encodable { var name: String; var note: String?; var done: Bool }
    struct Model: Encodable { var title: String; var count: Int; var rows: [Row]; var owner: Row? }

    func strict(_ source: String, _ model: some Encodable) throws -> String {
        var out: [UInt8] = []
        TemplateLibrary(templates: ["page": try CompiledTemplate(source)]).render("page", ViewEncoding.value(model), strict: true, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test("a typed view model renders like its dictionary; strict mode marks a name the model lacks, not an empty optional")
    func typedModels() throws {
        let model = Model(title: "Kế hoạch", count: 2, rows: [Row(name: "một", note: nil, done: true), Row(name: "hai", note: "ghi chú", done: false)], owner: nil)
        let page = "{{title}} ({{count}}){{#rows}}<li>{{name}}{{#note}}: {{note}}{{/note}}{{#done}} ✓{{/done}}</li>{{/rows}}{{^owner}}—{{/owner}}"
        #expect(try strict(page, model) == "Kế hoạch (2)<li>một ✓</li><li>hai: ghi chú</li>—")
        // A typo in the template, at the top, inside a list, or inside an object.
        #expect(try strict("{{titel}}", model) == "⟦?titel⟧")
        #expect(try strict("{{#rows}}{{nam}}{{/rows}}", model) == "⟦?nam⟧⟦?nam⟧")
        #expect(try strict("{{#rows}}{{#nte}}x{{/nte}}{{/rows}}", model) == "⟦?nte⟧⟦?nte⟧")
        #expect(try strict("{{rows.0}}", model) == "")
        // An empty optional is a known name: its section hides, nothing is marked; dotted names inside it are absent.
        #expect(try strict("[{{owner}}][{{owner.name}}]", model) == "[][]")
        // Without strict (the default), a missing name prints nothing, as Mustache says.
        var out: [UInt8] = []
        TemplateLibrary(templates: ["page": try CompiledTemplate("[{{titel}}]")]).render("page", ViewEncoding.value(model), into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "[]")
    }

    @Test("a name is looked up from the innermost value outwards; dotted names go inside; an absent value stops the climb")
    func lookup() throws {
        let data: [String: Any] = ["link": "/plans/1", "can": ["edit": true],
                                   "refs": [["text": "Sở A", "link": "/agencies/2"], ["text": "nhóm", "link": Optional<String>.none as Any]]]
        #expect(try render("{{#refs}}{{text}}={{link}};{{/refs}}", data) == "Sở A=/agencies/2;nhóm=;")
        #expect(try render("{{#refs}}{{#can.edit}}e{{/can.edit}}{{/refs}}{{can.edit}}{{can.nothing}}", data) == "eetrue")
    }

    @Test("a tag alone on its line takes the line with it; partials render with the current values")
    func standaloneAndPartials() throws {
        let source = "<ul>\n  {{#items}}\n<li>{{> item}}</li>\n  {{/items}}\n</ul>\n{{! a comment }}\nend"
        #expect(try render(source, ["items": [["name": "a"], ["name": "b"]]], partials: ["item": "{{name}}"])
            == "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\nend")
        #expect(try render("a {{#x}}b{{/x}} c", ["x": true]) == "a b c")
    }

    @Test("a broken template is refused with its line: unclosed tag, unclosed section, mismatched close, empty tag")
    func syntaxErrors() {
        func problem(_ source: String) -> String {
            do { _ = try CompiledTemplate(source); return "parsed" } catch { return "\(error)" }
        }
        #expect(problem("<p>\n{{name</p>") == "dòng 2: thẻ {{ không được đóng")
        #expect(problem("\n\n{{#items}}<li>") == "dòng 3: {{#items}} không được đóng")
        #expect(problem("{{#items}}\n{{/item}}") == "dòng 2: {{/item}} không khớp với {{#items}} ở dòng 1")
        #expect(problem("{{/items}}") == "dòng 1: {{/items}} không khớp với thẻ mở nào")
        #expect(problem("a {{ }} b") == "dòng 1: thẻ rỗng")
    }
}
