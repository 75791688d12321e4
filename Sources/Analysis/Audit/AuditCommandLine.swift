import CommandLineSupport
import Embedding
import Foundation
import LinearAlgebra
import PersonaKit

/// The options, help and argument parsing of `spb-analyze audit`, and the run itself with the models
/// supplied by the caller (the executable passes MiniLM and the stored-embeddings reader of `Sharding`).
public enum AuditCommandLine {
    /// `--threshold`: τ, whose default and help say why the audit's differs from the gate's.
    public static let threshold = SimilarityThresholdOption(
        default: AuditOptions.defaultThreshold,
        help: "Cosine similarity at which two items are near-duplicates (also the novelty cut). Higher than the gate's, split's and dedup's "
            + String(format: "%.2f", MiniLMEncoder.defaultDuplicateThreshold) + " on purpose: those reject on the first sign of a rewording, "
            + "the audit's clusters should be copies beyond doubt; pass " + String(format: "%.2f", MiniLMEncoder.defaultDuplicateThreshold)
            + " to see what the gate would have removed.")

    /// `--max-unreadable`.
    public static let maxUnreadable = MaxUnreadableOption(
        default: TextReadability.defaultMaxUnreadableShare,
        effect: "are set apart: they get their own section and stay out of near-duplicate and trope clusters, diversity and drift")

    /// Every option with its default.
    public static let options: [OptionSpec] = [
        OptionSpec("--out", valueName: "dir", help: "Directory for report.html, report.json, summary.md and notebooks-data/.", defaultValue: "audit-report"),
        OptionSpec("--embeddings", valueName: "path",
                   help: "Use stored embeddings instead of embedding: a .npy float32 matrix (rows matched to records by <stem>.ids.txt "
                       + "when present, else row-aligned) or a folder of spb-analyze embed shards. Their manifests must name MiniLM, "
                       + "the persona text template and the name masking this audit reads with (--keep-names); a mismatch, another "
                       + "row count or ids that do not match exit 65."),
        threshold.spec,
        maxUnreadable.spec,
        OptionSpec("--clusters", valueName: "k", help: "Number of trope clusters; chosen by silhouette over 2-12 when absent."),
        OptionSpec("--window", valueName: "n", help: "Items per drift window; a twentieth of the data (at least 25) when absent."),
        OptionSpec("--components", valueName: "file", help: "persona_components.json with the intended weights (a run directory's manifest names its own; a run without --inputs used the bundled set)."),
        FitField.option,
        OptionSpec("--exact-below", valueName: "n",
                   help: "From n readable items on, find the near-duplicate pairs by the partitioned search of spb-analyze dedup (which measures "
                       + "its recall and widens to 0.99) and the nearest-neighbour figures and novelty from --neighbour-sample rows compared "
                       + "with every row, instead of comparing every pair; the report's accuracy table says what is estimated and how well.",
                   defaultValue: String(AuditOptions.defaultExactBelow)),
        OptionSpec("--neighbour-sample", valueName: "n", help: "Past --exact-below: rows whose nearest neighbours are measured exactly.",
                   defaultValue: String(AuditOptions.defaultNeighbourSample)),
    ] + DatasetReadOptions.options(skipped: "counted in the report") + [
        DatasetReadOptions.reembedOption,
        SeedOption.spec(for: "k-means and every sample"),
        OptionSpec("--map-points", valueName: "n", help: "Most points drawn on the 2-D map (everything is still computed).", defaultValue: "2000"),
        OptionSpec("--name", valueName: "name", help: "Subfolder of notebooks-data/ (default: the input's file name)."),
        OptionSpec("--prompt-template", valueName: "file", help: "The prompt the personas were made with ({\"system\", \"user\"}, as spb-generate takes it), "
            + "for the prompt-echo content rule.", describedDefault: "a run directory's own prompt (manifest.json), else spb-generate's default prompt"),
    ]

    /// `--help`.
    public static let help = helpText(
        command: "spb-analyze audit", synopsis: "[options] <input>",
        summary: """
        Audits a persona dataset: rule violations (the card's and the content rules spb-generate applies, counted, nothing \
        dropped) and exact duplicates, near-duplicate clusters, diversity \
        (Vendi, distinct-n, entropy), trope clusters and phrase templates, drift over the run, and fit to the \
        intended component weights (and the spread of any categorical field, --fit-field). <input> is SPB JSONL or a JSON array, JSONL with --text-field, plain text \
        (one per line), a CSV column with --column, Parquet (persona columns, or one string column with --text-field \
        or --column), or a spb-generate run directory (stored embeddings, \
        events and rejects are reused). --embeddings hands it embeddings stored elsewhere (spb-analyze embed \
        shards or a .npy), so a large dataset is not embedded again.
        """,
        options: options)

    /// What a command line asks for.
    public struct Request: Sendable {
        /// The dataset file or run directory.
        public var input: URL
        /// The report folder (`--out`).
        public var out: URL
        /// How to read the input.
        public var read: AuditDataset.ReadOptions
        /// The audit's settings (components and prompt templates are read from their files by ``run(_:models:output:errorOutput:progress:)``).
        public var settings: AuditOptions
        /// `--components`, read before the input.
        public var components: URL?
        /// `--prompt-template`, read before the input.
        public var promptTemplate: URL?
        /// `--embeddings`.
        public var embeddings: URL?
        /// The notebooks-data subfolder (`--name`, else the input's file name without extension).
        public var name: String
    }

    /// Parses arguments (without the subcommand); nil when `--help` was asked for.
    /// - Throws: `UsageError` for a bad flag or value.
    public static func parse(_ arguments: [String]) throws(UsageError) -> Request? {
        let parsed = try ParsedArguments(arguments, options: options, positionalNames: ["input"])
        if parsed.wantsHelp { return nil }
        guard let input = parsed.positionals.first else { throw UsageError("missing <input>", hint: "spb-analyze audit --help") }
        var settings = AuditOptions()
        settings.threshold = try threshold.threshold(in: parsed)
        settings.maxUnreadableShare = try maxUnreadable.share(in: parsed)
        if parsed.isPresent("--clusters") {
            let k = try parsed.int("--clusters", default: 0)
            guard k >= 1 else { throw UsageError("--clusters must be at least 1, got \(k)") }
            settings.clusters = k
        }
        if parsed.isPresent("--window") {
            let window = try parsed.int("--window", default: 0)
            guard window >= 2 else { throw UsageError("--window must be at least 2, got \(window)") }
            settings.windowSize = window
        }
        settings.seed = try SeedOption.seed(in: parsed)
        settings.mapPoints = max(1, try parsed.int("--map-points", default: 2000))
        settings.fitFields = try FitField.all(in: parsed)
        settings.exactBelow = try parsed.int("--exact-below", default: AuditOptions.defaultExactBelow)
        guard settings.exactBelow >= 2 else { throw UsageError("--exact-below must be at least 2, got \(settings.exactBelow)") }
        settings.neighbourSample = try parsed.int("--neighbour-sample", default: AuditOptions.defaultNeighbourSample)
        guard settings.neighbourSample >= 2 else { throw UsageError("--neighbour-sample must be at least 2, got \(settings.neighbourSample)") }
        var read = AuditDataset.ReadOptions(try DatasetReadOptions(parsed: parsed), reembed: parsed.flag(DatasetReadOptions.reembedOption.name))
        read.categoryFields = settings.fitFields.map(\.name)
        let inputURL = URL(fileURLWithPath: input)
        return Request(input: inputURL, out: URL(fileURLWithPath: parsed.string("--out", default: "audit-report")),
                       read: read,
                       settings: settings,
                       components: parsed.value("--components").map { URL(fileURLWithPath: $0) },
                       promptTemplate: parsed.value("--prompt-template").map { URL(fileURLWithPath: $0) },
                       embeddings: parsed.value("--embeddings").map { URL(fileURLWithPath: $0) },
                       name: parsed.value("--name") ?? inputURL.deletingPathExtension().lastPathComponent)
    }

    /// What the audit loads from outside Analysis, as values so tests can inject small ones.
    public struct Models: Sendable {
        /// The encoder, for data without stored embeddings (and a steered run's rejections).
        public var encoder: @Sendable () throws -> any TextEncoder
        /// The readability measure for data with stored embeddings; nil when the model is not installed.
        public var readability: @Sendable () throws -> (any ReadabilityMeasuring)?
        /// `--embeddings`: the stored rows of `url` in the order of `dataset`'s records (read with `read`),
        /// and where they came from; an `InputError` when they do not fit the dataset.
        public var storedEmbeddings: @Sendable (_ url: URL, _ dataset: AuditDataset, _ read: AuditDataset.ReadOptions) throws
            -> (vectors: Matrix, source: String)
        /// The pair search past `--exact-below` (Sharding's partitioned search); nil keeps the exact pass at any size.
        public var pairSearch: PairSearch?

        /// Creates the models.
        public init(encoder: @escaping @Sendable () throws -> any TextEncoder,
                    readability: @escaping @Sendable () throws -> (any ReadabilityMeasuring)?,
                    storedEmbeddings: @escaping @Sendable (_ url: URL, _ dataset: AuditDataset, _ read: AuditDataset.ReadOptions) throws
                        -> (vectors: Matrix, source: String),
                    pairSearch: PairSearch? = nil) {
            self.encoder = encoder
            self.readability = readability
            self.storedEmbeddings = storedEmbeddings
            self.pairSearch = pairSearch
        }

        /// MiniLM from the usual model folder (its vocabulary measures readability), with `storedEmbeddings` and `pairSearch`.
        public static func miniLM(storedEmbeddings: @escaping @Sendable (_ url: URL, _ dataset: AuditDataset, _ read: AuditDataset.ReadOptions) throws
                                      -> (vectors: Matrix, source: String), pairSearch: PairSearch? = nil) -> Models {
            Models(encoder: { try MiniLMEncoder(modelDirectory: MiniLMEncoder.locateModelDirectory()) },
                   readability: {
                       guard let directory = try? MiniLMEncoder.locateModelDirectory() else { return nil }
                       return try BertTokenizer(vocabularyURL: directory.appendingPathComponent("vocab.txt"))
                   },
                   storedEmbeddings: storedEmbeddings, pairSearch: pairSearch)
        }
    }

    /// Runs `spb-analyze audit`: 0 on success (help included), 64 for a usage error, 65 for bad input, 1 otherwise.
    /// - Parameters:
    ///   - arguments: the arguments after `audit`.
    ///   - models: the encoder, readability measure and stored-embeddings reader.
    ///   - output: where the help goes (standard output by default).
    ///   - errorOutput: where notes and error messages go (standard error by default).
    ///   - progress: where progress lines go (standard error by default, redrawn on a terminal).
    public static func run(_ arguments: [String], models: Models,
                           output: @Sendable (String) -> Void = { print($0, terminator: "") },
                           errorOutput: @escaping @Sendable (String) -> Void = StandardError.write,
                           progress: ProgressStream = .standardError) async -> Int32 {
        await CommandRunner.run(errorOutput: errorOutput) {
            guard let request = try parse(arguments) else {
                output(help)
                return
            }
            var settings = request.settings
            settings.pairSearch = models.pairSearch
            if let url = request.components { settings.components = try ComponentsFile(contentsOf: url) }
            if let url = request.promptTemplate { settings.promptTemplates = try PromptTemplateFile.templates(contentsOf: url) }
            let reading = ProgressReporter(label: "reading", total: nil, stream: progress)
            var dataset = try AuditDataset.read(request.input, options: request.read)
            reading.finish(summary: "\(dataset.count) items\(dataset.skippedRecords > 0 ? ", \(dataset.skippedRecords) skipped" : "")")
            guard dataset.count >= 2 else {
                throw InputError(file: request.input.relativePath, line: nil, field: nil, message: "needs at least 2 items, found \(dataset.count)")
            }
            if let url = request.embeddings {
                let loading = ProgressReporter(label: "embeddings", total: nil, stream: progress)
                let stored = try models.storedEmbeddings(url, dataset, request.read)
                (dataset.storedEmbeddings, dataset.storedEmbeddingsSource, dataset.storedEmbeddingsNote) = (stored.vectors, stored.source, nil)
                loading.finish(summary: "\(stored.vectors.rows) × \(stored.vectors.columns) from \(url.relativePath)")
            }

            var encoder: (any TextEncoder)?
            var readability: (any ReadabilityMeasuring)?
            if dataset.storedEmbeddings == nil {
                encoder = try models.encoder()
            } else if let measure = try models.readability() {
                // Stored embeddings need no model, but the readability check needs its vocabulary,
                // and the steering section embeds a steered run's rejections.
                readability = measure
                if dataset.run?.steering?.rejects.isEmpty == false { encoder = try? models.encoder() }
            }
            let stages = StageProgress(stream: progress)
            let result = try await Auditor.run(dataset: dataset, encoder: encoder, readability: readability, options: settings) { stage, done, total in
                stages.update(stage: stage, completed: done, total: total)
            }
            stages.finishAll()
            try result.write(to: request.out, name: request.name, mapPoints: settings.mapPoints, seed: settings.seed,
                             subtitle: "spb-analyze audit \(arguments.joined(separator: " "))")
            errorOutput("wrote \(request.out.appendingPathComponent("report.html").path), report.json, summary.md and notebooks-data/\n")
        }
    }
}
