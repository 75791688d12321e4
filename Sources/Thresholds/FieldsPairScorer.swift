import CommandLineSupport
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

    /// Always throws: two texts carry no personas.
    public func scores(_ pairs: [(String, String)]) async throws -> [Double] {
        throw Self.needsPersonas("these pairs")
    }

    /// The probability of each labelled pair, then of each dropped pair.
    /// - Throws: a `UsageError` when a pair has no personas; the encoder's errors.
    /// - Complexity: one encoder call over 8 texts per pair (in batches).
    public func scores(of set: PairSet) async throws -> [Double] {
        let personas = set.pairs.map(\.personas) + set.dropped.map(\.personas)
        let pairs = personas.compactMap { $0.map { ($0.first, $0.second) } }
        guard pairs.count == personas.count else { throw Self.needsPersonas(set.name) }
        return try await scorer.scores(pairs).map(\.probability)
    }

    /// The error for text pairs given to the field-aware score.
    static func needsPersonas(_ name: String) -> UsageError {
        UsageError("the fields score needs persona pairs, and \(name) has text pairs",
                   hint: "give a JSONL file whose lines hold persona objects \"a\" and \"b\" and a \"label\" "
                       + "(Benchmarks/persona-pairs), or use --score cosine")
    }
}
