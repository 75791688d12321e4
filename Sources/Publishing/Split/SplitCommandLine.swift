import Analysis
import CommandLineSupport
import Embedding
import Foundation
import PersonaKit

/// The options, help and argument parsing of `spb-analyze split`, and the run itself with the
/// encoder supplied by the caller (the executable passes MiniLM, tests a stand-in).
public enum SplitCommandLine {
    /// `--threshold`: the generator's gate τ by default.
    public static let threshold = SimilarityThresholdOption(
        default: MiniLMEncoder.defaultDuplicateThreshold,
        help: "Cosine similarity at which two items are near-duplicates and stay in one split (the generator's gate).")

    /// `--max-unreadable`.
    public static let maxUnreadable = MaxUnreadableOption(
        default: TextReadability.defaultMaxUnreadableShare, effect: "are each their own group and left out of the leakage figures")

    /// The options that choose how to split (shared with `spb-analyze publish`), with their defaults.
    public static let settingOptions: [OptionSpec] = [
        OptionSpec("--ratios", valueName: "train,validation,test", help: "Shares of the three splits, summing to 1 (a zero ratio leaves a split empty).", defaultValue: "0.8,0.1,0.1"),
        SeedOption.spec(for: "the group order, k-means and the random baseline split"),
        threshold.spec,
        OptionSpec("--hold-out-by", valueName: "cluster|profession|field",
                   help: "Put whole trope clusters, professions or values of a top-level field in test (train and validation share the other values)."),
        OptionSpec("--clusters", valueName: "k", help: "Number of trope clusters (stratification and --hold-out-by cluster); chosen by silhouette over 2-12 when absent."),
        maxUnreadable.spec,
    ]

    /// Every option with its default.
    public static let options: [OptionSpec] = [
        OptionSpec("--out", valueName: "dir", help: "Directory for train.jsonl, validation.jsonl, test.jsonl, split-report.json and split-report.md.", defaultValue: "split"),
    ] + settingOptions + DatasetReadOptions.options(textFieldNote: "Each line is written unchanged (for Parquet, every column of the row).",
                                                    columnNote: "Each is written as {\"text\": ...}.", skipped: "counted in the report")

    /// `--help`.
    public static let help = helpText(
        command: "spb-analyze split", synopsis: "[options] <input>",
        summary: """
        Splits a dataset into train, validation and test without leakage: every group of near-duplicates \
        (cosine >= tau) stays in one split, category shares (profession, 10-year age band, trope cluster) \
        are kept close to the whole set's, and the report compares the leakage with a random split. \
        <input> is anything spb-analyze audit reads; a run directory's stored embeddings are reused.
        """,
        options: options)

    /// What a command line asks for.
    public struct Request: Sendable {
        public var input: URL
        public var out: URL
        public var read: AuditDataset.ReadOptions
        public var settings: SplitSettings
    }

    /// Parses arguments (without the subcommand); nil when `--help` was asked for.
    /// - Throws: `UsageError` for a bad flag or value.
    public static func parse(_ arguments: [String]) throws(UsageError) -> Request? {
        let parsed = try ParsedArguments(arguments, options: options, positionalNames: ["input"])
        if parsed.wantsHelp { return nil }
        guard let input = parsed.positionals.first else { throw UsageError("missing <input>", hint: "spb-analyze split --help") }
        let settings = try settings(parsed)
        let read = AuditDataset.ReadOptions(try DatasetReadOptions(parsed: parsed))
        return Request(input: URL(fileURLWithPath: input), out: URL(fileURLWithPath: parsed.string("--out", default: "split")),
                       read: read, settings: settings)
    }

    /// The split settings of `settingOptions` in a parsed command line (`split` and `publish`).
    /// - Throws: `UsageError` for a bad value.
    public static func settings(_ parsed: ParsedArguments) throws(UsageError) -> SplitSettings {
        var settings = SplitSettings()
        settings.ratios = try ratios(parsed.string("--ratios", default: "0.8,0.1,0.1"))
        settings.threshold = try threshold.threshold(in: parsed)
        settings.seed = try SeedOption.seed(in: parsed)
        settings.maxUnreadableShare = try maxUnreadable.share(in: parsed)
        if parsed.isPresent("--clusters") {
            let k = try parsed.int("--clusters", default: 0)
            guard k >= 1 else { throw UsageError("--clusters must be at least 1, got \(k)") }
            settings.clusters = k
        }
        if let holdOut = parsed.value("--hold-out-by") {
            guard !holdOut.isEmpty else { throw UsageError("--hold-out-by needs cluster, profession or a field name") }
            guard settings.ratios[2] > 0 else { throw UsageError("--hold-out-by puts the held-out groups in test, but the test ratio is 0") }
            settings.holdOut = HoldOut(holdOut)
        }
        return settings
    }

    /// Parses `--ratios`: three non-negative numbers summing to 1 (± 0.001), train above 0.
    /// - Throws: `UsageError`.
    public static func ratios(_ text: String) throws(UsageError) -> [Double] {
        let hint = "e.g. --ratios 0.8,0.1,0.1 (train, validation, test)"
        let values = text.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard values.count == 3, values.allSatisfy({ $0 != nil }) else { throw UsageError("--ratios needs three comma-separated numbers, got '\(text)'", hint: hint) }
        let ratios = values.compactMap { $0 }
        guard ratios.allSatisfy({ $0.isFinite && $0 >= 0 }), ratios[0] > 0 else {
            throw UsageError("--ratios must be non-negative with a positive train share, got '\(text)'", hint: hint)
        }
        guard abs(ratios.reduce(0, +) - 1) <= 0.001 else { throw UsageError("--ratios must sum to 1, got '\(text)'", hint: hint) }
        return ratios
    }

    /// The models a run needs: an encoder when the data has no stored embeddings, and a readability measure.
    public typealias Models = @Sendable (_ needsEncoder: Bool) throws -> (encoder: (any TextEncoder)?, readability: (any ReadabilityMeasuring)?)

    /// Runs `spb-analyze split`: 0 on success (help included), 64 for a usage error, 65 for bad input, 1 otherwise.
    /// - Parameters:
    ///   - arguments: the arguments after `split`.
    ///   - models: loads the encoder and readability measure.
    ///   - output: where the summary and the help go (standard output by default).
    ///   - errorOutput: where error messages go (standard error by default).
    public static func run(_ arguments: [String], models: Models,
                           output: @Sendable (String) -> Void = { print($0, terminator: "") },
                           errorOutput: @Sendable (String) -> Void = StandardError.write) async -> Int32 {
        await CommandRunner.run(errorOutput: errorOutput) {
            guard let request = try parse(arguments) else {
                output(help)
                return
            }
            let reading = ProgressReporter(label: "reading", total: nil)
            let input = try SplitInput.read(request.input, options: request.read)
            reading.finish(summary: "\(input.count) items\(input.dataset.skippedRecords > 0 ? ", \(input.dataset.skippedRecords) skipped" : "")")
            guard input.count >= 2 else {
                throw InputError(file: request.input.relativePath, line: nil, field: nil, message: "needs at least 2 items, found \(input.count)")
            }
            let loaded = try models(input.dataset.storedEmbeddings?.rows != input.count)
            let result = try await DatasetSplitter.split(input, encoder: loaded.encoder, readability: loaded.readability, settings: request.settings)
            try SplitWriter.write(result, records: input.records, to: request.out)
            output(result.report.summary())
            StandardError.write("wrote \(PublishedFiles.splits.map { PublishedFiles.split($0) }.joined(separator: ", ")), \(PublishedFiles.splitReport) "
                                + "and \(PublishedFiles.splitSummary) to \(request.out.path)\n")
        }
    }
}
