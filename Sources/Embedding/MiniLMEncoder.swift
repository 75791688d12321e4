import Foundation
import LinearAlgebra

/// The embedded default encoder: sentence-transformers' all-MiniLM-L6-v2 (BERT, 6 layers, 384
/// dimensions, mean pooling, L2 normalisation) run in Swift on OpenBLAS.
///
/// Weights are loaded once and never change, so one encoder can serve concurrent tasks; every call
/// allocates its own work buffers, at most one batch's worth at a time.
public final class MiniLMEncoder: TextEncoder {
    /// The folder name the set-up script unpacks the weights into, under `models/`.
    public static let defaultDirectoryName = "all-MiniLM-L6-v2"
    /// The command that fetches the weights, printed by every "missing weights" error.
    public static let setupCommand = "bash scripts/setup.sh"

    /// `minilm:` followed by the model folder's name, e.g. `minilm:all-MiniLM-L6-v2`.
    public let identifier: String
    /// Texts per forward pass; bounds memory to about `batchSize · maxSequenceLength · 11 KB`.
    public let batchSize: Int
    /// The embedding width (384).
    public var dimension: Int { model.configuration.hiddenSize }
    /// Longest token sequence the model sees; longer texts are truncated (256).
    public var maxSequenceLength: Int { model.configuration.maxSequenceLength }

    private let model: BertModel
    private let tokenizer: BertTokenizer

    /// Loads the model folder (`config.json`, `model.safetensors`, `vocab.txt`,
    /// optionally `sentence_bert_config.json`).
    /// - Parameters:
    ///   - modelDirectory: the folder, e.g. from ``locateModelDirectory()``.
    ///   - batchSize: texts per forward pass (default 32).
    /// - Throws: ``ModelFileError``: `.missingFile` (with the set-up command) when a file is
    ///   absent, other codes for corrupt or incompatible files.
    public init(modelDirectory: URL, batchSize: Int = 32) throws {
        precondition(batchSize > 0, "batch size must be positive")
        for name in ["model.safetensors", "config.json", "vocab.txt"] {
            let url = modelDirectory.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw ModelFileError(.missingFile, file: url, "the MiniLM model is not installed; run `\(Self.setupCommand)` (or `make setup`) from the repository root")
            }
        }
        let model = try BertModel(directory: modelDirectory)
        self.tokenizer = try BertTokenizer(vocabularyURL: modelDirectory.appendingPathComponent("vocab.txt"),
                                           lowercase: true, maxLength: model.configuration.maxSequenceLength)
        self.model = model
        self.batchSize = batchSize
        self.identifier = "minilm:" + modelDirectory.standardizedFileURL.lastPathComponent
    }

    /// Finds the model folder: `$PERSONABANK_MODEL_DIR` when set, else `./models/all-MiniLM-L6-v2`,
    /// else `models/all-MiniLM-L6-v2` beside any ancestor of the running executable (so
    /// `<repo>/.build/release/spb-generate` finds `<repo>/models/…` from any working directory).
    /// - Throws: ``ModelFileError`` `.missingFile`, naming the places searched and the set-up command.
    public static func locateModelDirectory() throws(ModelFileError) -> URL {
        let environment = ProcessInfo.processInfo.environment
        func hasWeights(_ url: URL) -> Bool {
            FileManager.default.fileExists(atPath: url.appendingPathComponent("model.safetensors").path)
        }
        if let override = environment["PERSONABANK_MODEL_DIR"], !override.isEmpty {
            let url = URL(fileURLWithPath: override)
            guard hasWeights(url) else {
                throw ModelFileError(.missingFile, file: url.appendingPathComponent("model.safetensors"),
                                     "PERSONABANK_MODEL_DIR points to a folder without model.safetensors; unset it or run `\(setupCommand)` (or `make setup`)")
            }
            return url
        }
        let relative = "models/" + defaultDirectoryName
        var candidates = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(relative)]
        if var folder = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent() {
            while folder.path != "/" && !folder.path.isEmpty {
                candidates.append(folder.appendingPathComponent(relative))
                folder.deleteLastPathComponent()
            }
        }
        if let found = candidates.first(where: hasWeights) { return found }
        throw ModelFileError(.missingFile, file: candidates[0].appendingPathComponent("model.safetensors"),
                             "the MiniLM weights are not installed (looked in \(candidates.map(\.path).joined(separator: ", "))); run `\(setupCommand)` (or `make setup`) from the repository root, or set PERSONABANK_MODEL_DIR")
    }

    /// Sentence embeddings of already-tokenised texts (ids with `[CLS]`/`[SEP]`), in input order.
    ///
    /// Sequences are sorted by length and run `batchSize` at a time.
    /// - Precondition: ids within the vocabulary, sequences no longer than the model's 512 positions.
    /// - Returns: a `tokenIDs.count × 384` matrix of unit rows.
    /// - Complexity: O(tokens · 21 MFLOP) plus attention, O(Σ length²).
    public func embed(tokenIDs: [[Int32]]) -> Matrix {
        embedInBatches(tokenIDs, beforeEachBatch: {})
    }

    /// Tokenises and embeds `texts`; row `i` is the L2-normalised embedding of `texts[i]`.
    /// - Throws: `CancellationError` when the task is cancelled (checked between batches).
    public func encode(_ texts: [String]) async throws -> Matrix {
        let ids = texts.map(tokenizer.encode)
        return try embedInBatches(ids, beforeEachBatch: { try Task.checkCancellation() })
    }

    private func embedInBatches(_ ids: [[Int32]], beforeEachBatch: () throws -> Void) rethrows -> Matrix {
        var result = Matrix(rows: ids.count, columns: dimension)
        let order = ids.indices.sorted { (ids[$0].count, $0) < (ids[$1].count, $1) }
        for start in stride(from: 0, to: order.count, by: batchSize) {
            try beforeEachBatch()
            let members = Array(order[start ..< min(start + batchSize, order.count)])
            let embeddings = model.forward(members.map { ids[$0] })
            for (row, index) in members.enumerated() {
                for column in 0 ..< embeddings.columns { result[index, column] = embeddings[row, column] }
            }
        }
        return result
    }
}
