import Analysis
import Foundation
import PersonaKit

/// Everything a dataset card states, gathered before any Markdown is written: the audit's report
/// (the only source of measured numbers), and for a run directory what its manifest and logs say.
public struct CardFacts: Sendable {
    /// The card's title (`pretty_name`).
    public var prettyName: String
    /// The audit's numbers.
    public var report: AuditReport
    /// How the data was generated; nil when the provenance is unknown (a plain dataset file).
    public var generation: GenerationFacts?
    /// Attempts accepted and rejected, for a run directory with logs.
    public var outcome: RunOutcome?
    /// The intended component weights, when known.
    public var components: ComponentsFile?
    /// The published split, when a `split-report.json` was found.
    public var split: SplitFacts?
    /// The data file a single `train` config names when there is no split (e.g. `personas.jsonl`).
    public var dataFile: String

    /// Creates facts from their parts.
    public init(prettyName: String, report: AuditReport, generation: GenerationFacts?, outcome: RunOutcome?,
                components: ComponentsFile?, split: SplitFacts?, dataFile: String) {
        self.prettyName = prettyName
        self.report = report
        self.generation = generation
        self.outcome = outcome
        self.components = components
        self.split = split
        self.dataFile = dataFile
    }

    /// Items in the dataset.
    public var count: Int { report.input.count }

    /// The Hub's `size_categories` value for ``count``: `n<1K`, `1K<n<10K`, … `n>1T`.
    public var sizeCategory: String { Self.sizeCategory(count) }

    /// The Hub's `size_categories` bucket of `count` items.
    public static func sizeCategory(_ count: Int) -> String {
        let labels = ["1K", "10K", "100K", "1M", "10M", "100M", "1B", "10B", "100B", "1T"]
        var bound = 1_000
        if count < bound { return "n<1K" }
        for index in 1 ..< labels.count {
            let (next, overflow) = bound.multipliedReportingOverflow(by: 10)
            if overflow || count < next { return "\(labels[index - 1])<n<\(labels[index])" }
            bound = next
        }
        return "n>1T"
    }
}
