/// Why a document could not be imported. Each case has a one-line message for people (Vietnamese) and one
/// for developers (English).
public enum ImportError: Error, Sendable, Equatable {
    case empty
    case tooLarge(bytes: Int, limit: Int)
    case binary
    case notUTF8(byteOffset: Int)
    case invalidJSON(detail: String)
    case unsupportedFormat(found: String)
    /// The text was read but holds no indicator, target or task.
    case noPlanContent
    /// A table header names only a number and a name column (no agency, deadline, target …).
    case missingColumns(line: Int, found: [String])
    case unreadable(path: String, detail: String)
    /// A PDF whose pages are images (a scan): no text layer to read.
    case scannedPDF
    /// pdftotext (Debian's poppler-utils) is not installed.
    case pdfToolMissing
    case pdfTimeout(seconds: Int)
    /// A password-protected document (DOCX, XLSX or PDF).
    case encrypted
    /// Word 97–2003 (.doc) or Excel 97–2003 (.xls).
    case legacyOffice
    /// A DOCX whose body is images only.
    case imagesOnly
    /// A ZIP package that inflates past the limits.
    case zipBomb
    case damaged(format: String)

    /// The message shown to users, in Vietnamese.
    public var message: String {
        switch self {
        case .empty: "Tệp rỗng: không có nội dung để nhập."
        case let .tooLarge(bytes, limit): "Tệp quá lớn (\(bytes / 1_048_576) MB); giới hạn là \(limit / 1_048_576) MB."
        case .binary: "Tệp không phải văn bản kế hoạch ở định dạng đọc được (có vẻ là tệp nhị phân). Hãy dùng tệp Word (.docx), PDF có lớp chữ, trang web (.html), Excel (.xlsx), CSV, văn bản thuần (.txt) hoặc JSON."
        case let .notUTF8(offset): "Tệp không được mã hóa UTF-8 (byte lỗi ở vị trí \(offset)). Hãy lưu lại tệp với bảng mã UTF-8."
        case let .invalidJSON(detail): "Tệp JSON không đúng định dạng kehoach.plan/1: \(detail)"
        case let .unsupportedFormat(found): "Định dạng \"\(found)\" không được hỗ trợ; cần \"kehoach.plan/1\"."
        case .noPlanContent: "Không tìm thấy chỉ tiêu, mục tiêu hay nhiệm vụ nào trong tệp: có thể thiếu bảng (cột STT, nhiệm vụ, cơ quan chủ trì…) hoặc danh sách mục tiêu."
        case let .unreadable(path, _): "Không đọc được tệp \(path)."
        case let .missingColumns(line, found): "Bảng ở dòng \(line) thiếu cột: chỉ có \(found.filter { !$0.isEmpty }.map { "\"\($0)\"" }.joined(separator: ", ")); cần thêm cột cơ quan chủ trì, thời hạn hoặc mục tiêu."
        case .scannedPDF: "Tệp PDF không có lớp chữ (có vẻ là bản quét, mỗi trang là một ảnh): không đọc được nội dung. Hãy dùng tệp Word (.docx) hoặc PDF xuất từ hệ thống văn bản điện tử, hoặc nhận dạng chữ (OCR) trước khi nhập."
        case .pdfToolMissing: "Máy chủ chưa cài công cụ đọc PDF (pdftotext). Quản trị viên cần cài gói poppler-utils (apt-get install poppler-utils)."
        case let .pdfTimeout(seconds): "Đọc tệp PDF quá \(seconds) giây nên đã dừng: tệp có thể bị hỏng hoặc quá phức tạp. Hãy thử tệp Word (.docx) của văn bản."
        case .encrypted: "Tệp được bảo vệ bằng mật khẩu: hãy bỏ mật khẩu (lưu lại không đặt mật khẩu) rồi nhập lại."
        case .legacyOffice: "Tệp ở định dạng Word/Excel cũ (.doc, .xls): hãy mở và lưu lại dưới dạng .docx hoặc .xlsx rồi nhập lại."
        case .imagesOnly: "Tệp Word chỉ chứa hình ảnh (văn bản được chụp hoặc quét), không có chữ để đọc. Hãy dùng bản Word gốc của văn bản."
        case .zipBomb: "Tệp nén quá lớn sau khi giải nén (có thể là tệp độc hại): không nhập."
        case let .damaged(format): "Tệp \(format) bị hỏng hoặc không đúng định dạng: không đọc được."
        }
    }

    /// The message for logs and developers, in English.
    public var developerMessage: String {
        switch self {
        case .empty: "empty input"
        case let .tooLarge(bytes, limit): "input is \(bytes) bytes, limit \(limit)"
        case .binary: "input contains NUL or control bytes: not text"
        case let .notUTF8(offset): "invalid UTF-8 at byte \(offset)"
        case let .invalidJSON(detail): "invalid plan JSON: \(detail)"
        case let .unsupportedFormat(found): "unsupported format \(found)"
        case .noPlanContent: "no indicator, target or task recognised"
        case let .unreadable(path, detail): "cannot read \(path): \(detail)"
        case let .missingColumns(line, found): "table header at line \(line) has only \(found)"
        case .scannedPDF: "PDF has no text layer"
        case .pdfToolMissing: "pdftotext not found (install poppler-utils)"
        case let .pdfTimeout(seconds): "pdftotext ran past \(seconds) s"
        case .encrypted: "document is password-protected"
        case .legacyOffice: "legacy OLE Office document"
        case .imagesOnly: "DOCX body holds images only"
        case .zipBomb: "ZIP package inflates past the limits"
        case let .damaged(format): "damaged \(format)"
        }
    }
}
