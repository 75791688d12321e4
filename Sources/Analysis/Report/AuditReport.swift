/// Every number an audit computes; encoded as `report.json` and rendered as HTML and Markdown.
public struct AuditReport: Sendable, Codable {
    /// What was read.
    public var input: InputSummary
    /// Rule violations and exact duplicates (persona inputs only).
    public var validity: ValidityReport?
    /// Near-duplicate clusters at τ and the count curve over τ.
    public var nearDuplicates: NearDuplicateReport
    /// Embedding and lexical diversity.
    public var diversity: DiversityReport
    /// k-means trope clusters and recurring phrase templates.
    public var tropes: TropeReport
    /// Metrics per window in generation (file) order.
    public var drift: DriftReport
    /// Observed components against the intended weights, when a component file is known.
    public var fit: FitReport?
    /// Share of variance on the 2-D map's axes.
    public var pcaExplainedVarianceRatio: [Double]
    /// Notes about choices and skipped parts, for the reader.
    public var notes: [String]
}

/// What was read and how it was embedded.
public struct InputSummary: Sendable, Codable {
    public var source: String
    public var format: String
    public var count: Int
    public var skippedRecords: Int
    public var personas: Bool
    public var runDirectory: Bool
    public var encoder: String
    public var dimension: Int
    public var embeddingsReused: Bool
}

/// One item shown as an example.
public struct ExampleItem: Sendable, Codable, Equatable {
    public var id: String
    public var text: String
}

/// Counts and examples of one broken rule.
public struct RuleCount: Sendable, Codable {
    public var rule: String
    public var count: Int
    public var examples: [ExampleItem]
}

/// Rule violations by rule, and exact duplicates by SPB's key.
public struct ValidityReport: Sendable, Codable {
    public var personasWithViolations: Int
    public var violationsByRule: [RuleCount]
    /// Groups of ≥ 2 personas equal on (name, age, sorted traits, background, chatting_style).
    public var exactDuplicateGroups: Int
    /// Personas beyond the first of each group (what deduplication would remove).
    public var exactDuplicateExtras: Int
    public var exactDuplicateExamples: [[ExampleItem]]
}

/// Near-duplicate clusters (connected components of the ≥ τ similarity graph).
public struct NearDuplicateReport: Sendable, Codable {
    public struct Cluster: Sendable, Codable {
        public var size: Int
        public var members: [String]
        public var examples: [ExampleItem]
    }
    public struct Pair: Sendable, Codable {
        public var first: ExampleItem
        public var second: ExampleItem
        public var similarity: Double
    }
    public struct CurvePoint: Sendable, Codable {
        public var threshold: Double
        /// Items whose nearest neighbour is at or above the threshold.
        public var itemsWithNeighbour: Int
        /// Pairs at or above the threshold.
        public var pairs: Int
        /// Clusters (components of size ≥ 2) at this threshold.
        public var clusters: Int?
    }
    public var threshold: Double
    public var clusterCount: Int
    public var itemsInClusters: Int
    public var pairCount: Int
    public var pairsTruncated: Bool
    public var largestClusters: [Cluster]
    public var closestPairs: [Pair]
    public var curve: [CurvePoint]
}

/// Diversity of the whole dataset.
public struct DiversityReport: Sendable, Codable {
    public var vendi: VendiScores
    public var meanPairwiseCosineDistance: Double?
    public var meanNearestNeighbourSimilarity: Double?
    public var medianNearestNeighbourSimilarity: Double?
    /// distinct-1/2/3 by field ("text", and for personas "background", "chatting_style").
    public var distinct: [String: [Double]]
    /// Entropy in bits and normalised entropy of categorical fields ("traits", "professions").
    public var entropy: [String: EntropyValue]
}

/// Entropy of one categorical field.
public struct EntropyValue: Sendable, Codable {
    public var bits: Double
    public var normalized: Double
    public var categories: Int
    public var observations: Int
}

/// k-means trope clusters and phrase templates.
public struct TropeReport: Sendable, Codable {
    public struct Cluster: Sendable, Codable {
        public var index: Int
        public var size: Int
        public var share: Double
        public var terms: [String]
        public var exemplars: [ExampleItem]
        public var cohesion: Double
    }
    public struct Phrase: Sendable, Codable {
        public var phrase: String
        public var documents: Int
        public var share: Double
    }
    public var k: Int
    public var chosenBy: String
    public var silhouetteByK: [String: Double]
    public var clusters: [Cluster]
    /// Most common opening words of the texts (first 2-4 words).
    public var openings: [Phrase]
    /// Most common word 3-6-grams anywhere, by document frequency.
    public var ngrams: [Phrase]
    /// One-gap templates ("a former * who now") with at least three different fillers.
    public var patterns: [Phrase]
    /// Which field the phrases were mined from.
    public var phraseField: String
}

/// Metrics per window of consecutive items in generation order.
public struct DriftReport: Sendable, Codable {
    public struct Window: Sendable, Codable {
        public var index: Int
        public var start: Int
        public var end: Int
        public var vendi: Double
        public var distinct2: Double
        public var centroidDriftFromFirst: Double
        public var similarityToPrevious: Double?
        /// Share of items whose nearest earlier item is below τ.
        public var novelty: Double
        /// Mean of (max similarity to the previous 20) − (max similarity to 20 random earlier ones).
        public var anchoring: Double?
        /// Rejected over attempted, when the run directory says.
        public var rejectRate: Double?
    }
    public struct ResetEffect: Sendable, Codable {
        public var resets: Int
        public var itemsAfterReset: Int
        public var meanNearestEarlierAfterReset: Double?
        public var meanNearestEarlierOtherwise: Double?
        public var meanAnchoringAfterReset: Double?
        public var meanAnchoringOtherwise: Double?
        public var verdict: String
    }
    public var windowSize: Int
    public var orderSource: String
    public var windows: [Window]
    public var resetEffect: ResetEffect?
}

/// Observed component frequencies against intended weights.
public struct FitReport: Sendable, Codable {
    public struct Residual: Sendable, Codable {
        public var value: String
        public var observedShare: Double
        public var expectedShare: Double
        public var residual: Double
    }
    public struct Component: Sendable, Codable {
        public var name: String
        public var observations: Int
        public var unmatched: Int
        public var jensenShannon: Double?
        public var largestResiduals: [Residual]
    }
    public var source: String
    public var componentsFile: String
    public var components: [Component]
    public var agesOutsideProfessionRange: Int
    public var ageExamples: [ExampleItem]
}
