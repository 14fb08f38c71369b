/// A small deterministic random generator (SplitMix64): the same seed gives the same numbers on every machine, so a
/// fuzzing input or a generated dataset can be made again exactly.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 0 ..< n (0 when n < 1).
    public mutating func int(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    /// [0, 1).
    public mutating func double() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
