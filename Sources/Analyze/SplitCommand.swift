import Embedding
import Publishing

/// `spb-analyze split`: leakage-free train/validation/test files; options, parsing and the run live
/// in `Publishing.SplitCommandLine` (so tests reach them), this file supplies MiniLM.
enum SplitCommand {
    /// Runs the command; returns the exit status.
    static func run(_ arguments: [String]) async -> Int32 {
        await SplitCommandLine.run(arguments) { needsEncoder in
            let directory = try MiniLMEncoder.locateModelDirectory()
            if needsEncoder {
                let encoder = try MiniLMEncoder(modelDirectory: directory)
                return (encoder, encoder)
            }
            // Stored embeddings need no model, but the readability check needs MiniLM's vocabulary.
            return (nil, try BertTokenizer(vocabularyURL: directory.appendingPathComponent("vocab.txt")))
        }
    }
}
