import Foundation

/// `spb-analyze dedup --keep N`: keep exactly N records.
///
/// - ``Selection/threshold`` (the default): the τ at which the greedy in-order keep (``GreedyKeep``) keeps N.
///   The pairs are found once at a floor: `--threshold` when the greedy keep there keeps at most N (the
///   answer lies above it), else the lowest τ whose pairs, estimated on a seeded sample of rows, number at most
///   ``maxPairs`` (one more pair search). The keep count grows with τ except where greedy chains make it
///   dip, so a binary search over the distinct pair scores finds a τ keeping at most N while the next higher
///   score keeps more. When it keeps fewer than N, the records it dropped that are least similar to their
///   kept record (lowest score, then input order) are added back until exactly N are kept. When even the
///   floor keeps more than N, the run stops with a usage error naming the fewest it can keep.
/// - ``Selection/diversity``: the greedy keep at `--threshold` first, then the generator's selection
///   steering (``VendiSelection``): the kept record whose removal raises the kept set's Vendi entropy
///   most is withdrawn, a batch at a time, until N are kept. When the greedy keep leaves N or fewer,
///   all of them are kept and the report and a warning say how many short of N that is.
///
/// N at or above the input's record count keeps every record (the report says so).
public struct DedupBudget: Sendable, Equatable {
    /// How N records are chosen (`--by`).
    public enum Selection: String, Sendable, CaseIterable, Codable {
        /// The τ at which the greedy keep keeps N.
        case threshold
        /// The greedy keep at `--threshold`, then withdrawal by diversity down to N.
        case diversity
    }

    /// Pairs held at most (about) while searching τ below `--threshold` (`--max-pairs`): 24 bytes each, twice
    /// while they are merged, so about 0.5 GB.
    public static let defaultMaxPairs = 10_000_000
    /// Rows whose pairs with each other estimate how many pairs a lower floor would find.
    public static let floorSampleRows = 2_000

    /// N, at least 1.
    public var keep: Int
    public var selection: Selection
    /// See ``defaultMaxPairs``.
    public var maxPairs: Int

    /// A budget of `keep` records chosen by `selection`.
    public init(keep: Int, selection: Selection = .threshold, maxPairs: Int = DedupBudget.defaultMaxPairs) {
        self.keep = keep
        self.selection = selection
        self.maxPairs = maxPairs
    }

    /// `dedup-report.json`'s `budget` section.
    public struct Summary: Sendable, Codable, Equatable {
        /// N as asked.
        public var keep: Int
        /// `threshold` or `diversity`.
        public var by: Selection
        /// The rule in words.
        public var rule: String
        /// Records kept: N, or fewer when dedup left fewer (diversity), or all when N is at least the input's count.
        public var kept: Int
        /// By threshold: the τ chosen; by diversity: the `--threshold` of the dedup before the selection; nil when every record is kept.
        public var chosenThreshold: Float?
        /// Records the greedy keep keeps at ``chosenThreshold``.
        public var keptAtThreshold: Int?
        /// By threshold: dropped records added back to reach N.
        public var addedBack = 0
        /// By diversity: kept records withdrawn by the selection.
        public var withdrawn = 0
        /// By threshold: the lowest τ the pairs were found at (the search's floor).
        public var pairFloor: Float?
        /// By threshold: pair searches run (1, or 2 when the floor went below `--threshold`).
        public var pairSearches = 0
        /// By diversity: Vendi score (q = 1) of the records left by the dedup, and of those kept.
        public var vendiBefore: Double?
        public var vendiAfter: Double?
        /// By diversity: how many fewer than N the dedup left (all of them are kept).
        public var shortfall = 0
        /// Why every record was kept, when N is at least the input's record count.
        public var note: String?
        /// Seconds spent choosing (the searches for τ or the selection), the pair search at `--threshold` not included.
        public var seconds = 0.0

        /// One line for the summary.
        public func line() -> String {
            if let note { return "--keep \(keep): \(note)" }
            switch by {
            case .threshold:
                let added = addedBack > 0 ? ", added back the \(addedBack) dropped records least similar to their kept one" : ""
                return "--keep \(keep) by threshold: " + String(format: "τ %.4f keeps %d", chosenThreshold ?? 0, keptAtThreshold ?? 0)
                    + added + " → \(kept) kept (" + String(format: "pairs from τ ≥ %.4f", pairFloor ?? 0)
                    + ", \(pairSearches) pair search\(pairSearches == 1 ? "" : "es"))"
            case .diversity:
                let short = shortfall > 0 ? " (\(shortfall) short of \(keep): the dedup left only \(kept))" : ""
                return "--keep \(keep) by diversity: " + String(format: "dedup at τ %.2f keeps %d", chosenThreshold ?? 0, keptAtThreshold ?? 0)
                    + ", withdrew \(withdrawn) by Vendi entropy" + String(format: " (Vendi %.2f → %.2f)", vendiBefore ?? 0, vendiAfter ?? 0)
                    + " → \(kept) kept" + short
            }
        }
    }

    static let thresholdRule = "the highest tau over the distinct pair scores (binary search of the greedy in-order keep) at which at most N "
        + "records are kept; then the dropped records least similar to their kept record (lowest score, then input order) are added back "
        + "until exactly N are kept"
    static let diversityRule = "greedy in-order dedup at the threshold, then the kept record whose removal raises the kept set's first-order "
        + "Vendi entropy most is withdrawn (a batch of kept/200 at a time) until N are kept; fewer than N left by the dedup are all kept"

    /// Runs the dedup of `input` under this budget: the pair search of ``Deduplicator/run(_:settings:readSeconds:)``,
    /// then the choice of N records described on the type.
    /// - Parameters:
    ///   - input: the rows, normalised in place.
    ///   - settings: τ (`--threshold`) and the pair search.
    ///   - readSeconds: time spent reading the input, for the report.
    /// - Throws: `InputError` for a zero or non-finite row; `UsageError` when N cannot be reached by threshold
    ///   within ``maxPairs``.
    public func run(_ input: inout DedupInput, settings: DedupSettings, readSeconds: Double = 0) throws -> Deduplicator.Result {
        var result = try Deduplicator.run(&input, settings: settings, readSeconds: readSeconds)
        let n = input.vectors.rows
        guard keep < n else {
            result.decision = DedupDecision(keepingAll: n)
            result.report.kept = n
            result.report.dropped = 0
            result.report.budget = Summary(keep: keep, by: selection, rule: rule, kept: n,
                                           note: "at least the input's \(n) records: every record kept, none dropped")
            return result
        }
        switch selection {
        case .threshold: try chooseThreshold(&result, input: input, settings: settings)
        case .diversity: try selectByDiversity(&result, vectors: input.vectors, settings: settings)
        }
        result.report.kept = result.decision.keptCount
        result.report.dropped = result.decision.drops.count
        return result
    }

    /// The rule of ``selection`` in words.
    var rule: String { selection == .threshold ? Self.thresholdRule : Self.diversityRule }
}
