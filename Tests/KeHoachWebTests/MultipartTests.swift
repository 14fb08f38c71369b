import Foundation
@testable import KeHoachWeb
import NIOCore
import Testing

/// Upload bodies (evidence files, report workbooks, plan documents) as multipart-kit parses them for us: the fields,
/// the file and its name; a name with a path is flagged, a body cut short or not multipart is refused.
@Suite("Uploads: multipart bodies")
struct MultipartTests {
    static let type = "multipart/form-data; boundary=----kehoach42"

    static func body(_ parts: [(name: String, file: String?, content: String)], close: Bool = true) -> ByteBuffer {
        var text = ""
        for p in parts {
            text += "------kehoach42\r\nContent-Disposition: form-data; name=\"\(p.name)\"" + (p.file.map { "; filename=\"\($0)\"" } ?? "") + "\r\n"
            if p.file != nil { text += "Content-Type: application/octet-stream\r\n" }
            text += "\r\n\(p.content)\r\n"
        }
        if close { text += "------kehoach42--\r\n" }
        return ByteBuffer(string: text)
    }

    @Test("fields and one file, with a Vietnamese name, are read as sent")
    func fieldsAndFile() throws {
        let parsed = try #require(Multipart.parse(Self.body([("_csrf", nil, "abc"), ("note", nil, "Báo cáo quý\r\nIV"),
                                                              ("file", "Báo cáo Sở KH&CN.xlsx", "PK\u{3}\u{4}binary--data")]), contentType: Self.type))
        #expect(parsed.fields["_csrf"] == "abc")
        #expect(parsed.fields["note"] == "Báo cáo quý\r\nIV")
        #expect(parsed.fileName == "Báo cáo Sở KHCN.xlsx")
        #expect(parsed.fileData == Data("PK\u{3}\u{4}binary--data".utf8))
        #expect(!parsed.unsafeFileName)
    }

    @Test("the file name is read from its header parameter wherever it stands, quoted or not")
    func parameters() {
        #expect(Multipart.parameter("filename", of: "form-data; filename=\"bao;cao.xlsx\"; name=\"file\"") == "bao;cao.xlsx")
        #expect(Multipart.parameter("filename", of: "form-data; name=\"file\"; FILENAME=a.xlsx") == "a.xlsx")
        #expect(Multipart.parameter("filename", of: "form-data; name=\"filename\"") == nil)
    }

    @Test("a file name with a path is flagged; a body without its closing boundary, or with another boundary, has no parts")
    func refused() throws {
        let withPath = Multipart.parse(Self.body([("file", "../../etc/passwd", "x")]), contentType: Self.type)
        #expect(withPath?.unsafeFileName == true && withPath?.fileName == "passwd")
        let cut = Multipart.parse(Self.body([("_csrf", nil, "abc"), ("file", "a.xlsx", "PK")], close: false), contentType: Self.type)
        #expect(cut == nil || cut?.fileData == nil)
        #expect(Multipart.parse(Self.body([("_csrf", nil, "abc")]), contentType: "multipart/form-data; boundary=other")?.fields.isEmpty ?? true)
        #expect(Multipart.parse(Self.body([("_csrf", nil, "abc")]), contentType: "multipart/form-data") == nil)
    }
}

/// Url-encoded form bodies and query strings: what a browser sends is read back exactly; a broken escape, bytes that
/// are not UTF-8 or control characters make the request wrong (400) rather than being kept as sent.
@Suite("Form bodies: url-encoded fields")
struct FormFieldsTests {
    @Test("spaces, escapes and Vietnamese text are decoded as sent")
    func decoded() throws {
        let form = try FormFields.parse("note=B%C3%A1o+c%C3%A1o+qu%C3%BD+IV%0D%0Ad%C3%B2ng+2%09x&plus=1%2B1&empty=&a=1&a=2")
        #expect(form["note"] == "Báo cáo quý IV\r\ndòng 2\tx")
        #expect(form["plus"] == "1+1")
        #expect(form["empty"] == "")
        #expect(form.values["a"] == ["1", "2"])
    }

    @Test("a broken escape, bytes that are not UTF-8, or a control character are refused")
    func refused() throws {
        for body in ["a=%4", "a=%zz1", "a=50%", "a=%FF", "a=%C3", "a=x%01y", "a=%7F", "%GG=1"] {
            #expect((try? FormFields.parse(body)) == nil, "\(body)")
        }
        // Raw bytes as a body arrives: a byte that is not UTF-8, unescaped, is refused too; unescaped UTF-8 is read.
        #expect((try? FormFields.parse(bytes: [UInt8]("a=1&b=".utf8) + [0xFF])) == nil)
        #expect(try FormFields.parse(bytes: Array("ghi=chú&x".utf8))["ghi"] == "chú")
        #expect(try FormFields.parse(bytes: Array("ghi=chú&x".utf8))["x"] == "")
    }
}
