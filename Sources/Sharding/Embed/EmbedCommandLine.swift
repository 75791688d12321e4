import Analysis
import CommandLineSupport
import Embedding
import Foundation
import LinearAlgebra
import PersonaKit

/// The options, help and argument parsing of `spb-analyze embed`, and the run itself with the
/// encoder supplied by the caller (the executable passes MiniLM).
///
/// One run writes shard `I` of `N` (``ShardSpec``: contiguous ranges of record index) as the three
/// files ``ShardFiles`` names. A shard whose manifest exists and whose `.npy` and ids files match
/// the manifest's checksums, for the same input path and size, is not redone.
///
/// Shards of one input concatenate to the unsharded output byte for byte. OpenBLAS's `sgemm` does
/// not give a row the same bits at every position of a product (the Haswell kernel that AMD EPYC
/// Zen 3 runs does not), so a text's embedding depends on its batch. The encoder therefore batches
/// in input order, ``recordsPerBlock`` texts at a time and single-threaded, and shards are cut at
/// multiples of that (``ShardSpec``): every text is embedded in the same batch, at the same
/// position, whichever shard embeds it. The tests check the bits.
public enum EmbedCommandLine {
    /// Records per encoder batch and per shard block (``ShardSpec/records(of:blockSize:)``).
    public static let recordsPerBlock = 32

    /// MiniLM as `embed` runs it: batches of ``recordsPerBlock`` texts in input order, single-threaded
    /// products, `threads` batches at once (so a text's bits do not depend on the shard), at `precision`.
    public static func miniLM(modelDirectory: URL, threads: Int, precision: EncoderPrecision = .fp32) throws -> MiniLMEncoder {
        try MiniLMEncoder(modelDirectory: modelDirectory, batchSize: recordsPerBlock, concurrency: threads, batching: .inputOrder,
                          precision: precision)
    }

    /// Every option with its default.
    public static let options: [OptionSpec] = [
        OptionSpec("--out", valueName: "dir", help: "Directory for the shard's .npy, .ids.txt and .json manifest.", defaultValue: "embeddings"),
        OptionSpec("--shard", valueName: "I/N",
                   help: "Embed shard I of N (1-based): records are cut into blocks of \(recordsPerBlock) in input order (one encoder batch each), "
                       + "and block b of B belongs to shard floor(b*N/B)+1, so shards are contiguous and equal the whole, byte for byte.",
                   defaultValue: "1/1"),
    ] + DatasetReadOptions.options(skipped: "not counted as records, so shards stay aligned") + [
        OptionSpec("--precision", valueName: "name", help: EncoderPrecision.optionHelp
            + " Every shard of a set must use the same one (dedup refuses a mix); a run directory's stored rows are re-emitted only at its own precision.",
                   choices: EncoderPrecision.self, defaultValue: .fp32),
        DatasetReadOptions.reembedOption,
        ParsedArguments.threadsOption,
    ]

    /// `--help`.
    public static let help = helpText(
        command: "spb-analyze embed", synopsis: "[options] <input>",
        summary: """
        Embeds one shard of a dataset with MiniLM and writes it as a float32 .npy matrix, a row-aligned \
        ids file (persona id, else line number) and a manifest with the SHA-256 of the .npy, written last. \
        A finished shard is not redone; shards 1..N concatenated equal --shard 1/1 byte for byte. \
        <input> is anything spb-analyze audit reads; a run directory's stored embeddings are re-emitted.
        """,
        options: options)

    /// What a command line asks for.
    public struct Request: Sendable {
        /// The input path.
        public var input: URL
        /// The output directory.
        public var out: URL
        /// How to read the input.
        public var read: AuditDataset.ReadOptions
        /// Which shard.
        public var shard: ShardSpec
        /// Whether to embed a run directory even when its stored embeddings are complete.
        public var reembed: Bool
        /// Threads for the encoder (`--threads`).
        public var threads: Int
        /// The encoder's precision (`--precision`).
        public var precision: EncoderPrecision
    }

    /// Parses arguments (without the subcommand); nil when `--help` was asked for.
    /// - Throws: `UsageError` for a bad flag or value.
    public static func parse(_ arguments: [String]) throws(UsageError) -> Request? {
        let parsed = try ParsedArguments(arguments, options: options, positionalNames: ["input"])
        if parsed.wantsHelp { return nil }
        guard let input = parsed.positionals.first else { throw UsageError("missing <input>", hint: "spb-analyze embed --help") }
        let shard = try shard(parsed.string("--shard", default: "1/1"))
        let read = AuditDataset.ReadOptions(try DatasetReadOptions(parsed: parsed))
        return Request(input: URL(fileURLWithPath: input), out: URL(fileURLWithPath: parsed.string("--out", default: "embeddings")),
                       read: read, shard: shard, reembed: parsed.flag("--reembed"), threads: try parsed.threads(),
                       precision: try parsed.choice("--precision") ?? .fp32)
    }

    /// Parses `--shard I/N`.
    /// - Throws: `UsageError` for anything but two integers with `1 ≤ I ≤ N`.
    public static func shard(_ text: String) throws(UsageError) -> ShardSpec {
        let hint = "e.g. --shard 2/4 embeds the second of four equal parts"
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw UsageError("--shard expects I/N (shard I of N, 1-based), got '\(text)'", hint: hint)
        }
        guard count >= 1 else { throw UsageError("--shard needs at least one shard, got \(index)/\(count)", hint: hint) }
        guard let shard = ShardSpec(index: index, count: count) else {
            throw UsageError("--shard \(index)/\(count): the shard number must be between 1 and \(count)", hint: hint)
        }
        return shard
    }

    /// Loads the encoder for the given thread count and precision; called only when the shard has to be embedded.
    public typealias EncoderLoader = @Sendable (_ threads: Int, _ precision: EncoderPrecision) throws -> any TextEncoder

    /// Runs `spb-analyze embed`: 0 on success (help and an already finished shard included), 64 for a
    /// usage error, 65 for bad input, 1 otherwise.
    /// - Parameters:
    ///   - arguments: the arguments after `embed`.
    ///   - encoder: loads the encoder.
    ///   - output: where the one-line summary and the help go (standard output by default).
    ///   - errorOutput: where notes and error messages go (standard error by default).
    ///   - progress: where progress lines go (standard error by default, redrawn on a terminal).
    /// - Complexity: two streamed passes over the input; memory O(shard rows · (text + dimension)).
    public static func run(_ arguments: [String], encoder: EncoderLoader,
                           output: @Sendable (String) -> Void = { print($0, terminator: "") },
                           errorOutput: @escaping @Sendable (String) -> Void = StandardError.write,
                           progress: ProgressStream = .standardError) async -> Int32 {
        await CommandRunner.run(errorOutput: errorOutput) {
            guard let request = try parse(arguments) else {
                output(help)
                return
            }
            let shard = request.shard
            let input = try EmbedInput(url: request.input, read: request.read)
            let inputBytes = try input.byteSize()
            let manifestURL = request.out.appendingPathComponent(ShardFiles.manifest(shard: shard.index, of: shard.count))
            switch finishedState(request: request, inputBytes: inputBytes) {
            case .finished:
                errorOutput("shard \(shard) already finished: \(manifestURL.path) and its checksums match; nothing to do\n")
                return
            case let .stale(reason):
                errorOutput("shard \(shard): \(reason); redoing it\n")
            case .absent:
                break
            }

            let reading = ProgressReporter(label: "reading", total: nil, stream: progress)
            let (total, skipped) = try input.countRecords()
            reading.finish(summary: "\(total) records\(skipped > 0 ? ", \(skipped) skipped" : "")")
            guard total > 0 else { throw InputError(file: request.input.relativePath, line: nil, field: nil, message: "no records to embed") }
            let range = shard.records(of: total, blockSize: Self.recordsPerBlock)
            let (texts, ids) = try input.records(in: range)

            let embeddings: Matrix, model: String, source: String
            let stored = input.isRunDirectory && !request.reembed && skipped == 0 ? try StoredRunEmbeddings.open(runDirectory: request.input, records: total) : nil
            if let stored, stored.nameMasking != request.read.template.nameMasking {
                errorOutput("the run's embeddings.f32 was made with name masking \(stored.nameMasking), this embedding asks for "
                    + "\(request.read.template.nameMasking): embedding instead of re-emitting it\n")
            }
            let storedPrecision = stored.map { EncoderPrecision(identifier: $0.identifier) }
            if let stored, let storedPrecision, storedPrecision != request.precision {
                errorOutput("the run's embeddings.f32 was made at \(storedPrecision) precision (\(stored.identifier)), this embedding asks for "
                    + "\(request.precision): embedding instead of re-emitting it\n")
            }
            if let stored, stored.nameMasking == request.read.template.nameMasking, storedPrecision == request.precision {
                embeddings = try stored.rows(range)
                (model, source) = (stored.identifier, "stored")
                errorOutput("re-emitting rows \(range.lowerBound)..<\(range.upperBound) of the run's embeddings.f32 (\(stored.identifier)); --reembed embeds instead\n")
            } else {
                if request.threads < BLAS.threadCount { BLAS.setThreadCount(request.threads) }
                let textEncoder = try encoder(request.threads, request.precision)
                let embedding = ProgressReporter(label: "embedding \(shard)", total: texts.count, stream: progress)
                let start = ContinuousClock.now
                embeddings = try await Auditor.embed(texts, encoder: textEncoder, progress: { _, done, _ in embedding.update(completed: done) })
                let seconds = (ContinuousClock.now - start) / .seconds(1)
                embedding.finish(summary: "\(texts.count) texts, " + (seconds > 0 ? String(format: "%.1f texts/s", Double(texts.count) / seconds) : "instant"))
                (model, source) = (textEncoder.identifier, "encoded")
            }

            let holdsPersonas = input.format.holdsPersonas
            try ShardWriter.write(embeddings, ids: ids, shard: shard, to: request.out) { npySHA256, npyBytes, idsSHA256 in
                ShardManifest(shard: shard.index, shards: shard.count, model: model, precision: EncoderPrecision(identifier: model).rawValue,
                              dimension: embeddings.columns, embeddingsSource: source,
                              textTemplate: holdsPersonas ? "default" : nil, textTemplateSource: holdsPersonas ? request.read.template.source : nil,
                              nameMasking: holdsPersonas || request.read.nameField != nil ? request.read.template.nameMasking : nil,
                              count: embeddings.rows, firstRecord: range.isEmpty ? nil : range.lowerBound, lastRecord: range.isEmpty ? nil : range.upperBound - 1,
                              totalRecords: total, skippedRecords: skipped, npySHA256: npySHA256, npyBytes: npyBytes, idsSHA256: idsSHA256,
                              inputPath: request.input.relativePath, inputBytes: inputBytes,
                              inputFormat: input.isRunDirectory ? "spb-generate run directory" : input.format.description)
            }
            output("shard \(shard): records \(range.lowerBound)..<\(range.upperBound) of \(total), \(embeddings.rows) × \(embeddings.columns) → "
                   + request.out.appendingPathComponent(ShardFiles.embeddings(shard: shard.index, of: shard.count)).path + "\n")
        }
    }

    /// Whether a shard's files are already complete.
    enum FinishedState: Equatable {
        case absent
        case finished
        case stale(String)
    }

    /// The shard is finished when its manifest reads, names this shard, input path and input size,
    /// and the `.npy` and ids files on disk have the manifest's checksums.
    static func finishedState(request: Request, inputBytes: Int) -> FinishedState {
        let shard = request.shard
        let manifestURL = request.out.appendingPathComponent(ShardFiles.manifest(shard: shard.index, of: shard.count))
        guard FileManager.default.fileExists(atPath: manifestURL.path) else { return .absent }
        guard let manifest = ShardManifest.read(manifestURL) else { return .stale("\(manifestURL.path) is not a shard manifest") }
        guard manifest.shard == shard.index, manifest.shards == shard.count,
              manifest.inputPath == request.input.relativePath, manifest.inputBytes == inputBytes else {
            return .stale("\(manifestURL.path) describes another input or shard (\(manifest.inputPath), \(manifest.inputBytes) bytes, shard \(manifest.shard)/\(manifest.shards))")
        }
        let npy = checksum(request.out.appendingPathComponent(ShardFiles.embeddings(shard: shard.index, of: shard.count)))
        let ids = checksum(request.out.appendingPathComponent(ShardFiles.ids(shard: shard.index, of: shard.count)))
        guard npy?.sha256 == manifest.npySHA256, npy?.bytes == manifest.npyBytes, ids?.sha256 == manifest.idsSHA256 else {
            return .stale("the .npy or ids file does not match the checksums in \(manifestURL.path)")
        }
        let made = EncoderPrecision(identifier: manifest.model)
        if manifest.embeddingsSource == "encoded", made != request.precision {
            return .stale("\(manifestURL.path) was embedded at \(made) precision, --precision asks for \(request.precision)")
        }
        return .finished
    }

    private static func checksum(_ url: URL) -> (sha256: String, bytes: Int)? { ShardWriter.checksum(of: url) }
}
