import Foundation

/// An iCalendar feed (RFC 5545) of due dates: report deadlines, task deadlines, answers owed. Deadlines are days,
/// so each is an all-day event (`DTSTART;VALUE=DATE`, ending the next day); the calendar names its time zone,
/// Asia/Ho_Chi_Minh (UTC+7 all year, no daylight saving), with its VTIMEZONE, and the instant it was made is in UTC.
/// A UID names the thing (`report-12-2026Q3-45@kehoach`), never the date: when a date moves, the calendar moves the
/// same event.
public enum ICalendar {
    public struct Event: Sendable, Hashable {
        public var uid: String
        public var date: CivilDate
        public var summary: String
        public var description: String?
        /// An absolute URL of the page.
        public var url: String?
        public var categories: [String]
        public init(uid: String, date: CivilDate, summary: String, description: String? = nil, url: String? = nil, categories: [String] = []) {
            self.uid = uid; self.date = date; self.summary = summary; self.description = description; self.url = url; self.categories = categories
        }
    }

    public static let timeZone = "Asia/Ho_Chi_Minh"
    static let domain = "kehoach"

    public static func uid(_ parts: String...) -> String { parts.joined(separator: "-") + "@" + domain }

    /// The feed: `name` is the calendar's title in the subscriber's list; `now` stamps every event (DTSTAMP).
    public static func feed(name: String, events: [Event], now: Date) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//KeHoach//Theo doi ke hoach chuyen doi so//VI", "CALSCALE:GREGORIAN",
                     "METHOD:PUBLISH", "X-WR-CALNAME:" + text(name), "X-WR-TIMEZONE:" + timeZone,
                     // Refresh twice a day at most (clients that honour it).
                     "REFRESH-INTERVAL;VALUE=DURATION:PT12H", "X-PUBLISHED-TTL:PT12H",
                     "BEGIN:VTIMEZONE", "TZID:" + timeZone, "X-LIC-LOCATION:" + timeZone,
                     "BEGIN:STANDARD", "TZOFFSETFROM:+0700", "TZOFFSETTO:+0700", "TZNAME:ICT", "DTSTART:19700101T000000", "END:STANDARD",
                     "END:VTIMEZONE"]
        let stamp = utc(now)
        for e in events.sorted(by: { ($0.date, $0.uid) < ($1.date, $1.uid) }) {
            lines += ["BEGIN:VEVENT", "UID:" + text(e.uid), "DTSTAMP:" + stamp, "DTSTART;VALUE=DATE:" + basic(e.date),
                      "DTEND;VALUE=DATE:" + basic(e.date.adding(days: 1)), "SUMMARY:" + text(e.summary), "TRANSP:TRANSPARENT"]
            if let d = e.description, !d.isEmpty { lines.append("DESCRIPTION:" + text(d)) }
            if let u = e.url { lines.append("URL;VALUE=URI:" + u) }
            if !e.categories.isEmpty { lines.append("CATEGORIES:" + e.categories.map(text).joined(separator: ",")) }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// `20261231`.
    static func basic(_ d: CivilDate) -> String { String(format: "%04d%02d%02d", d.year, d.month, d.day) }

    /// `20261127T021500Z`.
    static func utc(_ date: Date) -> String {
        let s = Int(date.timeIntervalSince1970.rounded(.down))
        let day = CivilDate(dayNumber: Int((Double(s) / 86_400).rounded(.down)))
        let sec = ((s % 86_400) + 86_400) % 86_400
        return basic(day) + String(format: "T%02d%02d%02dZ", sec / 3600, sec % 3600 / 60, sec % 60)
    }

    /// A TEXT value escaped (RFC 5545 §3.3.11): backslash, semicolon, comma, and newlines as `\n`.
    static func text(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r\n": out += "\\n"
            case "\r": continue
            default:
                // Control characters are not allowed in TEXT.
                if let a = c.asciiValue, a < 0x20 && a != 0x09 { continue }
                out.append(c)
            }
        }
        return out
    }

    /// A content line folded at 75 octets (§3.1): continuation lines start with a space, and a UTF-8 character is
    /// never split (Vietnamese letters take two or three octets).
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var out = "", count = 0, limit = 75
        for c in line {
            let n = String(c).utf8.count
            if count + n > limit {
                out += "\r\n "
                count = 0
                limit = 74  // the leading space counts
            }
            out.append(c)
            count += n
        }
        return out
    }
}
