import Foundation
import LinearAlgebra
import PersonaKit

/// One item of a dataset under audit.
public struct SweepItem: Sendable, Equatable {
    /// 1-based line (or record) number in the source file.
    public let line: Int
    /// The text that was embedded.
    public let text: String
    /// The persona, when the dataset holds personas (enables the SPB heuristic comparison).
    public let persona: Persona?
    /// The record's own id (`--id-field`, or a persona's `id`), when it has one.
    public let id: String?

    /// Creates an item.
    public init(line: Int, text: String, persona: Persona? = nil, id: String? = nil) {
        self.line = line
        self.text = text
        self.persona = persona
        self.id = id
    }
}

/// What greedy dedup does to one dataset across a threshold sweep, with example pairs
/// around the chosen τ so a person can judge the threshold by eye.
public struct DatasetSweepReport: Sendable, Codable {
    /// A pair of items with their texts, for reading.
    public struct Example: Sendable, Codable, Equatable {
        /// Cosine similarity.
        public let score: Float
        /// Line of the earlier item.
        public let earlierLine: Int
        /// Line of the later item.
        public let laterLine: Int
        /// Text of the earlier item.
        public let earlierText: String
        /// Text of the later item.
        public let laterText: String
        /// The earlier item's own id, when records have ids.
        public var earlierID: String?
        /// The later item's own id, when records have ids.
        public var laterID: String?

        /// The earlier item as a reader finds it: its id, else its line.
        public var earlierName: String { earlierID ?? "line \(earlierLine)" }
        /// The later item as a reader finds it: its id, else its line.
        public var laterName: String { laterID ?? "line \(laterLine)" }
    }

    /// Pairs scoring in `[lower, upper)`.
    public struct Band: Sendable, Codable, Equatable {
        /// Lowest score in the band (inclusive).
        public let lower: Float
        /// Upper end (exclusive).
        public let upper: Float
        /// All pairs in the band.
        public let pairCount: Int
        /// A few pairs spread evenly over the band's score order.
        public let examples: [Example]
    }

    /// How SPB-2508's original lexical rule judges the same dataset (personas only).
    public struct HeuristicComparison: Sendable, Codable, Equatable {
        /// Items the rule flags against any earlier item.
        public let flaggedAgainstAnyEarlier: Int
        /// Items the rule flags against one of the previous 20 items (the original's look-back pool).
        public let flaggedAgainstPrevious20: Int
        /// Of the items flagged against any earlier item, how many greedy dedup removes at τ.
        public let flaggedAndRemovedAtThreshold: Int
    }

    /// Source file name.
    public let source: String
    /// The encoder's identifier.
    public let encoder: String
    /// Number of items swept (those the encoder can read).
    public let count: Int
    /// Items left out because the encoder cannot read them (see `TextReadability`); nil when not measured.
    public let unreadableExcluded: Int?
    /// Kept and removed counts per τ.
    public let rows: [SweepRow]
    /// The τ the bands are centred on.
    public let chosenThreshold: Float
    /// Why that τ: "--tau", "--keep 4000", or "default".
    public let chosenBecause: String
    /// Items kept at the chosen τ.
    public let keptAtChosen: Int
    /// The `--keep` target, when given.
    public let keepTarget: Int?
    /// Pairs with score >= the smallest τ swept.
    public let pairsAtOrAboveMinimum: Int
    /// Bands just below and above the chosen τ.
    public let bands: [Band]
    /// The original SPB rule on the same data, when the items are personas.
    public let heuristic: HeuristicComparison?
    /// Notes for the reader (non-monotone counts, unreachable `--keep` targets).
    public let notes: [String]
}

/// Builds a ``DatasetSweepReport`` from embeddings.
public enum DatasetSweepAnalysis {
    /// Width of one example band.
    public static let bandWidth: Float = 0.01
    /// Bands on each side of the chosen τ.
    public static let bandsPerSide = 3

    /// Runs the sweep.
    /// - Parameters:
    ///   - items: the dataset in file order.
    ///   - vectors: unit-length embeddings, row `i` for `items[i]`.
    ///   - encoder: the encoder's identifier, for the report.
    ///   - source: the file name, for the report.
    ///   - grid: thresholds to report (ascending).
    ///   - threshold: the τ to centre the example bands on, unless `keep` chooses one.
    ///   - keep: target number of kept items; chooses the largest τ in `grid` keeping at most that many.
    ///   - examplesPerBand: example pairs shown per band.
    ///   - unreadableExcluded: items the caller left out as unreadable to the encoder (nil: not measured).
    /// - Complexity: one self-join at the smallest τ needed (O(n² · d / 2)), then O(n + p) per τ.
    public static func run(items: [SweepItem], vectors: Matrix, encoder: String, source: String, grid: [Float],
                           threshold: Float, keep: Int?, examplesPerBand: Int = 3, unreadableExcluded: Int? = nil) -> DatasetSweepReport {
        precondition(items.count == vectors.rows, "\(items.count) items for \(vectors.rows) vectors")
        precondition(!grid.isEmpty, "empty threshold grid")
        let floor = min(grid.min() ?? threshold, threshold - Float(bandsPerSide) * bandWidth)
        let sweep = DedupSweep(vectors: vectors, minimumThreshold: floor)
        let rows = sweep.rows(at: grid)
        var notes: [String] = []
        if let unreadableExcluded, unreadableExcluded > 0 {
            notes.append("\(unreadableExcluded) items left out: most of their characters are unreadable to the encoder (--max-unreadable), and such texts score as near-duplicates whatever they say")
        }
        var chosen = threshold, because = "as given"
        if let keep {
            if let row = rows.filter({ $0.kept <= keep }).max(by: { $0.threshold < $1.threshold }) {
                chosen = row.threshold
                because = "largest τ in the sweep keeping at most \(keep) (keeps \(row.kept))"
            } else {
                notes.append("--keep \(keep): even τ = \(format(grid.min() ?? 0)) keeps \(rows.map(\.kept).min() ?? items.count); lower --from to reach it")
            }
        }
        let kepts = rows.map(\.kept)
        if zip(kepts, kepts.dropFirst()).contains(where: { $0 > $1 }) {
            notes.append("kept counts are not monotone in τ here: a higher τ can keep an item that then removes later ones")
        }
        let bands = (-bandsPerSide ..< bandsPerSide).map { offset -> DatasetSweepReport.Band in
            let lower = chosen + Float(offset) * bandWidth, upper = lower + bandWidth
            let inBand = sweep.pairs(scoring: lower ..< upper)
            let picks = evenlySpaced(inBand.count, take: examplesPerBand).map { inBand[$0] }
            return .init(lower: lower, upper: upper, pairCount: inBand.count, examples: picks.map { pair in
                .init(score: pair.score, earlierLine: items[pair.earlier].line, laterLine: items[pair.later].line,
                      earlierText: items[pair.earlier].text, laterText: items[pair.later].text,
                      earlierID: items[pair.earlier].id, laterID: items[pair.later].id)
            })
        }
        let keptAtChosen = sweep.kept(at: chosen)
        return DatasetSweepReport(
            source: source, encoder: encoder, count: items.count, unreadableExcluded: unreadableExcluded, rows: rows, chosenThreshold: chosen,
            chosenBecause: because, keptAtChosen: keptAtChosen.filter { $0 }.count, keepTarget: keep,
            pairsAtOrAboveMinimum: sweep.pairs.filter { $0.score >= (grid.min() ?? floor) }.count, bands: bands,
            heuristic: heuristicComparison(items, kept: keptAtChosen), notes: notes)
    }

    /// `take` indices spread evenly over `0..<count` (all of them when `count <= take`).
    static func evenlySpaced(_ count: Int, take: Int) -> [Int] {
        guard count > take else { return Array(0 ..< count) }
        guard take > 0 else { return [] }
        return (0 ..< take).map { ($0 * (count - 1)) / max(take - 1, 1) }
    }

    /// The SPB rule against all earlier personas and against the previous 20.
    /// - Complexity: O(n²) rule checks (each O(traits)); only run for persona datasets.
    static func heuristicComparison(_ items: [SweepItem], kept: [Bool]) -> DatasetSweepReport.HeuristicComparison? {
        let personas = items.compactMap(\.persona)
        guard personas.count == items.count, !items.isEmpty else { return nil }
        var any = 0, recent = 0, removed = 0
        for i in personas.indices {
            let flaggedRecent = (max(0, i - 20) ..< i).contains { personas[i].isSPBNearDuplicate(of: personas[$0]) }
            let flaggedAny = flaggedRecent || (0 ..< max(0, i - 20)).contains { personas[i].isSPBNearDuplicate(of: personas[$0]) }
            if flaggedRecent { recent += 1 }
            if flaggedAny {
                any += 1
                if !kept[i] { removed += 1 }
            }
        }
        return .init(flaggedAgainstAnyEarlier: any, flaggedAgainstPrevious20: recent, flaggedAndRemovedAtThreshold: removed)
    }

    static func format(_ value: Float) -> String { String(format: "%.2f", Double(value)) }
}
