import FieldScoring
import Judging

/// The semantic gate's first stage: which score it decides on, its own threshold, and the judge's band.
///
/// Without a band, a candidate is rejected when its best first-stage score against a held persona is
/// at or above ``threshold`` (τ for the cosine, p* for the field-aware probability). With a band
/// [low, high), a score at or above `high` is rejected without a judge call, band scores go to the
/// judge, and ``threshold`` is only the fallback when the judge cannot be asked or answers garbage.
public struct GateFirstStage: Sendable, Equatable {
    /// The score (`--score`).
    public let score: GateScore
    /// The first stage's own decision threshold: rejected at or above it (τ or p*).
    public let threshold: Double
    /// The judge's band on ``score``; nil without a judge.
    public let band: JudgeBand?
    /// The field-aware model (used with ``GateScore/fields``).
    public let model: FieldScoreModel

    /// Held personas searched by whole-text cosine before the field-aware score (or the band) is
    /// computed for each: the field-aware score is only evaluated on these K nearest. On the dev
    /// pairs every duplicate has a whole cosine above 0.55, far inside the top 16 of any run.
    public static let searchNeighbors = 16
    /// Band neighbours shown to the judge in one call, highest score first.
    public static let judgedAtOnce = 3

    /// Creates a first stage.
    public init(score: GateScore, threshold: Double, band: JudgeBand? = nil, model: FieldScoreModel = .fitted) {
        self.score = score
        self.threshold = threshold
        self.band = band
        self.model = model
    }

    /// Neighbours to search: one for the plain cosine gate, ``searchNeighbors`` otherwise.
    var searchCount: Int { score == .fields || band != nil ? Self.searchNeighbors : 1 }

    /// Scores at or above this are rejected without a judge call: the band's top, or ``threshold``.
    var rejectAtOrAbove: Double { band?.high ?? threshold }
}
