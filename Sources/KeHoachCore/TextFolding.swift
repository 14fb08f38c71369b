import Foundation

/// Text helpers for Vietnamese: search keys that ignore case and marks, whitespace clean-up.
public enum TextFolding {
    /// A search key: lower case, Vietnamese marks removed, `đ`/`Đ` folded to `d`, runs of white space
    /// collapsed to one space.
    ///
    /// ```swift
    /// TextFolding.searchKey("Sở Khoa học và Công nghệ") // "so khoa hoc va cong nghe"
    /// TextFolding.searchKey("ĐIỆN TỬ")                  // "dien tu"
    /// ```
    /// Unicode's diacritic folding leaves `đ` alone (it is a letter, not a mark), hence the explicit step.
    public static func searchKey(_ text: String) -> String {
        // Decompose, drop every combining mark, fold case: idempotent, unlike locale-aware folding.
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .spacingMark: continue
            default:
                out.unicodeScalars.append(scalar == "đ" || scalar == "Đ" ? "d" : scalar)
            }
        }
        return collapseSpaces(out)
    }

    /// Trims the text and collapses every run of white space (including no-break spaces and tabs) to one space.
    public static func collapseSpaces(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for ch in text {
            if ch.isWhitespace {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(ch)
            }
        }
        return out
    }

    /// Unicode NFC, the normal form the plan format promises.
    public static func nfc(_ text: String) -> String {
        text.precomposedStringWithCanonicalMapping
    }
}
