import Foundation
import Hummingbird
import KeHoachCore
import MultipartKit
import NIOHTTP1

/// Form fields of an `application/x-www-form-urlencoded` body or a query string.
struct FormFields: Sendable {
    var values: [String: [String]] = [:]

    init(values: [String: [String]]) { self.values = values }

    /// Parses `a=1&b=x`. Strict: a name or value whose percent-encoding is broken or not UTF-8, or that holds
    /// control characters other than tab and line breaks, is refused (400) rather than kept as sent.
    static func parse(_ encoded: String) throws -> FormFields {
        var copy = encoded
        return try copy.withUTF8 { try parse(bytes: $0) }
    }

    /// The same over the body's bytes: split at `&` and the first `=` byte by byte (splitting the String walked its
    /// grapheme clusters, a tenth of a report submission's CPU).
    static func parse<Bytes: Collection<UInt8>>(bytes: Bytes) throws -> FormFields where Bytes.SubSequence: Collection<UInt8> {
        var form = FormFields(values: [:])
        for pair in bytes.split(separator: UInt8(ascii: "&")) {
            let equals = pair.firstIndex(of: UInt8(ascii: "="))
            guard let key = decode(pair[pair.startIndex..<(equals ?? pair.endIndex)]),
                  let value = equals.map({ decode(pair[pair.index(after: $0)...]) }) ?? "" else {
                throw HTTPError(.badRequest, message: Texts.text("error.malformed"))
            }
            form.values[key, default: []].append(value)
        }
        return form
    }

    /// `+` is a space and `%XX` a byte; the bytes must be UTF-8. Every `%` starts an escape of two hex digits
    /// (Foundation let a broken one through unchanged). Written over bytes: Foundation's `removingPercentEncoding`
    /// was a quarter of the server's CPU on a report submission (one field per task).
    static func decode(_ s: Substring) -> String? { decode(s.utf8) }

    static func decode<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String? {
        func hex(_ b: UInt8) -> UInt8? {
            switch b {
            case 0x30...0x39: b - 0x30
            case 0x41...0x46: b - 0x41 + 10
            case 0x61...0x66: b - 0x61 + 10
            default: nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var it = bytes.makeIterator()
        while let b = it.next() {
            switch b {
            case UInt8(ascii: "+"): out.append(0x20)
            case UInt8(ascii: "%"):
                guard let h = it.next().flatMap(hex), let l = it.next().flatMap(hex) else { return nil }
                out.append(h << 4 | l)
            default: out.append(b)
            }
        }
        // Control characters other than tab and line breaks are refused; in UTF-8 they are single bytes.
        guard !out.contains(where: { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) || $0 == 0x7F }) else { return nil }
        return String(validating: out, as: UTF8.self)
    }

    subscript(_ key: String) -> String? { values[key]?.first }

    /// A value that must parse when it is given: nil when absent or empty, a 400 naming the field when it does not
    /// parse (a filter with a wrong value is a wrong request, not "no filter").
    func parsed<T>(_ key: String, _ parse: (String) -> T?) throws -> T? {
        guard let text = text(key) else { return nil }
        guard let value = parse(text) else { throw HTTPError(.badRequest, message: Texts.text("error.badParameter") + " (\(key))") }
        return value
    }

    /// A trimmed, non-empty value.
    func text(_ key: String) -> String? {
        guard let v = self[key]?.trimmedWhitespace, !v.isEmpty else { return nil }
        return v
    }

    /// The report form's own fields are here (a press of that form, not of another page's button).
    var isReportForm: Bool { values.keys.contains { $0.hasPrefix("task.") || $0.hasPrefix("indicator.") || $0 == "difficulties" } }

    static func query(_ request: Request) throws -> FormFields {
        try parse(request.uri.query ?? "")
    }

    /// Reads an url-encoded form body (up to 64 KB unless the form is known to be longer).
    static func body(_ request: Request, limit: Int = 64 * 1024) async throws -> FormFields {
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: limit) } catch { throw HTTPError(.contentTooLarge, message: Texts.text("error.formTooLarge")) }
        // Every name and value is checked as UTF-8 once decoded (a body that is not UTF-8 fails there).
        return try parse(bytes: buffer.readableBytesView)
    }
}

/// A file part of a `multipart/form-data` body and its text fields.
struct Multipart: Sendable {
    var fields: [String: String] = [:]
    var fileName: String?
    var fileData: Data?
    /// The file's name as sent held a path, `..` or control characters (a crafted request: browsers send a
    /// file's own name only).
    var unsafeFileName = false

    /// A multipart form from the request: its type, its size (413 past `limit`), its parts, its form token, and
    /// its file's name (refused, not cleaned, when it is unsafe).
    static func read(_ request: Request, _ context: AppContext, limit: Int, tooLarge: String = Texts.text("error.tooLarge")) async throws -> Multipart {
        let contentType = request.headers[.contentType] ?? ""
        guard contentType.hasPrefix("multipart/form-data") else { throw HTTPError(.unsupportedMediaType, message: Texts.text("error.badRequest")) }
        let body: ByteBuffer
        do { body = try await request.body.collect(upTo: limit) } catch { throw HTTPError(.contentTooLarge, message: tooLarge) }
        guard let parts = parse(body, contentType: contentType) else { throw HTTPError(.badRequest, message: Texts.text("error.badRequest")) }
        try context.checkCSRF(FormFields(values: parts.fields.mapValues { [$0] }))
        if parts.unsafeFileName { throw HTTPError(.badRequest, message: Texts.text("files.badName")) }
        return parts
    }

    static func isPlainName(_ name: String) -> Bool {
        name.count <= 255 && name != "." && name != ".." && !name.unicodeScalars.contains { $0 == "/" || $0 == "\\" || $0.value < 0x20 || $0.value == 0x7F }
            && !name.hasPrefix("..")
    }

    /// Parses the body with multipart-kit's parser; nil when it is not multipart or is malformed (a part cut off
    /// before its closing boundary is not a part).
    static func parse(_ body: ByteBuffer, contentType: String) -> Multipart? {
        guard let boundaryRange = contentType.range(of: "boundary=") else { return nil }
        var boundary = String(contentType[boundaryRange.upperBound...])
        if let semi = boundary.firstIndex(of: ";") { boundary = String(boundary[..<semi]) }
        boundary = boundary.trimmed(of: "\" ")
        guard !boundary.isEmpty, boundary.count <= 200 else { return nil }
        let parser = MultipartParser(boundary: boundary)
        var parts: [MultipartPart] = []
        var headers = HTTPHeaders()
        var content = ByteBuffer()
        parser.onHeader = { name, value in headers.add(name: name, value: value) }
        parser.onBody = { chunk in content.writeBuffer(&chunk) }
        parser.onPartComplete = {
            parts.append(MultipartPart(headers: headers, body: content))
            headers = HTTPHeaders()
            content = ByteBuffer()
        }
        do { try parser.execute(body) } catch { return nil }
        var result = Multipart()
        for part in parts {
            guard let name = part.name else { continue }
            if let filename = Self.parameter("filename", of: part.headers.first(name: "Content-Disposition") ?? "") {
                if !isPlainName(filename) { result.unsafeFileName = true }
                result.fileName = Self.sanitise(filename)
                result.fileData = Data(part.body.readableBytesView)
            } else {
                result.fields[name] = String(decoding: part.body.readableBytesView, as: UTF8.self)
            }
        }
        return result
    }

    /// A parameter of a header value (`form-data; name="file"; filename="a;b.xlsx"`): quoted or not, a `;` inside
    /// quotes kept (multipart-kit keeps its own reader of these internal).
    static func parameter(_ key: String, of value: String) -> String? {
        var pieces: [String] = [], current = "", quoted = false
        for c in value {
            if c == "\"" { quoted.toggle() }
            if c == ";" && !quoted { pieces.append(current); current = "" } else { current.append(c) }
        }
        pieces.append(current)
        for piece in pieces.dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmedSpaces.lowercased() == key else { continue }
            var v = pair[1].trimmedSpaces
            if v.count >= 2, v.hasPrefix("\""), v.hasSuffix("\"") { v = String(v.dropFirst().dropLast()) }
            return v
        }
        return nil
    }

    /// Keeps only the last path component and safe characters; never empty.
    static func sanitise(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let kept = last.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) || "._- ()".unicodeScalars.contains($0) }
        var s = String(String.UnicodeScalarView(kept)).trimmedSpaces
        while s.hasPrefix(".") { s.removeFirst() }
        if s.count > 120 { s = String(s.suffix(120)) }
        return s.isEmpty ? "tai-lieu.txt" : s
    }
}
