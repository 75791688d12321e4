/// Everything `spb-analyze split` measured, as written to `split-report.json`.
public struct SplitReport: Sendable, Codable, Equatable {
    /// What was split.
    public struct Input: Sendable, Codable, Equatable {
        public var source: String
        public var format: String
        public var items: Int
        public var skippedRecords: Int
        /// `stored embeddings` or the encoder's identifier.
        public var encoder: String
        /// Items above the unreadable limit (each its own group, left out of the leakage figures).
        public var unreadable: Int
        /// Whether readability was measured (false without MiniLM's vocabulary: every text counts as readable).
        public var readabilityMeasured: Bool
    }

    /// The settings used.
    public struct Settings: Sendable, Codable, Equatable {
        public var ratios: [Double]
        public var threshold: Double
        /// Pairs were joined at `threshold − joinMargin`.
        public var joinMargin: Double
        public var seed: UInt64
        public var holdOutBy: String?
        /// Trope clusters (k-means) used for stratification or hold-out.
        public var clusters: Int?
        /// How k was chosen.
        public var clustersChosenBy: String?
        public var maxUnreadable: Double
    }

    /// The groups moved whole.
    public struct Groups: Sendable, Codable, Equatable {
        /// Pairs of readable items at cosine ≥ τ − margin.
        public var pairs: Int
        /// Near-duplicate groups of two or more items.
        public var duplicateGroups: Int
        /// Items in them.
        public var itemsInDuplicateGroups: Int
        /// The largest.
        public var largestDuplicateGroup: Int
        /// Groups in all (single items included): the units the split moves whole.
        public var groups: Int
    }

    /// The held-out values.
    public struct HeldOut: Sendable, Codable, Equatable {
        /// `cluster`, `profession` or the field.
        public var by: String
        /// Distinct values among the items.
        public var values: Int
        /// Values whose items are all in test.
        public var valuesInTest: Int
        /// Items without a value (never in test).
        public var itemsWithoutValue: Int
        /// Units the test split chose from: groups tied by a shared value or by near-duplicates across values.
        public var units: Int
    }

    /// One way of splitting (the group-aware split or the random baseline).
    public struct Outcome: Sendable, Codable, Equatable {
        /// Items per split, in `train, validation, test` order.
        public var sizes: [Int]
        /// Leakage into validation and test.
        public var leakage: LeakageReport
        /// Deviation of category shares.
        public var stratification: StratificationReport
    }

    public var input: Input
    public var settings: Settings
    public var groups: Groups
    public var heldOut: HeldOut?
    /// The split written.
    public var groupAware: Outcome
    /// A seeded random split of the same items at the same ratios (not written; for comparison).
    public var random: Outcome
    /// Remarks on the data and the method.
    public var notes: [String]
}
