import FieldScoring

/// The field-aware score of persona pairs: ``FieldScoring/FieldScoreModel``'s duplicate probability.
///
/// Needs the personas of every pair (persona-pair files); plain text pairs have none.
public struct FieldsPairScorer: PairScorer {
    /// "fields".
    public let name = "fields"
    /// Embeds the personas and applies the model.
    public let scorer: FieldScorer

    /// Creates the scorer.
    public init(scorer: FieldScorer) {
        self.scorer = scorer
    }

    /// Always throws ``PersonaPairsNeeded``: two texts carry no personas.
    public func scores(_ pairs: [(String, String)]) async throws -> [Double] {
        throw PersonaPairsNeeded(set: "these pairs", by: .fieldsScore)
    }

    /// The probability of each labelled pair, then of each dropped pair.
    /// - Throws: ``PersonaPairsNeeded`` when a pair has no personas; the encoder's errors.
    /// - Complexity: one encoder call over 8 texts per pair (in batches).
    public func scores(of set: PairSet) async throws -> [Double] {
        let personas = set.pairs.map(\.personas) + set.dropped.map(\.personas)
        let pairs = personas.compactMap { $0.map { ($0.first, $0.second) } }
        guard pairs.count == personas.count else { throw PersonaPairsNeeded(set: set.name, by: .fieldsScore) }
        return try await scorer.scores(pairs).map(\.probability)
    }
}

/// Text pairs given to something that compares the personas of a pair field by field.
public struct PersonaPairsNeeded: Error, Sendable, Equatable, CustomStringConvertible {
    /// What needed the personas.
    public enum Consumer: Sendable, Equatable {
        /// The field-aware score (``FieldsPairScorer``).
        case fieldsScore
        /// The LLM judge (``ThresholdRuns/judged(files:spec:score:threshold:band:judgeAll:judge:maxUnreadableShare:template:)``).
        case judge
    }

    /// The pair set (file name) that holds text pairs.
    public let set: String
    /// What needed persona pairs.
    public let consumer: Consumer

    /// The error for `set`, given to `consumer`.
    public init(set: String, by consumer: Consumer) {
        self.set = set
        self.consumer = consumer
    }

    /// `the fields score needs persona pairs, and <set> has text pairs`.
    public var description: String {
        "\(consumer == .judge ? "the judge" : "the fields score") needs persona pairs, and \(set) has text pairs"
    }
}
