import Embedding
import Sharding

/// `spb-analyze dedup`: greedy near-duplicate removal at scale; options, parsing and the run live
/// in `Sharding.DedupCommandLine` (so tests reach them), this file supplies MiniLM.
enum DedupCommand {
    /// Runs the command; returns the exit status.
    static func run(_ arguments: [String]) async -> Int32 {
        await DedupCommandLine.run(arguments) {
            try MiniLMEncoder(modelDirectory: MiniLMEncoder.locateModelDirectory())
        }
    }
}
