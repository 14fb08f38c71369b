import Foundation
import Hummingbird
import KeHoachCore

/// Renders pages: a template's body inside the layout, with the catalogue, the user and their permissions.
struct Pages: Sendable {
    let library: TemplateLibrary

    init(_ resources: WebResources) {
        library = TemplateLibrary(templates: resources.compiled)
    }

    func render(_ page: Page, title: String, data: [String: Any], context: AppContext, flash: String? = nil,
                status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: Self.htmlType, .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(bytes: renderBytes(page, title: title, data: data, context: context, flash: flash))))
    }

    func renderHTML(_ page: Page, title: String, data: [String: Any], context: AppContext, flash: String? = nil) -> String {
        String(decoding: renderBytes(page, title: title, data: data, context: context, flash: flash), as: UTF8.self)
    }

    func renderBytes(_ page: Page, title: String, data: [String: Any], context: AppContext, flash: String? = nil) -> [UInt8] {
        var frame: [String: ViewValue] = ["title": .text(title), "csrf": .text(context.csrfToken ?? "")]
        if let user = context.user {
            frame["user"] = .object(["username": .text(user.username), "agencyID": user.agencyID.map { .text($0.description) } ?? .absent,
                                     "agencyName": .text(Texts.text("nav.myAgency"))])
            frame["can"] = .object(Dictionary(uniqueKeysWithValues: Permission.allCases.map {
                ($0.rawValue, ViewValue.flag(AccessPolicy.allows(user, $0, province: user.provinceID)))
            }))
        }
        if let flash { frame["flash"] = .text(flash) }
        // The page sees the frame's values too (the CSRF token of its forms, the user's permissions).
        guard case .object(var fields) = ViewValue(data) else { return [] }
        for (key, value) in frame where fields[key] == nil { fields[key] = value }
        var body: [UInt8] = []
        body.reserveCapacity(32 * 1024)
        library.render(page.rawValue, .object(fields), into: &body)
        var out: [UInt8] = []
        out.reserveCapacity(body.count + 4096)
        frame["body"] = .text(String(decoding: body, as: UTF8.self))
        library.render("layout", .object(frame), into: &out)
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
        render(.error, title: Texts.text("error.title"), data: ["message": message], context: context, status: status)
    }
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
