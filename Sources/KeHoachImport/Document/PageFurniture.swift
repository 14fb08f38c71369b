import KeHoachCore

/// What a legal portal or a browser adds around a document: copyright notices of the portal, "loading" and
/// "click here" lines, sign-in prompts. Such lines are blanked (their line numbers stay) before any rule
/// reads the text, whatever the format.
enum PageFurniture {
    static let phrases = [
        "thuoc quyen so huu cua", "has the copyright on this", "is a violation against the law", "dang tai van ban",
        "click vao phan boi vang", "cac noi dung cua vb nay duoc vb khac thay doi", "cac noi dung duoc sua doi, huong dan",
        "vui long dang nhap", "dang nhap tai khoan", "tai ve van ban", "luu tru van ban", "theo doi van ban", "bao loi van ban",
        "gui y kien", "in van ban", "chia se van ban",
    ]

    static func isFurniture(_ text: String) -> Bool {
        guard text.count < 400 else { return false }
        let k = TextFolding.searchKey(text)
        return phrases.contains { k.includes($0) }
    }

    static func remove(_ lines: [SourceLine]) -> [SourceLine] {
        lines.map { line in
            guard !line.hasTabs, isFurniture(line.text) else { return line }
            return SourceLine(number: line.number, text: "")
        }
    }
}
