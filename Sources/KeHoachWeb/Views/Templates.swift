import Foundation

/// The pages a controller renders, each `Resources/templates/<name>.mustache` inside `layout`: a misspelled page
/// name does not compile, and a missing file stops the start (`WebResources.load`).
enum Page: String, CaseIterable, Sendable {
    case signin, plans, plan, agency, directory, search, importForm = "import", importPreview, importDone, users, user, audit, account, error
    case dashboard, dashboardIndicators, dashboardIndicator, dashboardTasks, dashboardTask, dashboardAgencies, dashboardAgency
    case dashboardMeasures, national
    case reports, reportForm, matrix
    case guide, draft
    case todo, followUps, followUp, proposals, calendars, deliveries
    case connections, openData, openPlan
}

/// What the web module reads from its resources once, at start: the page templates (Mustache), the style sheet and
/// the OpenAPI description. Templates name their texts `{{t.plan.lead}}` from the catalogue (Texts); those are
/// written into the template when it is read, so a page never looks a text up while it renders, and a key the
/// catalogue lacks stops the start with the file's name, as a missing template or partial does.
struct WebResources: Sendable {
    /// Template name → Mustache source, texts filled in.
    let templates: [String: String]
    /// The same, parsed (TemplateEngine); a syntax error stops the start with the file's name and line.
    let compiled: [String: CompiledTemplate]
    let css: String
    /// The user guide's screenshots (`static/guide/*.png`, made by scripts/browser_pages.py --guide), by file name.
    let guideImages: [String: [UInt8]]
    let openAPI: String

    /// The frame of every page and the partials pages include (`{{> task}}`).
    static let partials = ["layout", "task", "ref", "indicatorRow", "explanations"]

    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    static func load(from directory: URL? = nil, catalogue: [String: String] = Texts.vi) throws -> WebResources {
        guard let root = directory ?? Bundle.module.resourceURL else { throw Problem(description: "không tìm thấy thư mục tài nguyên của KeHoachWeb") }
        func read(_ path: String) throws -> String {
            guard let text = try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8) else {
                throw Problem(description: "thiếu tệp tài nguyên \(path)")
            }
            // The file's last line break is not part of the template (a partial sits inside a line of its page).
            return text.hasSuffix("\n") ? String(text.dropLast()) : text
        }
        let names = Page.allCases.map(\.rawValue) + partials
        let present = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("templates").path)) ?? []
        if let stray = present.first(where: { $0.hasSuffix(".mustache") && !names.contains(String($0.dropLast(9))) }) {
            throw Problem(description: "mẫu trang templates/\(stray) không thuộc trang nào (tên sai?)")
        }
        var templates: [String: String] = [:]
        var compiled: [String: CompiledTemplate] = [:]
        for name in names {
            let file = "templates/\(name).mustache"
            let text = try withTexts(try read(file), catalogue: catalogue, file: file)
            let template: CompiledTemplate
            do { template = try CompiledTemplate(text) } catch { throw Problem(description: "\(file): \(error)") }
            for partial in template.partials where !partials.contains(partial) {
                throw Problem(description: "\(file): mẫu con \(partial) không có")
            }
            templates[name] = text
            compiled[name] = template
        }
        let openAPI = try read("openapi.json")
        guard (try? JSONSerialization.jsonObject(with: Data(openAPI.utf8))) != nil else { throw Problem(description: "openapi.json không phải JSON hợp lệ") }
        var images: [String: [UInt8]] = [:]
        let guide = root.appendingPathComponent("static/guide")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: guide.path)) ?? [] where name.hasSuffix(".png") {
            images[name] = Array(try Data(contentsOf: guide.appendingPathComponent(name)))
        }
        // Every picture the guide shows is there (a missing one stops the start, as a missing template does).
        for m in (templates["guide"] ?? "").matches(of: /\/static\/guide\/([a-z0-9-]+\.png)/) where images[String(m.1)] == nil {
            throw Problem(description: "thiếu ảnh static/guide/\(m.1) của trang hướng dẫn")
        }
        return WebResources(templates: templates, compiled: compiled, css: try read("static/app.css"), guideImages: images, openAPI: openAPI)
    }

    /// `{{t.plan.lead}}` → the catalogue's text for `plan.lead`, HTML-escaped.
    static func withTexts(_ template: String, catalogue: [String: String], file: String) throws -> String {
        var out = ""
        var rest = Substring(template)
        while let m = rest.firstMatch(of: /\{\{([#^\/{&]?)\s*t\.([A-Za-z.]+)\s*\}?\}\}/) {
            out += rest[..<m.range.lowerBound]
            guard m.1.isEmpty else { throw Problem(description: "\(file): văn bản t.\(m.2) chỉ được chèn như {{t.\(m.2)}}") }
            guard let text = catalogue[String(m.2)] else { throw Problem(description: "\(file): không có văn bản t.\(m.2) trong danh mục (Texts)") }
            out += HTMLEscaping.escape(text)
            rest = rest[m.range.upperBound...]
        }
        return out + rest
    }
}
