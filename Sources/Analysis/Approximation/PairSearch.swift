import LinearAlgebra

/// A sub-quadratic search for the pairs of unit rows at or above τ that measures its own recall: what
/// the audit uses for its near-duplicate pairs past ``AuditOptions/exactBelow`` items (Sharding's
/// partitioned search supplies it; the audit keeps its exact pass at any size without one).
public struct PairSearch: Sendable {
    /// What a search found and how complete it measured itself to be.
    public struct Outcome: Sendable {
        /// Every pair found (each once, `first < second`, every score a real product ≥ τ).
        public var pairs: [NeighborPair]
        /// The search's recall measurement on its own input.
        public var recall: SearchRecall

        /// Creates an outcome.
        public init(pairs: [NeighborPair], recall: SearchRecall) {
            self.pairs = pairs
            self.recall = recall
        }
    }

    /// How the search works, in words for the report.
    public var method: String
    /// Runs the search on unit rows at a threshold with a seed.
    public var find: @Sendable (_ vectors: Matrix, _ threshold: Float, _ seed: UInt64) throws -> Outcome

    /// Creates a search.
    public init(method: String, find: @escaping @Sendable (_ vectors: Matrix, _ threshold: Float, _ seed: UInt64) throws -> Outcome) {
        self.method = method
        self.find = find
    }
}

/// A search's recall measured on its own input: the exact neighbours ≥ τ of a seeded sample of rows
/// against all rows, compared with the pairs the search found for them.
public struct SearchRecall: Sendable, Codable, Equatable {
    /// Rows in the sample.
    public var sampleRows: Int
    /// Pairs ≥ τ involving a sampled row (the truth the estimate counts).
    public var truePairs: Int
    /// Estimated share of all pairs ≥ τ the search found.
    public var recall: Double
    /// 95 % interval of the estimate.
    public var lower95: Double
    public var upper95: Double
    /// The recall the search widened towards.
    public var target: Double
    /// What the search cost beyond its first pass (widening), in words.
    public var widening: String

    /// Creates a measurement.
    public init(sampleRows: Int, truePairs: Int, recall: Double, lower95: Double, upper95: Double, target: Double, widening: String) {
        self.sampleRows = sampleRows
        self.truePairs = truePairs
        self.recall = recall
        self.lower95 = lower95
        self.upper95 = upper95
        self.target = target
        self.widening = widening
    }
}
