import PersonaKit
import RunFormat

/// Which example personas go into a prompt (SPB's anti-drift rule).
///
/// Normally `count` personas drawn at random from the last `lookback` accepted ones; the
/// seed personas instead on every `resetEvery`-th attempt (attempt numbers start at 1, so
/// attempts resetEvery, 2·resetEvery, … use seeds) and whenever fewer than `count` personas
/// have been accepted.
public struct ReferencePolicy: Sendable, Equatable, Codable {
    /// Examples per prompt.
    public var count: Int
    /// How many of the most recently accepted personas the examples come from.
    public var lookback: Int
    /// Period of the switch to seed personas (0 = never, except at start-up).
    public var resetEvery: Int

    /// A policy; the defaults are SPB's (3 of the last 20, seeds every 50).
    public init(count: Int = 3, lookback: Int = 20, resetEvery: Int = 50) {
        self.count = count
        self.lookback = lookback
        self.resetEvery = resetEvery
    }

    enum CodingKeys: String, CodingKey {
        case count, lookback
        case resetEvery = "reset_every"
    }

    /// Where an attempt's references come from (recorded in its event).
    public typealias Source = ReferenceSource

    /// The source for `attempt` (1-based) when `acceptedCount` personas are accepted.
    public func source(attempt: Int, acceptedCount: Int) -> Source {
        if acceptedCount < count { return .seeds }
        if resetEvery > 0 && attempt % resetEvery == 0 { return .seeds }
        return .recent
    }

    /// Picks `count` distinct indices from `0..<poolSize` (all of them when the pool is smaller).
    public func pick(from poolSize: Int, using rng: inout some RandomNumberGenerator) -> [Int] {
        Array(Array(0 ..< poolSize).shuffled(using: &rng).prefix(count))
    }
}
