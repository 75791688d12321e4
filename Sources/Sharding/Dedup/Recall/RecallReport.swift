/// `recall` in `dedup-report.json`: a partitioned run's recall, measured on its own input, and what
/// the run widened to reach its target.
public struct RecallReport: Sendable, Codable, Equatable {
    /// One widening step.
    public struct Step: Sendable, Codable, Equatable {
        /// `partitioning` (one more, independently seeded, whose pairs are added) or `exact` (the exact self-join).
        public var kind: String
        /// The k-means seed of a partitioning.
        public var seed: UInt64?
        /// Dot products it computed.
        public var scoredProducts: Int
        /// Its seconds (the estimate after it included).
        public var seconds: Double
        /// Distinct pairs it added.
        public var pairsAdded: Int
        /// The estimated recall after it.
        public var recallAfter: Double
        /// Why this step and not another, with the cost model's figures.
        public var reason: String
    }

    /// How recall is measured, in words.
    public var method: String
    /// How the 95 % interval is computed, in words.
    public var intervalMethod: String
    /// How the run widens, in words.
    public var wideningRule: String
    /// The sample's seed.
    public var sampleSeed: UInt64
    /// `--target-recall` (0: measured, never widened).
    public var target: Double
    /// Whether the final estimate reached the target.
    public var reached: Bool
    /// The estimate of the pairs the run reports (after widening).
    public var estimate: RecallEstimate
    /// The estimate of the first partitioning alone.
    public var firstPass: RecallEstimate
    /// The widening steps, in order (empty when the first partitioning reached the target).
    public var widening: [Step]
    /// Seconds finding the sample's exact neighbours.
    public var truthSeconds: Double
    /// Seconds of all widening steps: what reaching the target cost.
    public var wideningSeconds: Double

    static let method = "exact neighbours at cosine >= threshold of a seeded sample of rows, against all rows (BLAS sgemm), "
        + "compared with the pairs the run found for those rows; recall = found / true over the sampled rows"

    static let wideningRule = "while the estimate is below the target: one more k-means partitioning with a new seed (pairs added), "
        + "when the partitionings the miss rate projects to be needed (each round so far divided the misses by the last round's ratio; "
        + "the first is assumed independent) cost fewer dot products than the exact self-join, n(n-1)/2, minus those already spent; "
        + "otherwise the exact self-join of all rows"

    /// One line for the printed summary.
    public func summary() -> String {
        let interval = String(format: "recall ≈ %.4f (95 %% %.4f-%.4f; %d sampled rows, %d pairs)", estimate.recall, estimate.lower95,
                              estimate.upper95, estimate.sampleRows, estimate.truePairs)
        guard target > 0 else { return interval + ", not widened (--target-recall 0)" }
        guard !widening.isEmpty else { return interval + String(format: ", target %.3f %@", target, reached ? "reached" : "missed") }
        let partitionings = widening.filter { $0.kind == "partitioning" }.count
        var steps = [String]()
        if partitionings > 0 { steps.append("\(partitionings) more partitioning\(partitionings == 1 ? "" : "s")") }
        if widening.contains(where: { $0.kind == "exact" }) { steps.append("the exact self-join") }
        return interval + String(format: ", target %.3f %@ after %@ (first pass %.4f; +%.1f s)", target, reached ? "reached" : "missed",
                                 steps.joined(separator: " and "), firstPass.recall, wideningSeconds)
    }
}
