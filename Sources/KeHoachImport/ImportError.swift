/// Why a document could not be imported. Each case has a one-line message for people (Vietnamese) and one
/// for developers (English).
public enum ImportError: Error, Sendable, Equatable {
    case empty
    case tooLarge(bytes: Int, limit: Int)
    case binary
    case notUTF8(byteOffset: Int)
    case html
    case invalidJSON(detail: String)
    case unsupportedFormat(found: String)
    /// The text was read but holds no indicator, target or task.
    case noPlanContent
    /// A table header names only a number and a name column (no agency, deadline, target …).
    case missingColumns(line: Int, found: [String])
    case unreadable(path: String, detail: String)

    /// The message shown to users, in Vietnamese.
    public var message: String {
        switch self {
        case .empty: "Tệp rỗng: không có nội dung để nhập."
        case let .tooLarge(bytes, limit): "Tệp quá lớn (\(bytes / 1_048_576) MB); giới hạn là \(limit / 1_048_576) MB."
        case .binary: "Tệp không phải văn bản (có vẻ là tệp nhị phân). Hãy chuyển văn bản kế hoạch sang dạng văn bản thuần (.txt) hoặc JSON."
        case let .notUTF8(offset): "Tệp không được mã hóa UTF-8 (byte lỗi ở vị trí \(offset)). Hãy lưu lại tệp với bảng mã UTF-8."
        case .html: "Tệp là trang HTML, không phải văn bản kế hoạch. Hãy lưu nội dung văn bản dưới dạng văn bản thuần."
        case let .invalidJSON(detail): "Tệp JSON không đúng định dạng kehoach.plan/1: \(detail)"
        case let .unsupportedFormat(found): "Định dạng \"\(found)\" không được hỗ trợ; cần \"kehoach.plan/1\"."
        case .noPlanContent: "Không tìm thấy chỉ tiêu, mục tiêu hay nhiệm vụ nào trong tệp: có thể thiếu bảng (cột STT, nhiệm vụ, cơ quan chủ trì…) hoặc danh sách mục tiêu."
        case let .unreadable(path, _): "Không đọc được tệp \(path)."
        case let .missingColumns(line, found): "Bảng ở dòng \(line) thiếu cột: chỉ có \(found.filter { !$0.isEmpty }.map { "\"\($0)\"" }.joined(separator: ", ")); cần thêm cột cơ quan chủ trì, thời hạn hoặc mục tiêu."
        }
    }

    /// The message for logs and developers, in English.
    public var developerMessage: String {
        switch self {
        case .empty: "empty input"
        case let .tooLarge(bytes, limit): "input is \(bytes) bytes, limit \(limit)"
        case .binary: "input contains NUL or control bytes: not text"
        case let .notUTF8(offset): "invalid UTF-8 at byte \(offset)"
        case .html: "input is HTML"
        case let .invalidJSON(detail): "invalid plan JSON: \(detail)"
        case let .unsupportedFormat(found): "unsupported format \(found)"
        case .noPlanContent: "no indicator, target or task recognised"
        case let .unreadable(path, detail): "cannot read \(path): \(detail)"
        case let .missingColumns(line, found): "table header at line \(line) has only \(found)"
        }
    }
}
