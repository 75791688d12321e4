import Embedding

/// The unreadable-text section: texts the embedding model cannot read (see `TextReadability`),
/// set apart from every embedding-based section.
///
/// MiniLM tokenises Chinese, Thai, Russian and other non-Latin text into `[UNK]` and lone
/// characters, so such texts embed alike whatever they say: unrelated Thai personas score 1.0,
/// and k-means groups them by being unreadable. The audit therefore reports them here and keeps
/// them out of near-duplicate clusters, trope clusters, diversity, drift and the map's PCA;
/// validity, exact duplicates and fit (which do not use embeddings) still count every item.
public enum UnreadableAnalysis {
    /// The section and the items the embedding-based sections keep.
    public struct Outcome: Sendable {
        /// The section; nil when readability could not be measured.
        public var report: UnreadableReport?
        /// Indices of the items at or below the limit, ascending (every item when not measured).
        public var readable: [Int]
        /// The measurement per item, when measured.
        public var measurements: [TextReadability]?
    }

    /// Measures every text and splits the items at `limit`.
    /// - Parameters:
    ///   - dataset: the items.
    ///   - measure: the model's tokenizer (or an encoder conforming to `ReadabilityMeasuring`); nil keeps every item.
    ///   - limit: texts whose share of unreadable characters is above it are set apart.
    ///   - examples: most examples listed (the first of each script first, then in file order).
    /// - Complexity: one tokenisation per text.
    public static func report(dataset: AuditDataset, measure: (any ReadabilityMeasuring)?, limit: Double, examples: Int = 6) -> Outcome {
        guard let measure else { return Outcome(report: nil, readable: Array(0 ..< dataset.count), measurements: nil) }
        let measurements = dataset.texts.concurrentMap(measure.readability)
        var readable = [Int](), unreadable = [Int]()
        for (index, measured) in measurements.enumerated() {
            if measured.exceeds(limit) { unreadable.append(index) } else { readable.append(index) }
        }
        var byScript = [TextReadability.Script: [Int]]()
        for index in unreadable { byScript[measurements[index].script, default: []].append(index) }
        // Round-robin over scripts (most frequent first) so the examples show each script.
        let groups = byScript.sorted { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.key.rawValue < $1.key.rawValue }.map(\.value)
        var listed = [Int]()
        var round = 0
        while listed.count < min(examples, unreadable.count) {
            for group in groups where round < group.count && listed.count < examples { listed.append(group[round]) }
            round += 1
        }
        let report = UnreadableReport(
            limit: limit, count: unreadable.count, share: Double(unreadable.count) / Double(max(dataset.count, 1)),
            byScript: byScript.mapValues(\.count).reduce(into: [:]) { $0[$1.key.rawValue] = $1.value },
            examples: listed.map { index in
                let text = dataset.displayText(index)
                return UnreadableReport.Example(id: dataset.ids[index], script: measurements[index].script.rawValue,
                                                unreadableShare: measurements[index].unreadableShare,
                                                excerpt: text.count > 160 ? String(text.prefix(159)) + "…" : text)
            })
        return Outcome(report: report, readable: readable, measurements: measurements)
    }
}

/// Texts whose share of unreadable characters is above the limit (`--max-unreadable`).
public struct UnreadableReport: Sendable, Codable {
    /// One listed text.
    public struct Example: Sendable, Codable, Equatable {
        /// Item identifier (persona `id`, else 1-based line).
        public var id: String
        /// Its dominant script (`TextReadability.Script` raw value).
        public var script: String
        /// Unreadable characters over all characters.
        public var unreadableShare: Double
        /// The start of the text (160 characters at most).
        public var excerpt: String
    }

    /// The limit on the share of unreadable characters.
    public var limit: Double
    /// Items above the limit.
    public var count: Int
    /// ``count`` over all items.
    public var share: Double
    /// Items above the limit per dominant script.
    public var byScript: [String: Int]
    /// A few of them, each script represented.
    public var examples: [Example]
}
