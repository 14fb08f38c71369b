import Foundation
import KeHoachCore

/// Our Mustache renderer, for the subset of Mustache the page templates use: `{{name}}` (HTML-escaped),
/// `{{{name}}}` and `{{& name}}` (as is), dotted names, `{{.}}`, sections `{{#name}}…{{/name}}` over lists, flags and
/// objects, inverted sections `{{^name}}`, partials `{{> name}}` and comments `{{! …}}`; a tag alone on its line
/// takes the line with it, as the Mustache specification says.
///
/// Why not swift-mustache, which the pages used until 27/11/2026: measured under the trust suite's load, its
/// rendering was 60 % of the server's CPU time on the report form (143 KB), and most of that was Swift's dynamic
/// casts of every value, on every lookup, at every level of the context stack, to five protocols
/// (`MustacheCustomRepresentation`, `MustacheParent`, `MustacheCustomRenderable`, `MustacheSequence`, lambdas), each
/// a search of the runtime's conformance cache. Typed structs instead of dictionaries changed nothing (the casts
/// are made on them too). Here a page's data is turned into `ViewValue` once, with one cast per value, and the
/// template, parsed once at start, is written straight into bytes. The same templates render the same text (a test
/// compares every page against the specification's rules: ResourcesTests and the web tests).
/// The bench's CPU calibration still renders with swift-mustache: a yardstick must not move when our code does.
struct CompiledTemplate: Sendable {
    indirect enum Node: Sendable {
        case text([UInt8])
        case variable(Path, escaped: Bool)
        case section(Path, [Node], inverted: Bool)
        case partial(String)
    }

    /// `a.b.c` split once; `.` is the empty path (the current value).
    struct Path: Sendable {
        let names: [String]
    }

    struct SyntaxError: Error, CustomStringConvertible {
        var description: String
    }

    let nodes: [Node]
    /// The partials the template includes, to check at start that each exists.
    let partials: [String]

    init(_ source: String) throws {
        var parser = Parser(bytes: Array(source.utf8))
        nodes = try parser.parse()
        partials = parser.partials
    }

    private struct Parser {
        let bytes: [UInt8]
        var i = 0
        var partials: [String] = []

        init(bytes: [UInt8]) { self.bytes = bytes }

        func line(_ at: Int) -> Int { 1 + bytes[..<min(at, bytes.count)].lazy.filter { $0 == 0x0A }.count }

        /// Nodes up to the end, or up to `{{/closing}}`.
        mutating func parse(closing: String? = nil, opened: Int = 0) throws -> [Node] {
            var nodes: [Node] = []
            var text: [UInt8] = []
            func flush() {
                if !text.isEmpty { nodes.append(.text(text)); text = [] }
            }
            while i < bytes.count {
                guard bytes[i] == 0x7B, i + 1 < bytes.count, bytes[i + 1] == 0x7B else {
                    text.append(bytes[i]); i += 1
                    continue
                }
                let start = i
                var triple = false
                var open = i + 2
                if open < bytes.count, bytes[open] == 0x7B { triple = true; open += 1 }
                let close: [UInt8] = triple ? [0x7D, 0x7D, 0x7D] : [0x7D, 0x7D]
                guard let end = find(close, from: open) else {
                    throw SyntaxError(description: "dòng \(line(start)): thẻ {{ không được đóng")
                }
                var inside = String(decoding: bytes[open..<end], as: UTF8.self).trimmedSpaces
                i = end + close.count
                var kind: UInt8 = 0
                if !triple, let first = inside.utf8.first, "#^/>&!".utf8.contains(first) {
                    kind = first
                    inside = String(inside.dropFirst()).trimmedSpaces
                }
                if kind == 0x21 || kind == 0x23 || kind == 0x5E || kind == 0x2F || kind == 0x3E {
                    standalone(start: start, text: &text)
                }
                guard kind == 0x21 || !inside.isEmpty else { throw SyntaxError(description: "dòng \(line(start)): thẻ rỗng") }
                switch kind {
                case 0x21: // comment
                    continue
                case 0x23, 0x5E: // section, inverted section
                    flush()
                    let body = try parse(closing: inside, opened: start)
                    nodes.append(.section(Path(inside), body, inverted: kind == 0x5E))
                case 0x2F:
                    guard inside == closing else {
                        throw SyntaxError(description: "dòng \(line(start)): {{/\(inside)}} không khớp với " + (closing.map { "{{#\($0)}} ở dòng \(line(opened))" } ?? "thẻ mở nào"))
                    }
                    flush()
                    return nodes
                case 0x3E:
                    flush()
                    partials.append(inside)
                    nodes.append(.partial(inside))
                default:
                    flush()
                    nodes.append(.variable(Path(inside), escaped: !triple && kind != 0x26))
                }
            }
            if let closing { throw SyntaxError(description: "dòng \(line(opened)): {{#\(closing)}} không được đóng") }
            flush()
            return nodes
        }

        func find(_ needle: [UInt8], from: Int) -> Int? {
            var j = from
            while j + needle.count <= bytes.count {
                if bytes[j] == needle[0], Array(bytes[j..<(j + needle.count)]) == needle { return j }
                j += 1
            }
            return nil
        }

        /// A tag with only blanks around it on its line: the blanks before it (already in `text`) and after it, and
        /// the line break, are not output.
        mutating func standalone(start: Int, text: inout [UInt8]) {
            var before = start
            while before > 0, bytes[before - 1] == 0x20 || bytes[before - 1] == 0x09 { before -= 1 }
            guard before == 0 || bytes[before - 1] == 0x0A else { return }
            var after = i
            while after < bytes.count, bytes[after] == 0x20 || bytes[after] == 0x09 { after += 1 }
            if after < bytes.count, bytes[after] == 0x0D { after += 1 }
            guard after == bytes.count || bytes[after] == 0x0A else { return }
            text.removeLast(start - before)
            i = after == bytes.count ? after : after + 1
        }
    }
}

extension CompiledTemplate.Path {
    init(_ text: String) {
        names = text == "." ? [] : text.split(separator: ".").map(String.init)
    }
}

/// A page's data as the templates see it: text, a flag, a list, an object, or nothing (an absent value stays
/// absent: a section over it renders nothing, and a lookup does not climb to a parent's value of the same name).
enum ViewValue: Sendable {
    case text(String)
    case flag(Bool)
    case list([ViewValue])
    case object([String: ViewValue])
    case absent

    /// From dictionaries, lists, strings, numbers and optionals (the renderer's own tests): one cast per value. Pages
    /// come from typed view models through ViewEncoding.
    /// Numbers print as Swift prints them; an empty optional becomes `absent` (and is dropped from a list); another
    /// value prints as its `description`, or, without one, is an object of its stored properties.
    init(_ any: Any) {
        switch any {
        case let s as String: self = .text(s)
        case let b as Bool: self = .flag(b)
        case let i as Int: self = .text(String(i))
        case let v as ViewValue: self = v
        case let d as [String: Any]: self = .object(d.mapValues(ViewValue.init))
        case let l as [Any]:
            self = .list(l.map(ViewValue.init).filter { if case .absent = $0 { false } else { true } })
        case let d as Double: self = .text(String(describing: d))
        default:
            let mirror = Mirror(reflecting: any)
            if mirror.displayStyle == .optional {
                self = mirror.children.first.map { ViewValue($0.value) } ?? .absent
            } else if let described = any as? any CustomStringConvertible {
                self = .text(described.description)
            } else if mirror.displayStyle == .struct || mirror.displayStyle == .class {
                var fields: [String: ViewValue] = [:]
                for child in mirror.children { if let label = child.label { fields[label] = ViewValue(child.value) } }
                self = .object(fields)
            } else {
                self = .text(String(describing: any))
            }
        }
    }
}

/// Templates by name (pages and partials), rendered into bytes.
struct TemplateLibrary: Sendable {
    let templates: [String: CompiledTemplate]

    /// `strict`: a name that no value on the stack defines (the view model lacks it: a typo in the template or the
    /// model) is written as `⟦?name⟧`, which the web tests look for on every page they fetch. Pages are typed view
    /// models (ViewEncoding keeps their empty optionals as known names); a dictionary leaves empty values out, so it
    /// is not for strict rendering.
    func render(_ name: String, _ value: ViewValue, strict: Bool = false, into out: inout [UInt8]) {
        guard let template = templates[name] else { return }
        var stack = [value]
        render(template.nodes, stack: &stack, strict: strict, into: &out)
    }

    static func unknown(_ path: CompiledTemplate.Path, into out: inout [UInt8]) {
        out.append(contentsOf: "⟦?\(path.names.joined(separator: "."))⟧".utf8)
    }

    private func render(_ nodes: [CompiledTemplate.Node], stack: inout [ViewValue], strict: Bool, into out: inout [UInt8]) {
        for node in nodes {
            switch node {
            case .text(let bytes):
                out.append(contentsOf: bytes)
            case .variable(let path, let escaped):
                let found = lookup(path, stack)
                if strict, found == nil { Self.unknown(path, into: &out) }
                switch found {
                case .text(let s)?: escaped ? HTMLEscaping.append(s, to: &out) : out.append(contentsOf: s.utf8)
                case .flag(let b)?: out.append(contentsOf: (b ? "true" : "false").utf8)
                default: break
                }
            case .section(let path, let body, let inverted):
                let value = lookup(path, stack)
                if strict, value == nil { Self.unknown(path, into: &out) }
                switch value {
                case .list(let items)?:
                    if inverted {
                        if items.isEmpty { render(body, stack: &stack, strict: strict, into: &out) }
                    } else {
                        for item in items {
                            stack.append(item)
                            render(body, stack: &stack, strict: strict, into: &out)
                            stack.removeLast()
                        }
                    }
                case .flag(let b)?:
                    if b != inverted { render(body, stack: &stack, strict: strict, into: &out) }
                case .absent?, nil:
                    if inverted { render(body, stack: &stack, strict: strict, into: &out) }
                case .text(let t)? where t.isEmpty:
                    // An empty text hides its section, as nothing does: a page never wants a label or brackets around
                    // nothing ("Sở KH&CN ()"). (swift-mustache showed it; the pages relied on it nowhere.)
                    if inverted { render(body, stack: &stack, strict: strict, into: &out) }
                case let value?:
                    if !inverted {
                        stack.append(value)
                        render(body, stack: &stack, strict: strict, into: &out)
                        stack.removeLast()
                    }
                }
            case .partial(let name):
                if let template = templates[name] { render(template.nodes, stack: &stack, strict: strict, into: &out) }
            }
        }
    }

    /// The first name is looked up from the innermost value outwards; the rest inside what it found. nil: a name no
    /// object defines; `.absent`: a known name without a value, or a name inside something that is not an object.
    private func lookup(_ path: CompiledTemplate.Path, _ stack: [ViewValue]) -> ViewValue? {
        guard let first = path.names.first else { return stack.last }
        var found: ViewValue?
        for frame in stack.reversed() {
            if case .object(let fields) = frame, let value = fields[first] { found = value; break }
        }
        for name in path.names.dropFirst() {
            guard let parent = found else { return nil }
            guard case .object(let fields) = parent else { return .absent }
            found = fields[name]
        }
        return found
    }
}
