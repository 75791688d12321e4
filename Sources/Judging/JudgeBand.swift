import Foundation
import FieldScoring

/// The ambiguous band [low, high) of a first-stage score, where the LLM judge decides.
///
/// A score at or above ``high`` is a duplicate without a judge call; below ``low`` it is not;
/// `low <= score < high` goes to the judge. Bounds are on the score in use: a cosine for
/// ``FieldScoring/GateScore/cosine``, the field-aware probability for ``FieldScoring/GateScore/fields``.
public struct JudgeBand: Sendable, Equatable, Codable {
    /// The lowest score the judge sees.
    public let low: Double
    /// The lowest score rejected without a judge call.
    public let high: Double

    /// Creates a band; nil unless `low <= high`.
    public init?(low: Double, high: Double) {
        guard low <= high, low.isFinite, high.isFinite else { return nil }
        self.low = low
        self.high = high
    }

    /// Whether `score` goes to the judge: `low <= score < high`.
    public func contains(_ score: Double) -> Bool { score >= low && score < high }

    /// The default band of each score, chosen on the dev pairs only (`Benchmarks/persona-pairs/dev.jsonl`
    /// and `dev-names.jsonl`, read name-blind) by `Benchmarks/persona-pairs/judge_band.py`: the narrowest
    /// band outside which the first stage alone errs on at most 2 % of the dev pairs on each side (at least
    /// 98 % of the pairs scoring `>= high` are duplicates, at least 98 % of those below `low` are not), on a
    /// 0.01 grid.
    ///
    /// - cosine [0.75, 0.99): 52 % of the 240 dev pairs fall in the band (13 above, all duplicates; 102
    ///   below, 98 % non-duplicates); the band starts at τ.
    /// - fields [0.34, 0.99) on the out-of-fold probabilities: 54 % of the dev pairs fall in the band (8
    ///   above, all duplicates; 103 below, 98 % non-duplicates); the band starts at p* = 0.34. No lower cut
    ///   reaches 98 % duplicates because the hard negatives of both dev splits (a different person in the
    ///   same words or frame) score as high as rewordings.
    ///
    /// Dev pairs are chosen to be hard; in a run most candidates are far from everything held, so the
    /// share of candidates sent to the judge is much smaller (measured on a generated run in
    /// `Benchmarks/THRESHOLDS.md`).
    public static func defaultBand(for score: GateScore) -> JudgeBand {
        switch score {
        case .cosine: cosineDefault
        case .fields: fieldsDefault
        }
    }

    /// The cosine score's default band (see ``defaultBand(for:)``).
    static let cosineDefault = JudgeBand(uncheckedLow: 0.75, high: 0.99)
    /// The field-aware probability's default band (see ``defaultBand(for:)``).
    static let fieldsDefault = JudgeBand(uncheckedLow: 0.34, high: 0.99)

    private init(uncheckedLow low: Double, high: Double) {
        self.low = low
        self.high = high
    }

    /// `LOW,HIGH` with two decimals, as `--judge-band` takes it.
    public var text: String { String(format: "%.2f,%.2f", low, high) }

    /// Parses `LOW,HIGH` (`--judge-band`); nil when malformed or `low > high`.
    public static func parse(_ text: String) -> JudgeBand? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2, let low = Double(parts[0].trimmingCharacters(in: .whitespaces)),
              let high = Double(parts[1].trimmingCharacters(in: .whitespaces)) else { return nil }
        return JudgeBand(low: low, high: high)
    }
}
