import Embedding
import Sharding

/// `spb-analyze embed`: one shard of a dataset's MiniLM embeddings as .npy + ids + manifest; options,
/// parsing and the run live in `Sharding.EmbedCommandLine` (so tests reach them), this file supplies MiniLM.
enum EmbedCommand {
    /// Runs the command; returns the exit status.
    static func run(_ arguments: [String]) async -> Int32 {
        await EmbedCommandLine.run(arguments) { threads, precision in
            try EmbedCommandLine.miniLM(modelDirectory: MiniLMEncoder.locateModelDirectory(), threads: threads, precision: precision)
        }
    }
}
