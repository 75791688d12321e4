import Foundation
import LinearAlgebra
import Synchronization

/// The embedded default encoder: sentence-transformers' all-MiniLM-L6-v2 (BERT, 6 layers, 384
/// dimensions, mean pooling, L2 normalisation) run in Swift on OpenBLAS, or with its dense
/// products in int8 (``EncoderPrecision``).
///
/// Weights are loaded once and never change, so one encoder can serve concurrent tasks; every call
/// allocates its own work buffers, one batch's worth per batch in flight (``concurrency``).
public final class MiniLMEncoder: TextEncoder {
    /// The folder name the set-up script unpacks the weights into, under `models/`.
    public static let defaultDirectoryName = "all-MiniLM-L6-v2"
    /// The command that fetches the weights, printed by every "missing weights" error.
    public static let setupCommand = "bash scripts/setup.sh"

    /// `minilm:` followed by the model folder's name, e.g. `minilm:all-MiniLM-L6-v2`, plus `@int8`
    /// when ``precision`` is not fp32 (`minilm:all-MiniLM-L6-v2@int8`), so that embeddings stored
    /// with one precision are told apart from another's.
    public let identifier: String
    /// The precision that runs: the one asked for, or fp32 when this CPU has no kernel for it.
    public let precision: EncoderPrecision
    /// Which kernels run, e.g. `fp32 OpenBLAS sgemm` or `int8 avx2 (Hadamard-rotated, per-token
    /// activations, per-channel weights; fp32 LayerNorm, softmax, attention, pooling)`; a fallback
    /// says what was asked for and why it did not run.
    public let kernels: String
    /// Texts per forward pass; memory is about `concurrency · batchSize · tokens · 11 KB`.
    public let batchSize: Int
    /// Batches run at the same time, each on its own thread (OpenBLAS single-threaded meanwhile).
    public let concurrency: Int
    /// How texts are grouped into batches.
    public let batching: Batching

    /// How ``encode(_:)`` groups texts into forward passes.
    public enum Batching: Sendable, Equatable {
        /// Texts sorted by token count, then `batchSize` at a time (the default): the fastest, but a
        /// text's bits depend on the texts batched with it, since OpenBLAS's `sgemm` rounds a row
        /// differently at different positions of a product (measured on the Haswell kernel that AMD
        /// EPYC Zen 3 runs).
        case byLength
        /// Batch `k` holds texts `k·batchSize ..< (k+1)·batchSize` in input order, and every product
        /// runs single-threaded: a text's embedding depends only on its batch of `batchSize`
        /// consecutive texts, so inputs cut at multiples of `batchSize` embed to the same bits as the
        /// whole (what `spb-analyze embed --shard` relies on).
        case inputOrder
    }
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
    ///   - concurrency: batches in flight at once; default ``defaultConcurrency``.
    ///   - batching: how texts are grouped into batches (default ``Batching/byLength``).
    ///   - precision: the dense products' arithmetic (default fp32). One this CPU cannot run falls
    ///     back to fp32, with one line on stderr per process and the reason in ``kernels``.
    /// - Throws: ``ModelFileError``: `.missingFile` (with the set-up command) when a file is
    ///   absent, other codes for corrupt or incompatible files.
    public init(modelDirectory: URL, batchSize: Int = 32, concurrency: Int = MiniLMEncoder.defaultConcurrency,
                batching: Batching = .byLength, precision requested: EncoderPrecision = .fp32) throws {
        precondition(batchSize > 0 && concurrency > 0, "batch size and concurrency must be positive")
        for name in ["model.safetensors", "config.json", "vocab.txt"] {
            let url = modelDirectory.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw ModelFileError(.missingFile, file: url, "the MiniLM model is not installed; run `\(Self.setupCommand)` (or `make setup`) from the repository root")
            }
        }
        let plan = KernelPlan(requested: requested)
        if let note = plan.fallbackNote { KernelPlan.sayOnce(note) }
        let model = try BertModel(directory: modelDirectory, int8: plan.precision == .int8)
        self.tokenizer = try BertTokenizer(vocabularyURL: modelDirectory.appendingPathComponent("vocab.txt"),
                                           lowercase: true, maxLength: model.configuration.maxSequenceLength)
        self.model = model
        self.batchSize = batchSize
        self.concurrency = concurrency
        self.batching = batching
        self.precision = plan.precision
        self.kernels = plan.description
        self.identifier = Self.identifier(modelDirectory: modelDirectory, precision: plan.precision)
    }

    /// The ``identifier`` of the encoder loaded from `modelDirectory` running at `precision`, without loading it:
    /// what embeddings stored by that encoder are labelled with.
    public static func identifier(modelDirectory: URL, precision: EncoderPrecision = .fp32) -> String {
        "minilm:" + modelDirectory.standardizedFileURL.lastPathComponent + (precision == .fp32 ? "" : "@" + precision.rawValue)
    }

    /// One batch per active processor. A round of several batches runs with OpenBLAS
    /// single-threaded (``BLAS/withSingleThreadedCalls(_:)``), so every stage, LayerNorm, GELU,
    /// softmax and the small attention products included, runs in parallel, and no idle OpenBLAS
    /// thread spins; a lone batch keeps OpenBLAS's own threads. Measured faster than one batch at
    /// a time with multithreaded products on both machine kinds (Benchmarks/RESULTS.md, Encoder).
    public static var defaultConcurrency: Int { ProcessInfo.processInfo.activeProcessorCount }

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
    /// Sequences run `batchSize` at a time as ``batching`` groups them, `concurrency` batches at once.
    /// - Precondition: ids within the vocabulary, sequences no longer than the model's 512 positions
    ///   (not truncated here: ``encode(_:)`` truncates to ``maxSequenceLength``).
    /// - Returns: a `tokenIDs.count × 384` matrix of unit rows (an empty sequence gives a zero row).
    /// - Complexity: O(tokens · 21 MFLOP) plus attention, O(Σ length²).
    public func embed(tokenIDs: [[Int32]]) -> Matrix {
        embedInBatches(tokenIDs, beforeEachRound: {})
    }

    /// Tokenises and embeds `texts`; row `i` is the L2-normalised embedding of `texts[i]`.
    /// - Throws: `CancellationError` when the task is cancelled (checked between rounds of batches).
    public func encode(_ texts: [String]) async throws -> Matrix {
        let ids = texts.map(tokenizer.encode)
        return try embedInBatches(ids, beforeEachRound: { try Task.checkCancellation() })
    }

    /// Batches as ``batching`` groups them, run `concurrency` at a time; rows scattered back to input order.
    private func embedInBatches(_ ids: [[Int32]], beforeEachRound: () throws -> Void) rethrows -> Matrix {
        var result = Matrix(rows: ids.count, columns: dimension)
        let order = batching == .inputOrder ? Array(ids.indices) : ids.indices.sorted { (ids[$0].count, $0) < (ids[$1].count, $1) }
        let batches = stride(from: 0, to: order.count, by: batchSize).map { Array(order[$0 ..< min($0 + batchSize, order.count)]) }
        for roundStart in stride(from: 0, to: batches.count, by: concurrency) {
            try beforeEachRound()
            let round = Array(batches[roundStart ..< min(roundStart + concurrency, batches.count)])
            let outputs = BatchOutputs(count: round.count)
            let model = self.model
            let runRound = {
                DispatchQueue.concurrentPerform(iterations: round.count) { slot in
                    outputs.store(model.forward(round[slot].map { ids[$0] }), at: slot)
                }
            }
            if round.count > 1 || batching == .inputOrder { BLAS.withSingleThreadedCalls(runRound) } else { runRound() }
            for (slot, members) in round.enumerated() {
                let embeddings = outputs.take(slot)
                for (row, index) in members.enumerated() {
                    for column in 0 ..< embeddings.columns { result[index, column] = embeddings[row, column] }
                }
            }
        }
        return result
    }
}

/// The embeddings of the batches of one round, filled in by concurrent workers.
private final class BatchOutputs: Sendable {
    private let slots: Mutex<[Matrix?]>

    init(count: Int) { slots = Mutex([Matrix?](repeating: nil, count: count)) }

    func store(_ matrix: Matrix, at slot: Int) { slots.withLock { $0[slot] = matrix } }

    /// The stored matrix; every slot is filled once `concurrentPerform` returns.
    func take(_ slot: Int) -> Matrix {
        slots.withLock { slots in
            guard let matrix = slots[slot] else { preconditionFailure("batch \(slot) produced no output") }
            return matrix
        }
    }
}

extension MiniLMEncoder: ReadabilityMeasuring {
    /// How much of `text` MiniLM can read, measured with its own tokenizer (see ``TextReadability``).
    public func readability(of text: String) -> TextReadability { tokenizer.readability(of: text) }
}

extension MiniLMEncoder {
    /// The cosine similarity at or above which two personas count as near-duplicates, by default.
    ///
    /// Used by `spb-generate`'s semantic gate and by `spb-analyze thresholds`. Chosen on persona pairs:
    /// the labelled dev split of `Benchmarks/persona-pairs/` (160 pairs; the 90-pair test split, written
    /// by another author, is only reported). The rule: the highest τ whose dev F1 is within 0.01 of the
    /// best single-cosine dev F1 (0.894 at 0.71), because a gate's false rejections cost an LLM call and
    /// narrow the data, and on persona pairs precision barely rises with τ (0.80 at 0.70, 0.81 at 0.80)
    /// while recall falls (1.00 → 0.86). At 0.75: dev P 0.81 / R 0.98 / F1 0.886, test F1 0.898 (0.835
    /// at the old 0.80); greedy dedup of the 4,893 Persona Hub personas MiniLM can read removes 8
    /// (57 at 0.70). Sentence sets (STS-B, MRPC, SICK) are secondary checks (Benchmarks/THRESHOLDS.md).
    public static let defaultDuplicateThreshold: Float = 0.75
}
