import Foundation
import Logging

/// Structured logs (KEHOACH_LOG_FORMAT=json): one JSON object per line on standard error, for a log collector
/// (Loki, Elasticsearch, journald): `{"time":"2026-11-28T01:02:03.456Z","level":"warning","label":"kehoach",
/// "message":"mail not sent","metadata":{"delivery":"12"},"source":"KeHoachWeb"}`.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    let label: String
    let write: @Sendable (String) -> Void

    public init(label: String, level: Logger.Level = .info, write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError) {
        self.label = label; self.logLevel = level; self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public static let standardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static let time = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!)

    public func log(level: Logger.Level, message: Logger.Message, metadata extra: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
        var object: [String: Any] = ["time": Self.time.format(Date()), "level": level.rawValue, "label": label, "message": message.description, "source": source]
        let all = metadata.merging(extra ?? [:]) { _, new in new }
        if !all.isEmpty { object["metadata"] = all.mapValues(Self.plain) }
        if level >= .error { object["file"] = (file as NSString).lastPathComponent; object["line"] = line }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        write(String(decoding: data, as: UTF8.self))
    }

    static func plain(_ value: Logger.MetadataValue) -> Any {
        switch value {
        case let .string(s): s
        case let .stringConvertible(s): s.description
        case let .array(a): a.map(plain)
        case let .dictionary(d): d.mapValues(plain)
        }
    }
}
