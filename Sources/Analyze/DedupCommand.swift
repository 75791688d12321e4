import Embedding
import Sharding

/// `spb-analyze dedup`: greedy near-duplicate removal at scale; options, parsing and the run live
/// in `Sharding.DedupCommandLine` (so tests reach them), this file supplies MiniLM, batched exactly as
/// `spb-analyze embed` batches it, so a dataset deduplicated directly and the same dataset embedded in
/// shards first (on Ray, say) get the same bits and the same scores.
enum DedupCommand {
    /// Runs the command; returns the exit status.
    static func run(_ arguments: [String]) async -> Int32 {
        await DedupCommandLine.run(arguments) {
            try EmbedCommandLine.miniLM(modelDirectory: MiniLMEncoder.locateModelDirectory(), threads: MiniLMEncoder.defaultConcurrency)
        }
    }
}
