import Foundation
import KeHoachCore

/// What a legal portal or a browser adds around a document: the portal's copyright notice, "loading" and
/// "click here" lines, and its menu labels standing alone on a line. Such lines are blanked (their line numbers
/// stay) before any rule reads the text, whatever the format.
enum PageFurniture {
    /// Notices, found inside a line (as written, NFC; and folded to be sure).
    static let notices = ["quyền sở hữu của", "has the copyright on this", "is a violation against the law", "Đang tải văn bản",
                          "Click vào phần bôi vàng", "Các nội dung của VB này được VB khác", "CÁC NỘI DUNG ĐƯỢC SỬA ĐỔI"]
    static let foldedNotices = notices.map { TextFolding.searchKey($0) }
    /// Menu labels: a whole line and nothing else.
    static let labels: Set<String> = ["vui long dang nhap", "dang nhap", "tai ve", "tai ve van ban", "luu tru", "theo doi van ban",
                                      "bao loi", "gui y kien", "in van ban", "chia se", "chia se van ban"]

    static func isFurniture(_ text: String) -> Bool {
        // Byte counts and byte searches: this runs on every line of a plan.
        if text.utf8.count <= 40 { return labels.contains(TextFolding.searchKey(text).trimmingCharacters(in: .punctuationCharacters)) }
        guard text.utf8.count < 1_200, notices.contains(where: { text.includes($0) }) else { return false }
        let k = TextFolding.searchKey(text)
        return foldedNotices.contains { k.includes($0) }
    }

    static func remove(_ lines: [SourceLine]) -> [SourceLine] {
        lines.map { line in
            guard !line.hasTabs, !line.isBlank, isFurniture(line.text) else { return line }
            return SourceLine(number: line.number, text: "")
        }
    }
}
