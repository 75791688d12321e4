import Foundation

/// Axis ticks at "nice" round values (1, 2, 2.5 or 5 times a power of ten).
public struct NiceTicks: Sendable, Equatable {
    /// Tick positions, ascending; the first is ≤ the data minimum and the last ≥ the maximum.
    public let values: [Double]
    /// Distance between consecutive ticks.
    public let step: Double
    /// Decimals needed to print the ticks exactly (2 for a step of 0.25).
    public let decimals: Int

    /// Ticks covering `lower...upper` with about `count` intervals.
    ///
    /// A degenerate range (`lower == upper`) is widened around the value; non-finite bounds
    /// fall back to `0...1`, so callers never trap on empty or single-point data.
    /// - Parameters:
    ///   - lower: smallest data value.
    ///   - upper: largest data value.
    ///   - count: desired number of intervals (at least 1).
    /// - Complexity: O(number of ticks).
    public init(lower: Double, upper: Double, count: Int = 5) {
        var low = lower, high = upper
        if !low.isFinite || !high.isFinite { (low, high) = (0, 1) }
        if low > high { swap(&low, &high) }
        if low == high {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            (low, high) = (low - pad, high + pad)
        }
        let (mantissa, exponent) = NiceTicks.niceNumber((high - low) / Double(max(count, 1)))
        let step = mantissa * pow(10, exponent)
        // Tick k is k·mantissa·10^exponent, computed so that 14 × 0.05 prints and compares as 0.7:
        // dividing an exact product by an exact power of ten rounds correctly.
        func tick(_ k: Double) -> Double {
            exponent < 0 ? k * mantissa / pow(10, -exponent) : k * mantissa * pow(10, exponent)
        }
        // The 1e-9 slack keeps 0.7 / 0.05 = 13.999… from adding a tick below the data.
        let first = (low / step + 1e-9).rounded(.down)
        let last = (high / step - 1e-9).rounded(.up)
        values = stride(from: first, through: max(last, first + 1), by: 1).map(tick)
        self.step = step
        decimals = max(0, min(12, Int(-exponent) + (mantissa == 2.5 ? 1 : 0)))
    }

    /// First tick.
    public var lower: Double { values.first ?? 0 }
    /// Last tick.
    public var upper: Double { values.last ?? 1 }

    /// `value` formatted with just enough decimals to tell neighbouring ticks apart.
    public func label(_ value: Double) -> String {
        let text = String(format: "%.\(decimals)f", value)
        return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
    }

    /// Heckbert's rounded nice number near `x`: mantissa 1, 2, 2.5, 5 or 10 and a power-of-ten exponent.
    static func niceNumber(_ x: Double) -> (mantissa: Double, exponent: Double) {
        guard x > 0, x.isFinite else { return (1, 0) }
        let exponent = log10(x).rounded(.down)
        let fraction = x / pow(10, exponent)
        let nice = fraction < 1.5 ? 1 : fraction < 2.25 ? 2 : fraction < 3.5 ? 2.5 : fraction < 7.5 ? 5 : 10
        return (Double(nice), exponent)
    }
}
