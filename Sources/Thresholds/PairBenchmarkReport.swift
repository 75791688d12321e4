import CommandLineSupport

/// Results of several scorers on several labelled pair sets.
public struct PairBenchmarkReport: Sendable, Codable {
    /// What one set held after binarisation.
    public struct SetSummary: Sendable, Codable, Equatable {
        /// File name.
        public let name: String
        /// Preset used, if any.
        public let preset: String?
        /// Duplicate pairs.
        public let positives: Int
        /// Non-duplicate pairs.
        public let negatives: Int
        /// The rule and what it dropped, in words.
        public let notes: [String]

        /// Summarises a set.
        public init(_ set: PairSet) {
            name = set.name
            preset = set.spec.presetName
            positives = set.positives
            negatives = set.negatives
            notes = set.notes
        }
    }

    /// Heading for the report ("Development sets").
    public let title: String
    /// The fixed τ reported on, if any.
    public let threshold: Double?
    /// The sets, in the order given.
    public let sets: [SetSummary]
    /// One evaluation per set and scorer, sets in order, scorers in order within a set.
    public let evaluations: [PairEvaluation]

    /// Creates a report.
    public init(title: String, threshold: Double?, sets: [SetSummary], evaluations: [PairEvaluation]) {
        self.title = title
        self.threshold = threshold
        self.sets = sets
        self.evaluations = evaluations
    }

    /// Scores every set with every scorer.
    /// - Parameters:
    ///   - sets: the labelled sets.
    ///   - scorers: builds the scorers for one set (so IDF can be fitted per set).
    ///   - threshold: a fixed τ to report on.
    ///   - title: heading.
    ///   - progress: told before each set and scorer is scored (total: sets × scorers), if given.
    ///   - thresholdFor: the fixed threshold of a scorer, by name, when it differs from `threshold`
    ///     (the field-aware probability has its own); `threshold` for every scorer by default.
    public static func run(title: String, sets: [PairSet], threshold: Double?, progress: ProgressReporter? = nil,
                           scorers: (PairSet) throws -> [any PairScorer],
                           thresholdFor: ((String) -> Double?)? = nil) async throws -> PairBenchmarkReport {
        var evaluations: [PairEvaluation] = []
        for set in sets {
            for scorer in try scorers(set) {
                progress?.update(completed: evaluations.count, detail: "\(set.name) · \(scorer.name)")
                let fixed = thresholdFor.map { $0(scorer.name) } ?? threshold
                evaluations.append(try await PairBenchmark.evaluate(set, scorer: scorer, threshold: fixed))
            }
        }
        progress?.finish(summary: "scored \(sets.count) set\(sets.count == 1 ? "" : "s") with \(evaluations.count / max(sets.count, 1)) scorer(s)")
        return PairBenchmarkReport(title: title, threshold: threshold, sets: sets.map(SetSummary.init), evaluations: evaluations)
    }
}
