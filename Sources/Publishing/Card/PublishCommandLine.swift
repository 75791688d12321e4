import Analysis
import CommandLineSupport
import Foundation
import PersonaKit

/// `spb-analyze publish`: audit, split and card into one folder that can be pushed to the Hugging
/// Face Hub as it is (names from ``PublishedFiles``): the split files (JSONL, or Parquet with
/// `--format parquet`) and reports, `audit/` and `README.md`. The split runs first so the card reads its report; the card's numbers are the
/// audit written beside it.
public enum PublishCommandLine {
    /// Every option, with its default as `--help` shows it.
    public static let options: [OptionSpec] = [
        OptionSpec("--out", valueName: "dir", help: "The folder to publish (created; must not be the input).", defaultValue: "hub-dataset"),
        OptionSpec("--pretty-name", valueName: "name", help: "The card's title, pretty_name (default: the input's name)."),
        OptionSpec("--components", valueName: "file", help: "persona_components.json with the intended weights (a run directory's manifest names its own)."),
        FitField.option,
        OptionSpec("--format", valueName: PublishedFiles.SplitFormat.allCases.map(\.rawValue).joined(separator: "|"),
                   help: "The split files: JSONL (\(PublishedFiles.split("train"))) or Parquet (\(PublishedFiles.split("train", format: .parquet)), "
                       + "snappy, dictionary-encoded strings, every field a typed column), named by the card's configs.",
                   choices: PublishedFiles.SplitFormat.self, defaultValue: .jsonl),
        OptionSpec("--row-group-rows", valueName: "n", help: "With --format parquet: rows per row group (readers hold one row group in memory).",
                   defaultValue: String(SplitWriter.defaultRowGroupRows)),
    ] + SplitCommandLine.settingOptions + DatasetReadOptions.options(skipped: "counted in the card")

    /// `--help`.
    public static let help = helpText(
        command: "spb-analyze publish", synopsis: "[options] <run-directory-or-dataset>",
        summary: """
        Makes a folder ready for the Hugging Face Hub: train/validation/test splits that keep near-duplicates together \
        (spb-analyze split, with its options), the audit in \(PublishedFiles.audit)/ (spb-analyze audit with its defaults) \
        and the dataset card \(PublishedFiles.card) written from both (spb-analyze card).
        """,
        options: options)

    /// Runs the command; returns the exit status (0, 64 usage, 65 bad input naming the file, 1 otherwise).
    public static func run(_ arguments: [String], encoders: AuditEncoders = .live, progress: @escaping AuditProgress = { _, _, _ in },
                           output: @Sendable (String) -> Void = { print($0, terminator: "") },
                           errorOutput: @escaping @Sendable (String) -> Void = StandardError.write) async -> Int32 {
        await CommandRunner.run(errorOutput: errorOutput) {
            let parsed = try ParsedArguments(arguments, options: options, positionalNames: ["input"])
            if parsed.wantsHelp {
                output(help)
                return
            }
            guard let input = parsed.positionals.first else { throw UsageError("missing <run-directory-or-dataset>", hint: "spb-analyze publish --help") }
            let out = URL(fileURLWithPath: parsed.string("--out", default: "hub-dataset"))
            let inputURL = URL(fileURLWithPath: input)
            guard out.standardizedFileURL.path != inputURL.standardizedFileURL.path else {
                throw UsageError("--out must not be the input", hint: "e.g. --out \(inputURL.lastPathComponent)-hub")
            }
            let splitSettings = try SplitCommandLine.settings(parsed)
            let (format, rowGroupRows) = try splitFiles(parsed)
            var request = try CardCommandLine.request(parsed, input: input)
            request.splitDirectory = out

            let split = try SplitInput.read(inputURL, options: request.readOptions)
            guard split.count >= 2 else { throw InputError(file: inputURL.relativePath, line: nil, field: nil, message: "needs at least 2 items, found \(split.count)") }
            let needsEncoder = split.dataset.storedEmbeddings?.rows != split.count
            let result = try await DatasetSplitter.split(split, encoder: needsEncoder ? try encoders.encoder() : nil,
                                                         readability: needsEncoder ? nil : encoders.readability(),
                                                         settings: splitSettings, progress: progress)
            try SplitWriter.write(result, records: split.records, to: out, format: format, rowGroupRows: rowGroupRows)

            let (facts, audit) = try await CardFacts.gather(request, encoders: encoders, progress: progress)
            if let audit {
                let settings = request.auditOptions
                try audit.write(to: out.appendingPathComponent(PublishedFiles.audit), name: facts.prettyName, mapPoints: settings.mapPoints,
                                seed: settings.seed, subtitle: "spb-analyze publish")
            }
            try CardCommandLine.write(CardRenderer.markdown(facts), to: out.appendingPathComponent(PublishedFiles.card))
            errorOutput("wrote \(PublishedFiles.splits.map { PublishedFiles.split($0, format: format) }.joined(separator: ", ")), "
                + "\(PublishedFiles.splitReport), \(PublishedFiles.splitSummary), \(PublishedFiles.audit)/ and \(PublishedFiles.card) to \(out.path)\n")
        }
    }

    /// `--format` and `--row-group-rows`.
    /// - Throws: `UsageError` for an unknown format, a row group size below 1, or a size without `--format parquet`.
    static func splitFiles(_ parsed: ParsedArguments) throws(UsageError) -> (PublishedFiles.SplitFormat, Int) {
        let format = try parsed.choice("--format", as: PublishedFiles.SplitFormat.self) ?? .jsonl
        guard format == .parquet || !parsed.isPresent("--row-group-rows") else {
            throw UsageError("--row-group-rows applies to --format parquet only")
        }
        let rows = try parsed.int("--row-group-rows", default: SplitWriter.defaultRowGroupRows)
        guard rows >= 1 else { throw UsageError("--row-group-rows must be at least 1, got \(rows)") }
        return (format, rows)
    }
}
