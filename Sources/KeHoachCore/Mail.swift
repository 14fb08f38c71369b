import Foundation

/// An e-mail as KeHoach sends it: Vietnamese, plain text with an HTML alternative, a link to the page.
public struct MailMessage: Sendable, Hashable, Codable {
    public var to: String
    public var subject: String
    public var text: String
    public var html: String
    public init(to: String, subject: String, text: String, html: String) {
        self.to = to; self.subject = subject; self.text = text; self.html = html
    }

    /// The message as RFC 5322 / MIME text (CRLF line ends): UTF-8 headers as RFC 2047 encoded words, a
    /// multipart/alternative body in base64. `messageID` makes it traceable (`<42.kehoach@host>`).
    public func rfc5322(from: String, date: Date, messageID: String) -> String {
        let boundary = "kehoach-" + String(messageID.hashValue.magnitude, radix: 36)
        var lines = [
            "From: " + Self.address(from),
            "To: " + to,
            "Subject: " + Self.encodedWords(subject),
            "Date: " + Self.rfc5322Date(date),
            "Message-ID: " + messageID,
            "MIME-Version: 1.0",
            "Auto-Submitted: auto-generated",
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
            "",
            "--" + boundary,
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "",
        ]
        lines += Self.base64Lines(text)
        lines += ["--" + boundary, "Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: base64", ""]
        lines += Self.base64Lines(html)
        lines.append("--" + boundary + "--")
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// `"Hệ thống KeHoach" <kehoach@…>` with the display name encoded; an address alone as is.
    static func address(_ from: String) -> String {
        guard let open = from.firstIndex(of: "<") else { return from }
        let name = from[..<open].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        return name.isEmpty ? String(from[open...]) : Self.encodedWords(name) + " " + from[open...]
    }

    /// RFC 2047 B-encoded words of at most 75 characters, split between characters.
    static func encodedWords(_ text: String) -> String {
        guard !text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 }) else {
            var words: [String] = [], chunk = ""
            for c in text {
                // 45 octets of UTF-8 make 60 base64 characters, inside the 75 of an encoded word.
                if (chunk + String(c)).utf8.count > 45 { words.append(chunk); chunk = "" }
                chunk.append(c)
            }
            if !chunk.isEmpty { words.append(chunk) }
            return words.map { "=?UTF-8?B?" + Data($0.utf8).base64EncodedString() + "?=" }.joined(separator: "\r\n ")
        }
        return text
    }

    static func base64Lines(_ text: String) -> [String] {
        let b = Data(text.utf8).base64EncodedString()
        return stride(from: 0, to: b.count, by: 76).map { i in
            let start = b.index(b.startIndex, offsetBy: i)
            return String(b[start ..< b.index(start, offsetBy: min(76, b.count - i))])
        }
    }

    /// `Fri, 27 Nov 2026 21:40:00 +0700` (in Vietnam time).
    static func rfc5322Date(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(secondsFromGMT: 7 * 3600)
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return f.string(from: date)
    }

    /// A plausible address: one `@`, a dotted domain, no spaces or line breaks, at most 254 characters. Nil
    /// (with the reason, in Vietnamese) when it is not one.
    public static func problem(address: String) -> String? {
        let a = address.trimmingCharacters(in: .whitespaces)
        if a.isEmpty { return "Cần nhập địa chỉ thư điện tử." }
        if a.count > 254 { return "Địa chỉ quá dài (tối đa 254 ký tự)." }
        guard a.range(of: #"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"#,
                      options: .regularExpression) != nil, !a.hasPrefix("."), !a.contains("..") else {
            return "Địa chỉ thư điện tử không hợp lệ (ví dụ: ten.canbo@laocai.gov.vn)."
        }
        return nil
    }
}

/// The wording of mails, once: a notification sent at once, the day's digest, the confirmation of an address.
public enum MailComposer {
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }

    static let footer = "Thư này do hệ thống KeHoach gửi tự động; vui lòng không trả lời thư. Xem mọi việc cần làm tại trang «Việc cần làm»."

    static func page(_ title: String, _ body: String) -> String {
        """
        <!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>\(escape(title))</title></head>
        <body style="font-family:Arial,sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a">\(body)
        <p style="color:#555;font-size:13px">\(escape(footer))</p></body></html>
        """
    }

    /// One notification, sent at once (a returned report, an explanation request).
    public static func immediate(_ notice: Notice, to: String, name: String, baseURL: String) -> MailMessage {
        let link = baseURL + notice.link
        let text = "Kính gửi \(name),\n\n\(notice.title).\n\nMở trang: \(link)\n\n\(footer)\n"
        let html = page(notice.kind.label, "<p>Kính gửi \(escape(name)),</p><p>\(escape(notice.title)).</p><p><a href=\"\(escape(link))\">Mở trang</a></p>")
        return MailMessage(to: to, subject: "[KeHoach] \(notice.kind.label): \(Notice.short(notice.title, 110))", text: text, html: html)
    }

    /// The day's notifications of one person, by kind.
    public static func digest(_ notices: [Notice], to: String, name: String, day: CivilDate, baseURL: String) -> MailMessage {
        var text = "Kính gửi \(name),\n\nNgày \(day.vietnamese), anh/chị có \(notices.count) thông báo mới:\n"
        var html = "<p>Kính gửi \(escape(name)),</p><p>Ngày \(day.vietnamese), anh/chị có \(notices.count) thông báo mới:</p>"
        for kind in Notice.Kind.allCases {
            let some = notices.filter { $0.kind == kind }
            guard !some.isEmpty else { continue }
            text += "\n\(kind.label) (\(some.count)):\n" + some.map { "- \($0.title): \(baseURL)\($0.link)" }.joined(separator: "\n") + "\n"
            html += "<h3 style=\"font-size:16px\">\(escape(kind.label)) (\(some.count))</h3><ul>"
                + some.map { "<li><a href=\"\(escape(baseURL + $0.link))\">\(escape($0.title))</a></li>" }.joined() + "</ul>"
        }
        text += "\nViệc cần làm: \(baseURL)/todo\n\n\(footer)\n"
        html += "<p><a href=\"\(escape(baseURL))/todo\">Mở trang Việc cần làm</a></p>"
        return MailMessage(to: to, subject: "[KeHoach] \(notices.count) thông báo ngày \(day.vietnamese)", text: text, html: page("Thông báo", html))
    }

    /// The link that confirms a new address (valid `hours` hours).
    public static func confirmation(to: String, name: String, link: String, hours: Int) -> MailMessage {
        let text = "Kính gửi \(name),\n\nĐể nhận thông báo của hệ thống KeHoach tại địa chỉ này, mở liên kết sau (trong \(hours) giờ) và bấm «Xác nhận»:\n\(link)\n\nNếu anh/chị không yêu cầu, hãy bỏ qua thư này.\n"
        let html = page("Xác nhận địa chỉ", "<p>Kính gửi \(escape(name)),</p><p>Để nhận thông báo của hệ thống KeHoach tại địa chỉ này, mở liên kết sau (trong \(hours) giờ) và bấm «Xác nhận»:</p><p><a href=\"\(escape(link))\">Xác nhận địa chỉ thư điện tử</a></p><p>Nếu anh/chị không yêu cầu, hãy bỏ qua thư này.</p>")
        return MailMessage(to: to, subject: "[KeHoach] Xác nhận địa chỉ thư điện tử", text: text, html: html)
    }
}

/// One mail in the outgoing queue.
public struct MailDelivery: Sendable, Hashable {
    public typealias ID = EntityID<MailDelivery>
    public enum Status: String, Sendable, CaseIterable {
        case pending, sending, sent, failed
        public var label: String {
            switch self {
            case .pending: "Chờ gửi"
            case .sending: "Đang gửi"
            case .sent: "Đã gửi"
            case .failed: "Không gửi được"
            }
        }
    }
    public var id: ID
    public var userID: User.ID?
    public var message: MailMessage
    public var kind: String
    public var status: Status
    public var attempts: Int
    public var nextAttemptAt: String?
    public var lastError: String?
    public var createdAt: String
    public var sentAt: String?
    public init(id: ID, userID: User.ID?, message: MailMessage, kind: String, status: Status, attempts: Int, nextAttemptAt: String?, lastError: String?,
                createdAt: String, sentAt: String?) {
        self.id = id; self.userID = userID; self.message = message; self.kind = kind; self.status = status; self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt; self.lastError = lastError; self.createdAt = createdAt; self.sentAt = sentAt
    }

    /// Bounded retries with back-off: after the n-th failed attempt, the next one waits this long; nil: give up.
    public static func retryDelay(afterAttempt n: Int) -> TimeInterval? {
        let delays: [TimeInterval] = [60, 300, 1_800, 7_200, 21_600]
        return n >= 1 && n <= delays.count ? delays[n - 1] : nil
    }
    public static var maxAttempts: Int { 6 }
}

/// A person's addresses: the confirmed one (mail goes there) and one waiting for its confirmation.
public struct EmailSettings: Sendable, Hashable {
    public var email: String?
    public var pending: String?
    public init(email: String?, pending: String?) { self.email = email; self.pending = pending }
}

/// A notification not mailed yet, with its person's confirmed address.
public struct MailableNotice: Sendable, Hashable {
    public var user: User
    public var email: String
    public var notice: StoredNotice
    public init(user: User, email: String, notice: StoredNotice) { self.user = user; self.email = email; self.notice = notice }
}

/// One mail to queue: `key` names it so that it is queued once (`notice:42`, `digest:7:2026-11-27`).
public struct OutgoingMail: Sendable, Hashable {
    public var key: String
    public var userID: User.ID?
    public var kind: String
    public var message: MailMessage
    /// The notifications it carries (marked mailed in the same transaction).
    public var notices: [StoredNotice.ID]
    /// The agency's notice it carries, when it goes to an agency's own address.
    public var agencyNotice: Int64?
    public init(key: String, userID: User.ID?, kind: String, message: MailMessage, notices: [StoredNotice.ID], agencyNotice: Int64? = nil) {
        self.key = key; self.userID = userID; self.kind = kind; self.message = message; self.notices = notices; self.agencyNotice = agencyNotice
    }
}

/// Addresses, the outgoing queue and the lease of the one sender.
public protocol MailStore: Sendable {
    /// Keeps `address` as waiting for confirmation with the token's hash until `expiresAt` (audited).
    func requestEmail(user: User.ID, address: String, tokenHash: String, expiresAt: Date, by actor: Actor) async throws
    /// Confirms the waiting address whose token hashes to `tokenHash` (not expired); returns it.
    func confirmEmail(user: User.ID, tokenHash: String, now: Date, by actor: Actor) async throws -> String
    func removeEmail(user: User.ID, by actor: Actor) async throws
    func emailSettings(of user: User.ID) async throws -> EmailSettings
    /// Notifications not mailed yet of people with a confirmed address (those older than `since` are set aside, not
    /// mailed: an address added today does not receive a month of old news).
    func unmailedNotices(since: Date) async throws -> [MailableNotice]
    /// An agency's own address (nil: none), set by the coordinator (audited).
    func setAgencyEmail(_ agency: Agency.ID, _ address: String?, by actor: Actor) async throws
    func agencyEmail(_ agency: Agency.ID) async throws -> String?
    /// What is urgent for agencies that have their own address, not mailed yet (since `since`).
    func unmailedAgencyNotices(since: Date) async throws -> [(id: Int64, agency: Agency, email: String, notice: Notice)]
    /// Queues mails (each key once) and marks their notifications mailed, in one transaction; returns how many were new.
    @discardableResult
    func enqueueMail(_ mails: [OutgoingMail], now: Date) async throws -> Int
    /// Takes or renews the sending lease for `seconds` when no other holder has it; true when `holder` has it.
    func acquireMailLease(holder: String, now: Date, seconds: Int) async throws -> Bool
    /// Marks up to `limit` due mails as being sent by `holder` (until `now + seconds`) and returns them.
    func claimDeliveries(holder: String, now: Date, seconds: Int, limit: Int) async throws -> [MailDelivery]
    /// Records an attempt: sent (`error` nil), or failed and retried later with back-off (`retryScale` shortens the
    /// waits, for tests), or given up (after the last attempt, or at once when the relay refused for good).
    func finishDelivery(_ id: MailDelivery.ID, error: String?, permanent: Bool, retryScale: Double, now: Date) async throws
    /// The newest deliveries; with `province`, those to people of that province.
    func deliveries(province: Province.ID?, limit: Int) async throws -> [MailDelivery]
}
