import Foundation

/// Compiled regular expressions, compiled once per pattern: compiling is costly and plans are read with
/// the same few patterns over and over.
package final class RegexCache: @unchecked Sendable {
    // @unchecked: the dictionary is only touched under `lock`; NSRegularExpression itself is immutable
    // and documented as safe to use from several threads.
    private let lock = NSLock()
    private var compiled: [String: NSRegularExpression] = [:]

    package static let shared = RegexCache()

    package func regex(_ pattern: String, caseInsensitive: Bool = false) -> NSRegularExpression? {
        let key = (caseInsensitive ? "i:" : "s:") + pattern
        lock.lock()
        defer { lock.unlock() }
        if let re = compiled[key] { return re }
        guard let re = try? NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : []) else { return nil }
        compiled[key] = re
        return re
    }

    /// The capture groups of the first match (empty strings for groups that did not take part).
    package func firstMatch(_ pattern: String, in text: String, caseInsensitive: Bool = false) -> [String]? {
        guard let re = regex(pattern, caseInsensitive: caseInsensitive) else { return nil }
        guard let m = re.firstMatch(in: text, range: NSRange(location: 0, length: text.utf16.count)) else { return nil }
        return (1..<m.numberOfRanges).map { Self.group(m.range(at: $0), of: text) }
    }

    /// A capture group's text, cut from the Swift string (no NSString copy of the whole text per match).
    static func group(_ range: NSRange, of text: String) -> String {
        guard range.location != NSNotFound, let r = Range(range, in: text) else { return "" }
        return String(text[r])
    }

    /// The capture groups of every match.
    package func allMatches(_ pattern: String, in text: String) -> [[String]] {
        guard let re = regex(pattern) else { return [] }
        return re.matches(in: text, range: NSRange(location: 0, length: text.utf16.count)).map { m in
            (1..<m.numberOfRanges).map { Self.group(m.range(at: $0), of: text) }
        }
    }
}
