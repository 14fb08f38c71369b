import Foundation
import KeHoachCore
import NIOCore
import NIOPosix
import NIOSSL

/// The province's mail relay: where and how KeHoach hands its mail over (RFC 5321 submission).
public struct SMTPConfiguration: Sendable, CustomStringConvertible {
    public enum Security: String, Sendable {
        /// Plain connection upgraded with STARTTLS (port 587); refused if the relay does not offer it.
        case startTLS = "starttls"
        /// TLS from the first byte (port 465).
        case tls
        /// No encryption (a relay on the same machine or network only; no password is sent this way).
        case none
    }
    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
    /// `"Hệ thống KeHoach" <kehoach@sokhcn.laocai.gov.vn>`.
    public var from: String
    /// A PEM file of the certificate authorities to trust (a province's own), besides the system's.
    public var caFile: String?
    /// How long to wait for the relay's answer to each command.
    public var timeout: TimeAmount

    public init(host: String, port: Int? = nil, security: Security = .startTLS, username: String? = nil, password: String? = nil, from: String,
                caFile: String? = nil, timeout: TimeAmount = .seconds(30)) {
        self.host = host; self.security = security; self.username = username; self.password = password; self.from = from
        self.port = port ?? (security == .tls ? 465 : security == .startTLS ? 587 : 25)
        self.caFile = caFile; self.timeout = timeout
    }

    /// From the environment: KEHOACH_SMTP_HOST (none: no mail), _PORT, _SECURITY (starttls, tls, none), _USER,
    /// _PASSWORD (or _PASSWORD_FILE), _FROM, _CA_FILE, _TIMEOUT (seconds).
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> SMTPConfiguration? {
        guard let host = env["KEHOACH_SMTP_HOST"], !host.isEmpty else { return nil }
        let security = try env["KEHOACH_SMTP_SECURITY"].map { value -> Security in
            guard let s = Security(rawValue: value.lowercased()) else { throw Problem("KEHOACH_SMTP_SECURITY phải là starttls, tls hoặc none (đang là \(value))") }
            return s
        } ?? .startTLS
        var password = env["KEHOACH_SMTP_PASSWORD"]
        if let file = env["KEHOACH_SMTP_PASSWORD_FILE"] {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { throw Problem("không đọc được KEHOACH_SMTP_PASSWORD_FILE") }
            password = text.trimmingCharacters(in: .newlines)
        }
        guard let from = env["KEHOACH_SMTP_FROM"], !from.isEmpty else { throw Problem("cần KEHOACH_SMTP_FROM (địa chỉ gửi thư)") }
        let port = try env["KEHOACH_SMTP_PORT"].map { text -> Int in
            guard let p = Int(text), (1...65535).contains(p) else { throw Problem("KEHOACH_SMTP_PORT không hợp lệ: \(text)") }
            return p
        }
        let timeout = env["KEHOACH_SMTP_TIMEOUT"].flatMap(Int64.init).map { TimeAmount.seconds($0) } ?? .seconds(30)
        return SMTPConfiguration(host: host, port: port, security: security, username: env["KEHOACH_SMTP_USER"].flatMap { $0.isEmpty ? nil : $0 },
                                 password: password, from: from, caFile: env["KEHOACH_SMTP_CA_FILE"], timeout: timeout)
    }

    /// Said in logs and on the delivery page: never the password.
    public var description: String {
        "\(security.rawValue)://\(username.map { "\($0)@" } ?? "")\(host):\(port) (từ \(from))"
    }

    public struct Problem: Error, CustomStringConvertible {
        public var description: String
        init(_ d: String) { description = d }
    }
}

/// What went wrong handing a mail over, in words for the delivery log (never the password).
public struct SMTPError: Error, CustomStringConvertible, Sendable {
    public var description: String
    /// The relay refused for good (5xx): retrying the same mail will not help.
    public var permanent: Bool
}

/// A small SMTP client on SwiftNIO: one connection per round of mail (EHLO, STARTTLS, AUTH PLAIN, then MAIL FROM /
/// RCPT TO / DATA for each message), every answer awaited with the configured timeout.
public final class SMTPClient: Sendable {
    let configuration: SMTPConfiguration

    public init(_ configuration: SMTPConfiguration) { self.configuration = configuration }

    /// Sends each message on one connection; returns for each the error that stopped it (nil: accepted by the relay).
    /// A connection that fails part way leaves the rest unsent (with that error).
    public func send(_ messages: [(message: MailMessage, id: String)], date: Date) async -> [SMTPError?] {
        var results = [SMTPError?](repeating: nil, count: messages.count)
        var session: Session
        do {
            session = try await Session.open(configuration)
        } catch {
            return messages.map { _ in Self.describe(error) }
        }
        var broken: SMTPError? = nil
        for (i, m) in messages.enumerated() {
            if let broken { results[i] = broken; continue }
            do {
                try await session.deliver(m.message, from: configuration.from, messageID: m.id, date: date)
            } catch let e as SMTPError where e.permanent {
                results[i] = e
                _ = try? await session.command("RSET", expect: [250])
            } catch {
                broken = Self.describe(error)
                results[i] = broken
            }
        }
        await session.close()
        return results
    }

    static func describe(_ error: any Error) -> SMTPError {
        if let e = error as? SMTPError { return e }
        if error is ChannelError { return SMTPError(description: "mất kết nối với máy chủ thư (\(error))", permanent: false) }
        return SMTPError(description: "không gửi được: \(String(describing: error))", permanent: false)
    }

    /// One SMTP conversation.
    struct Session {
        let channel: any Channel
        let replies: ReplyHandler
        let timeout: TimeAmount

        static func open(_ c: SMTPConfiguration) async throws -> Session {
            let replies = ReplyHandler()
            let tls: NIOSSLContext? = c.security == .none ? nil : try Self.tlsContext(c)
            let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(15))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if c.security == .tls, let tls { try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: Self.sni(c.host))) }
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineDecoder()))
                        try channel.pipeline.syncOperations.addHandler(replies)
                    }
                }
            let channel: any Channel
            do {
                channel = try await bootstrap.connect(host: c.host, port: c.port).get()
            } catch {
                throw SMTPError(description: "không kết nối được máy chủ thư \(c.host):\(c.port) (\(error))", permanent: false)
            }
            var s = Session(channel: channel, replies: replies, timeout: c.timeout)
            do {
                _ = try await s.reply(expect: [220])
                var ehlo = try await s.command("EHLO kehoach", expect: [250])
                if c.security == .startTLS {
                    guard ehlo.lines.contains(where: { $0.uppercased().hasPrefix("STARTTLS") }) else {
                        throw SMTPError(description: "máy chủ thư không hỗ trợ STARTTLS (cấu hình KEHOACH_SMTP_SECURITY)", permanent: false)
                    }
                    _ = try await s.command("STARTTLS", expect: [220])
                    try await channel.pipeline.addHandler(try NIOSSLClientHandler(context: tls!, serverHostname: Self.sni(c.host)), position: .first).get()
                    ehlo = try await s.command("EHLO kehoach", expect: [250])
                }
                if let user = c.username, let password = c.password {
                    guard c.security != .none else { throw SMTPError(description: "không gửi mật khẩu qua kết nối không mã hóa", permanent: true) }
                    let token = Data("\u{0}\(user)\u{0}\(password)".utf8).base64EncodedString()
                    do {
                        _ = try await s.command("AUTH PLAIN " + token, expect: [235], shown: "AUTH PLAIN ***")
                    } catch let e as SMTPError {
                        throw SMTPError(description: "máy chủ thư từ chối đăng nhập: \(e.description)", permanent: false)
                    }
                }
                s = Session(channel: channel, replies: replies, timeout: c.timeout)
                return s
            } catch {
                await s.close()
                throw error
            }
        }

        static func sni(_ host: String) -> String? { host.first?.isNumber == true || host.contains(":") ? nil : host }

        static func tlsContext(_ c: SMTPConfiguration) throws -> NIOSSLContext {
            var tls = TLSConfiguration.makeClientConfiguration()
            if let ca = c.caFile {
                tls.additionalTrustRoots = [.file(ca)]
            }
            return try NIOSSLContext(configuration: tls)
        }

        struct Reply {
            var code: Int
            var lines: [String]
            var text: String { lines.joined(separator: " ") }
        }

        func reply(expect codes: Set<Int>, shown: String? = nil) async throws -> Reply {
            let r = try await replies.next(on: channel.eventLoop, timeout: timeout)
            guard codes.contains(r.code) else {
                throw SMTPError(description: "máy chủ thư trả lời \(r.code) \(r.lines.joined(separator: " "))" + (shown.map { " cho «\($0)»" } ?? ""),
                                permanent: (500...599).contains(r.code))
            }
            return r
        }

        @discardableResult
        func command(_ line: String, expect codes: Set<Int>, shown: String? = nil) async throws -> Reply {
            try await channel.writeAndFlush(ByteBuffer(string: line + "\r\n")).get()
            return try await reply(expect: codes, shown: shown ?? line)
        }

        func deliver(_ m: MailMessage, from: String, messageID: String, date: Date) async throws {
            try await command("MAIL FROM:<\(Self.bare(from))>", expect: [250])
            try await command("RCPT TO:<\(Self.bare(m.to))>", expect: [250, 251])
            try await command("DATA", expect: [354])
            // Dot-stuffing (RFC 5321 §4.5.2), then the end of data.
            let body = m.rfc5322(from: from, date: date, messageID: messageID).components(separatedBy: "\r\n")
                .map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n")
            try await channel.writeAndFlush(ByteBuffer(string: body)).get()
            try await command(".", expect: [250])
        }

        /// The address inside `"Name" <address>`.
        static func bare(_ a: String) -> String {
            guard let open = a.lastIndex(of: "<"), let close = a.lastIndex(of: ">"), open < close else { return a.trimmingCharacters(in: .whitespaces) }
            return String(a[a.index(after: open) ..< close])
        }

        func close() async {
            _ = try? await command("QUIT", expect: [221])
            try? await channel.close().get()
        }
    }
}

/// Collects the relay's replies (a reply may span lines: `250-…` then `250 …`) and hands them to whoever waits.
final class ReplyHandler: ChannelInboundHandler, @unchecked Sendable {
    // @unchecked: every field is touched on the channel's event loop only.
    typealias InboundIn = ByteBuffer
    private var lines: [String] = []
    private var ready: [SMTPClient.Session.Reply] = []
    private var waiting: [EventLoopPromise<SMTPClient.Session.Reply>] = []
    private var failure: (any Error)?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        let line = (buffer.readString(length: buffer.readableBytes) ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
        guard line.count >= 3, let code = Int(line.prefix(3)) else { return }
        lines.append(String(line.dropFirst(4)))
        if line.count > 3 && line[line.index(line.startIndex, offsetBy: 3)] == "-" { return }
        let reply = SMTPClient.Session.Reply(code: code, lines: lines)
        lines = []
        if waiting.isEmpty { ready.append(reply) } else { waiting.removeFirst().succeed(reply) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(SMTPError(description: "máy chủ thư đóng kết nối", permanent: false))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(SMTPError(description: "lỗi kết nối máy chủ thư: \(error)", permanent: false))
        context.close(promise: nil)
    }

    private func fail(_ error: any Error) {
        failure = error
        let w = waiting
        waiting = []
        for p in w { p.fail(error) }
    }

    /// The next reply, or an error after `timeout` (the relay too slow) or when the connection ends.
    func next(on loop: any EventLoop, timeout: TimeAmount) async throws -> SMTPClient.Session.Reply {
        try await loop.flatSubmit { () -> EventLoopFuture<SMTPClient.Session.Reply> in
            if !self.ready.isEmpty { return loop.makeSucceededFuture(self.ready.removeFirst()) }
            if let failure = self.failure { return loop.makeFailedFuture(failure) }
            let promise = loop.makePromise(of: SMTPClient.Session.Reply.self)
            self.waiting.append(promise)
            let timer = loop.scheduleTask(in: timeout) {
                if let i = self.waiting.firstIndex(where: { $0.futureResult === promise.futureResult }) {
                    self.waiting.remove(at: i)
                    promise.fail(SMTPError(description: "máy chủ thư không trả lời sau \(timeout.nanoseconds / 1_000_000_000) giây", permanent: false))
                }
            }
            promise.futureResult.whenComplete { _ in timer.cancel() }
            return promise.futureResult
        }.get()
    }
}

/// Splits what the relay sends into lines (without the line end).
struct LineDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer
    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            // A line longer than any SMTP reply: the peer is not a mail relay.
            if buffer.readableBytes > 64 * 1024 { throw SMTPError(description: "máy chủ thư gửi dòng quá dài", permanent: false) }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex
        let line = buffer.readSlice(length: length)!
        buffer.moveReaderIndex(forwardBy: 1)
        context.fireChannelRead(wrapInboundOut(line))
        return .continue
    }
}
