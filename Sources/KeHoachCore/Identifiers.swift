/// A typed identifier: `Agency.ID`, `Plan.ID`, … so that an agency's number cannot be passed where a
/// plan's is expected. Stored as a 64-bit integer.
public struct EntityID<Entity>: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: Int64
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    public var description: String { String(rawValue) }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(Int64.self) }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
    /// Parses a path component; nil for anything but a positive integer.
    public init?(_ text: some StringProtocol) {
        guard let v = Int64(text), v > 0 else { return nil }
        rawValue = v
    }
}
