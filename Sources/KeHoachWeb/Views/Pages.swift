import Foundation
import Hummingbird
import KeHoachCore

/// Renders pages: a template's body inside the layout, with the catalogue, the user and their permissions.
struct Pages: Sendable {
    let library: TemplateLibrary
    /// Typed pages mark a name their model lacks (`⟦?name⟧`, see TemplateLibrary): on in tests.
    let strict: Bool

    init(_ resources: WebResources, strict: Bool = false) {
        library = TemplateLibrary(templates: resources.compiled)
        self.strict = strict
    }

    /// A page from its typed view model: an `Encodable` struct whose property names are the template's names.
    func render(_ page: Page, title: String, view: some Encodable, context: AppContext, flash: String? = nil,
                status: HTTPResponse.Status = .ok) -> Response {
        Self.response(renderBytes(page, title: title, value: ViewEncoding.value(view), context: context, flash: flash), status: status)
    }

    func renderHTML(_ page: Page, title: String, view: some Encodable, context: AppContext, flash: String? = nil) -> String {
        String(decoding: renderBytes(page, title: title, value: ViewEncoding.value(view), context: context, flash: flash), as: UTF8.self)
    }

    static func response(_ bytes: [UInt8], status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentType: Self.htmlType, .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The page's body inside the layout. The frame (title, form token, the user and their permissions, a flash
    /// message) is seen by the page too; every frame name is present, empty when it has no value.
    func renderBytes(_ page: Page, title: String, value: ViewValue, context: AppContext, flash: String?) -> [UInt8] {
        var frame: [String: ViewValue] = ["title": .text(title), "csrf": .text(context.csrfToken ?? ""), "user": .absent, "can": .absent,
                                          "flash": flash.map { .text($0) } ?? .absent]
        if let user = context.user {
            frame["user"] = .object(["username": .text(user.username), "agencyID": user.agencyID.map { .text($0.description) } ?? .absent,
                                     "agencyName": .text(Texts.text("nav.myAgency")),
                                     "unread": context.unread > 0 ? .text(String(context.unread)) : .absent])
            frame["can"] = .object(Dictionary(uniqueKeysWithValues: Permission.allCases.map {
                ($0.rawValue, ViewValue.flag(AccessPolicy.allows(user, $0, province: user.provinceID)))
            }))
        }
        guard case .object(var fields) = value else { return [] }
        for (key, value) in frame where fields[key] == nil { fields[key] = value }
        var body: [UInt8] = []
        body.reserveCapacity(32 * 1024)
        library.render(page.rawValue, .object(fields), strict: strict, into: &body)
        var out: [UInt8] = []
        out.reserveCapacity(body.count + 4096)
        frame["body"] = .text(String(decoding: body, as: UTF8.self))
        library.render("layout", .object(frame), strict: strict, into: &out)
        return out
    }

    static let htmlType = "text/html; charset=utf-8"

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    func error(_ message: String, status: HTTPResponse.Status, context: AppContext) -> Response {
        render(.error, title: Texts.text("error.title"), view: ErrorView(message: message), context: context, status: status)
    }
}

/// `error`: what went wrong, and where to go back to when the page knows.
struct ErrorView: Encodable {
    var message: String
    var back: String? = nil
}

/// HTML escaping of the five characters Mustache escapes (`& < > " '`), byte by byte; text without any of them
/// (most of it) is copied as is.
enum HTMLEscaping {
    static func append(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            var from = 0
            for (i, byte) in bytes.enumerated() {
                let entity: StaticString
                switch byte {
                case 0x26: entity = "&amp;"
                case 0x3C: entity = "&lt;"
                case 0x3E: entity = "&gt;"
                case 0x22: entity = "&quot;"
                case 0x27: entity = "&#39;"
                default: continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[from..<i]))
                out.append(contentsOf: UnsafeBufferPointer(start: entity.utf8Start, count: entity.utf8CodeUnitCount))
                from = i + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[from...]))
        }
    }

    static func escape(_ text: String) -> String {
        var out: [UInt8] = []
        append(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
