/// How well one scorer separates duplicates from non-duplicates on one labelled set.
public struct PairEvaluation: Sendable, Codable {
    /// Dropped pairs of one group (e.g. PersonaChat tier E) and how the scorer saw them.
    public struct DroppedGroup: Sendable, Codable, Equatable {
        /// The group ("label E", "score between 2 and 4").
        public let group: String
        /// Number of pairs.
        public let count: Int
        /// Mean score.
        public let meanScore: Double
        /// Pairs scoring at or above ``PairEvaluation/threshold`` (nil without a threshold).
        public let atOrAboveThreshold: Int?
    }

    /// Data set name.
    public let dataset: String
    /// Scorer name.
    public let scorer: String
    /// Duplicate pairs.
    public let positives: Int
    /// Non-duplicate pairs.
    public let negatives: Int
    /// ROC-AUC with average ranks for ties; nil without both classes.
    public let rocAUC: Double?
    /// Average precision; nil without positives.
    public let averagePrecision: Double?
    /// Threshold with the best F1 and its precision and recall.
    public let bestF1: OperatingPoint?
    /// Highest precision with recall >= 90 %.
    public let precisionAt90Recall: OperatingPoint?
    /// A fixed threshold being reported on (e.g. the generator default), when given.
    public let threshold: Double?
    /// The operating point at ``threshold``.
    public let atThreshold: OperatingPoint?
    /// Pairs the labelling rule dropped, by group.
    public let dropped: [DroppedGroup]
    /// Operating points at τ = 0.00, 0.01, …, 1.00 (for precision/recall/F1 charts).
    public let curve: [OperatingPoint]
    /// Accuracy at ``threshold`` for each pair kind, when the pairs have kinds (empty otherwise).
    public let kinds: [KindAccuracy]
}

/// How often one scorer's fixed-threshold decision is right on the pairs of one kind.
public struct KindAccuracy: Sendable, Codable, Equatable {
    /// The kind ("reworded", "same-profession", …).
    public let kind: String
    /// Pairs of this kind.
    public let count: Int
    /// Duplicate pairs among them.
    public let positives: Int
    /// Pairs whose decision "score >= threshold" matches the label.
    public let correct: Int

    /// `correct / count`.
    public var accuracy: Double { count == 0 ? 0 : Double(correct) / Double(count) }

    /// The accuracy per kind of "score >= threshold", kinds sorted by name; pairs without a kind left out.
    static func byKind(_ pairs: [LabelledPair], scores: [Double], threshold: Double) -> [KindAccuracy] {
        var tallies: [String: (count: Int, positives: Int, correct: Int)] = [:]
        for (pair, score) in zip(pairs, scores) {
            guard let kind = pair.kind else { continue }
            var tally = tallies[kind, default: (0, 0, 0)]
            tally.count += 1
            if pair.isDuplicate { tally.positives += 1 }
            if (score >= threshold) == pair.isDuplicate { tally.correct += 1 }
            tallies[kind] = tally
        }
        return tallies.keys.sorted().compactMap { kind in
            tallies[kind].map { KindAccuracy(kind: kind, count: $0.count, positives: $0.positives, correct: $0.correct) }
        }
    }
}

/// Runs scorers on labelled sets.
public enum PairBenchmark {
    /// Scores `set` with `scorer` and summarises the curve.
    /// - Parameters:
    ///   - set: the labelled pairs (dropped pairs are scored too, for the dropped-group summary).
    ///   - scorer: the similarity.
    ///   - threshold: a fixed τ to report the operating point of, if any.
    /// - Complexity: the scorer's cost plus O(n log n).
    public static func evaluate(_ set: PairSet, scorer: any PairScorer, threshold: Double? = nil) async throws -> PairEvaluation {
        let all = try await scorer.scores(of: set)
        let scores = Array(all[..<set.pairs.count])
        let curve = ClassifierCurve(scores: scores, labels: set.pairs.map(\.isDuplicate))
        var groups: [String: [Double]] = [:]
        for (pair, score) in zip(set.dropped, all[set.pairs.count...]) { groups[pair.group, default: []].append(score) }
        let dropped = groups.map { group, scores in
            PairEvaluation.DroppedGroup(group: group, count: scores.count, meanScore: scores.reduce(0, +) / Double(scores.count),
                                        atOrAboveThreshold: threshold.map { t in scores.filter { $0 >= t }.count })
        }.sorted { $0.group < $1.group }
        return PairEvaluation(
            dataset: set.name, scorer: scorer.name, positives: curve.positives, negatives: curve.negatives,
            rocAUC: curve.rocAUC, averagePrecision: curve.averagePrecision, bestF1: curve.bestF1,
            precisionAt90Recall: curve.precision(atRecall: 0.9), threshold: threshold,
            atThreshold: threshold.map { curve.point(at: $0) }, dropped: dropped,
            curve: (0 ... 100).map { curve.point(at: Double($0) / 100) },
            kinds: threshold.map { KindAccuracy.byKind(set.pairs, scores: scores, threshold: $0) } ?? [])
    }
}
