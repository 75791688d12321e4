import LinearAlgebra
import TextMetrics

extension DedupBudget {
    /// `--by diversity` on a run at `--threshold`: withdraws kept records by ``VendiSelection`` down to N,
    /// or keeps them all when the dedup left N or fewer.
    /// - Parameter vectors: the unit rows the run deduplicated.
    /// - Throws: what the eigendecomposition throws.
    func selectByDiversity(_ result: inout Deduplicator.Result, vectors: Matrix, settings: DedupSettings) throws {
        let start = ContinuousClock.now
        let remaining = result.keep.kept.indices.filter { result.keep.kept[$0] }
        var summary = Summary(keep: keep, by: .diversity, rule: rule, kept: remaining.count, chosenThreshold: settings.threshold,
                              keptAtThreshold: remaining.count)
        if remaining.count > keep {
            let outcome = try VendiSelection.withdraw(from: vectors.selecting(rows: remaining), keeping: keep)
            result.decision.withdraw(outcome.withdrawals.map { remaining[$0.index] }, reason: .selection)
            summary.kept = result.decision.keptCount
            summary.withdrawn = outcome.withdrawals.count
            (summary.vendiBefore, summary.vendiAfter) = (outcome.vendiBefore, outcome.vendiAfter)
        } else {
            let vendi = try Diversity.vendi(vectors.selecting(rows: remaining)).order1
            (summary.vendiBefore, summary.vendiAfter) = (vendi, vendi)
            summary.shortfall = keep - remaining.count
        }
        summary.seconds = PartitionedDedup.seconds(since: start)
        result.report.budget = summary
    }
}
