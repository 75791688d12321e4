import TextMetrics

/// Every number an audit computes; encoded as `report.json` and rendered as HTML and Markdown.
public struct AuditReport: Sendable, Codable {
    /// What was read.
    public var input: InputSummary
    /// Rule violations and exact duplicates (persona inputs only).
    public var validity: ValidityReport?
    /// How backgrounds and chatting styles speak about their persona (persona inputs only).
    public var voice: VoiceReport? = nil
    /// Texts the model cannot read, set apart from the embedding-based sections below; nil when not measured.
    public var unreadable: UnreadableReport?
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
    /// What steering banned and rejected, and diversity with and without its rejections (steered runs only).
    public var steering: SteeringReport? = nil
    /// Share of variance on the 2-D map's axes.
    public var pcaExplainedVarianceRatio: [Double]
    /// Notes about choices and skipped parts, for the reader.
    public var notes: [String]
    /// Which embedding-based figures are exact and which estimated, with their sample sizes and measured recall or error.
    public var accuracy: [FigureAccuracy] = []
    /// The audit process's peak resident memory (VmHWM) when the report was made; nil where not measured.
    public var peakResidentBytes: Int? = nil
}

/// What was read and how it was embedded.
public struct InputSummary: Sendable, Codable {
    /// The input path.
    public var source: String
    /// Input format.
    public var format: String
    /// Items audited (the embedding-based sections see those not in ``AuditReport/unreadable``).
    public var count: Int
    /// Malformed records left out with `--skip-invalid`.
    public var skippedRecords: Int
    /// Whether the items are personas (not plain texts).
    public var personas: Bool
    /// Whether the input was a `spb-generate` run directory.
    public var runDirectory: Bool
    /// Encoder identifier, or "stored embeddings".
    public var encoder: String
    /// Embedding dimension.
    public var dimension: Int
    /// Whether stored embeddings were used instead of encoding.
    public var embeddingsReused: Bool
    /// Where the embeddings came from, in words (nil in reports made before it was recorded).
    public var embeddingsSource: String? = nil
}

/// One item shown as an example.
public struct ExampleItem: Sendable, Codable, Equatable {
    /// Item identifier (persona `id`, else 1-based line).
    public var id: String
    /// What the item says (persona: "name, age: background"), or a violation message.
    public var text: String
}

/// Counts and examples of one broken rule.
public struct RuleCount: Sendable, Codable {
    /// Rule identifier.
    public var rule: String
    /// Personas breaking the rule.
    public var count: Int
    /// A few example items (`field: message`).
    public var examples: [ExampleItem]
    /// What the rule checks (content rules).
    public var summary: String? = nil
}

/// Rule violations by rule (the card's, then the content rules), and exact duplicates by SPB's key.
public struct ValidityReport: Sendable, Codable {
    /// Personas breaking at least one of the card's rules.
    public var personasWithViolations: Int
    /// Counts per card rule, most frequent first.
    public var violationsByRule: [RuleCount]
    /// Personas breaking at least one content rule (`ContentChecks`: what `spb-generate` rejects as `content-rule`).
    public var personasBreakingContentRules: Int
    /// Counts per content rule, most frequent first (nothing is dropped: the audit only reports).
    public var contentRules: [RuleCount]
    /// Whose instructions the prompt-echo rule looked for.
    public var contentPromptSource: String
    /// Groups of ≥ 2 personas equal on (name, age, sorted traits, background, chatting_style).
    public var exactDuplicateGroups: Int
    /// Personas beyond the first of each group (what deduplication would remove).
    public var exactDuplicateExtras: Int
    /// The first few groups.
    public var exactDuplicateExamples: [[ExampleItem]]
}

/// Near-duplicate clusters (connected components of the ≥ τ similarity graph).
public struct NearDuplicateReport: Sendable, Codable {
    public struct Cluster: Sendable, Codable {
        /// Members.
        public var size: Int
        /// Member ids (at most 50).
        public var members: [String]
        /// A few example items.
        public var examples: [ExampleItem]
    }
    public struct Pair: Sendable, Codable {
        /// One item of the pair (earlier in the file).
        public var first: ExampleItem
        /// The other item.
        public var second: ExampleItem
        /// Cosine similarity.
        public var similarity: Double
    }
    public struct CurvePoint: Sendable, Codable {
        /// τ.
        public var threshold: Double
        /// Items whose nearest neighbour is at or above the threshold.
        public var itemsWithNeighbour: Int
        /// Pairs at or above the threshold.
        public var pairs: Int
        /// Clusters (components of size ≥ 2) at this threshold.
        public var clusters: Int?
    }
    /// τ.
    public var threshold: Double
    /// Clusters (components of size ≥ 2) at τ.
    public var clusterCount: Int
    /// Items in those clusters.
    public var itemsInClusters: Int
    /// Pairs at or above τ.
    public var pairCount: Int
    /// Whether the pair list hit its memory cap.
    public var pairsTruncated: Bool
    /// The largest clusters, with examples.
    public var largestClusters: [Cluster]
    /// The most similar pairs.
    public var closestPairs: [Pair]
    /// Counts over a range of thresholds.
    public var curve: [CurvePoint]
}

/// Diversity of the whole dataset.
public struct DiversityReport: Sendable, Codable {
    /// Vendi scores.
    public var vendi: VendiScores
    /// Mean of 1 − cos over all pairs (closed form).
    public var meanPairwiseCosineDistance: Double?
    /// Mean similarity of each item to its nearest neighbour.
    public var meanNearestNeighbourSimilarity: Double?
    /// Median of the same.
    public var medianNearestNeighbourSimilarity: Double?
    /// distinct-1/2/3 by field ("text", and for personas "background", "chatting_style").
    public var distinct: [String: [Double]]
    /// Entropy in bits and normalised entropy of categorical fields ("traits", "professions").
    public var entropy: [String: EntropyValue]
}

/// Entropy of one categorical field.
public struct EntropyValue: Sendable, Codable {
    /// Shannon entropy in bits.
    public var bits: Double
    /// Entropy over log2(categories).
    public var normalized: Double
    /// Distinct values seen.
    public var categories: Int
    /// Values counted.
    public var observations: Int
}

/// k-means trope clusters and phrase templates.
public struct TropeReport: Sendable, Codable {
    public struct Cluster: Sendable, Codable {
        /// Cluster or window number.
        public var index: Int
        /// Members.
        public var size: Int
        /// Share of all items (or documents).
        public var share: Double
        /// Label terms by c-TF-IDF.
        public var terms: [String]
        /// The three members closest to the centre.
        public var exemplars: [ExampleItem]
        /// Mean cosine similarity of members to the normalised centre.
        public var cohesion: Double
    }
    public struct Phrase: Sendable, Codable {
        /// The phrase (`*` marks a slot).
        public var phrase: String
        /// Documents containing it.
        public var documents: Int
        /// Share of all items (or documents).
        public var share: Double
    }
    /// Number of clusters.
    public var k: Int
    /// How k was chosen.
    public var chosenBy: String
    /// Mean silhouette per candidate k (silhouette choice only).
    public var silhouetteByK: [String: Double]
    /// Clusters at this threshold (nil below τ or when the pair list was capped).
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
        /// Cluster or window number.
        public var index: Int
        /// First item (0-based).
        public var start: Int
        /// One past the last item.
        public var end: Int
        /// Vendi scores.
        public var vendi: Double
        /// distinct-2 of the window's texts.
        public var distinct2: Double
        /// 1 − cos(centroid, first window's centroid).
        public var centroidDriftFromFirst: Double
        /// cos(centroid, previous window's centroid).
        public var similarityToPrevious: Double?
        /// Share of items whose nearest earlier item is below τ.
        public var novelty: Double
        /// Mean of (max similarity to the previous 20) − (max similarity to 20 random earlier ones).
        public var anchoring: Double?
        /// Rejected over attempted, when the run directory says.
        public var rejectRate: Double?
    }
    public struct ResetEffect: Sendable, Codable {
        /// Attempts that used the seed personas as references.
        public var resets: Int
        /// Accepted items from those attempts (after the first 20 items).
        public var itemsAfterReset: Int
        /// Mean similarity to the nearest earlier item, after resets.
        public var meanNearestEarlierAfterReset: Double?
        /// The same for other items.
        public var meanNearestEarlierOtherwise: Double?
        /// Mean anchoring after resets.
        public var meanAnchoringAfterReset: Double?
        /// Mean anchoring otherwise.
        public var meanAnchoringOtherwise: Double?
        /// One sentence for the reader.
        public var verdict: String
    }
    /// Items per window.
    public var windowSize: Int
    /// Which order the windows follow.
    public var orderSource: String
    /// The windows in order.
    public var windows: [Window]
    /// Resets against the rest (run directories with events).
    public var resetEffect: ResetEffect?
}

/// Observed component frequencies against intended weights.
public struct FitReport: Sendable, Codable {
    public struct Residual: Sendable, Codable, Equatable {
        /// Component value.
        public var value: String
        /// Observed share among matched observations.
        public var observedShare: Double
        /// Share by the intended weights.
        public var expectedShare: Double
        /// Observed − expected share.
        public var residual: Double
    }
    public struct Component: Sendable, Codable, Equatable {
        /// Component name (`professions`, `traits`, …).
        public var name: String
        /// Values counted.
        public var observations: Int
        /// Observations matching no component value.
        public var unmatched: Int
        /// Jensen-Shannon divergence (bits) between observed and intended.
        public var jensenShannon: Double?
        /// Values furthest from their intended share.
        public var largestResiduals: [Residual]
    }
    /// How the observations were obtained (sampled components, or recovered from backgrounds).
    public var source: String
    /// The component file; nil when only ``fields`` are described.
    public var componentsFile: String?
    /// One entry per component kind.
    public var components: [Component]
    /// Personas whose age is outside their profession's min/max age; nil without a component file.
    public var agesOutsideProfessionRange: Int?
    /// A few of them.
    public var ageExamples: [ExampleItem]
    /// The `--fit-field` fields, in the order given.
    public var fields: [FieldDistribution] = []
}
