import CommandLineSupport
import Embedding
import FieldScoring
import Foundation
import Judging
import LLMClient
import PersonaKit

/// The options, help and argument parsing of `spb-analyze thresholds`, and the run itself: what greedy dedup
/// keeps across τ on a dataset, or how well similarity scorers separate labelled duplicate pairs.
public enum ThresholdsCommandLine {
    /// The summary `--help` starts with.
    static let summary = """
    On a dataset: computes once, in file order, what greedy in-order dedup keeps at every τ of a sweep \
    (exactly, from one similarity pass) and shows example pairs just above and below the chosen τ. \
    With --pairs FILE...: scores labelled pair files (TSV/CSV/JSONL; STS-B, MRPC, PAWS, SICK, PersonaChat-tier \
    and persona-pair files are recognised by shape) and reports ROC-AUC, average precision, the best-F1 threshold, precision \
    at 90 % recall, and precision/recall/F1 at each scorer's fixed threshold (accuracy by kind when pairs have a kind). \
    --score fields compares the field-aware probability of persona pairs (at p*) with the whole-text cosine (at --tau) \
    and word Jaccard. \
    With MiniLM, texts it cannot read (--max-unreadable) are left out of the sweep, and pairs with such a side are \
    dropped for every scorer; both are counted in the report.
    """

    /// `--tau`: the generator's gate τ by default.
    public static let tau = SimilarityThresholdOption("--tau", valueName: "x", default: ThresholdDefaults.gate,
                                                      help: "The τ to report on (the generator's default gate).")

    /// `--max-unreadable`.
    public static let maxUnreadable = MaxUnreadableOption(
        default: TextReadability.defaultMaxUnreadableShare,
        effect: "are set apart: left out of the sweep, and pairs with such a side dropped for every scorer")

    /// Every option with its default.
    public static let options: [OptionSpec] = [
        OptionSpec("--pairs", help: "Score labelled pair files instead of sweeping a dataset."),
        tau.spec,
        maxUnreadable.spec,
        OptionSpec("--json", valueName: "path", help: "Also write the full report as JSON."),
        OptionSpec("--html", valueName: "path", help: "Also write a self-contained HTML report."),
        // Dataset sweep.
        OptionSpec("--format", valueName: "name", help: "Dataset format: jsonl, json, text, csv:COLUMN, jsonl:FIELD, parquet, parquet:COLUMN; inferred from the extension when absent."),
        DatasetReadOptions.skipInvalidOption("counted"),
        DatasetReadOptions.textTemplateOption,
        DatasetReadOptions.idFieldOption,
        DatasetReadOptions.keepNamesOption,
        DatasetReadOptions.nameFieldOption,
        OptionSpec("--encoder", valueName: "name", help: "Sweep encoder.", choices: ThresholdEncoders.SweepEncoder.self,
                   defaultValue: ThresholdEncoders.defaultEncoder),
        OptionSpec("--from", valueName: "x", help: "Smallest τ of the sweep.", defaultValue: String(format: "%.2f", ThresholdDefaults.from)),
        OptionSpec("--to", valueName: "x", help: "Largest τ of the sweep.", defaultValue: String(format: "%.2f", ThresholdDefaults.through)),
        OptionSpec("--step", valueName: "x", help: "Sweep step.", defaultValue: String(format: "%.2f", ThresholdDefaults.step)),
        OptionSpec("--keep", valueName: "n", help: "Choose the largest τ of the sweep keeping at most n items (kept counts need not be monotone in τ)."),
        OptionSpec("--examples", valueName: "n", help: "Example pairs per 0.01 band around τ.", defaultValue: "3"),
        // Labelled pairs.
        OptionSpec("--score", valueName: "name", help: "The gate score to evaluate: cosine (scorers "
                   + ThresholdEncoders.defaultScorers(for: .cosine).map(\.rawValue).joined(separator: ",") + ") or fields ("
                   + ThresholdEncoders.defaultScorers(for: .fields).map(\.rawValue).joined(separator: ",") + "; persona pairs only, fields reported at p* = "
                   + "\(String(format: "%.2f", ThresholdDefaults.fieldsProbability))).", choices: GateScore.self,
                   describedDefault: "\(GateScore.default.rawValue) for persona pairs, cosine for text pairs"),
        OptionSpec("--scorers", valueName: "list", help: "The scorers to compare (fields: persona pairs only).", listOf: ThresholdEncoders.Scorer.self,
                   describedDefault: "those of --score"),
        OptionSpec("--judge-base-url", valueName: "URL", help: "Also send persona pairs whose --score is in --judge-band to the LLM judge of "
                   + "spb-generate --judge at this OpenAI-compatible server, and report first stage alone against first stage + judge, the band "
                   + "share and the judge's calls, tokens and seconds."),
        OptionSpec("--judge-model", valueName: "name", help: "The judge model (with --judge-base-url)."),
        OptionSpec("--judge-band", valueName: "LOW,HIGH", help: "The band of --score sent to the judge.",
                   describedDefault: "\(JudgeBand.defaultBand(for: .cosine).text) (cosine), \(JudgeBand.defaultBand(for: .fields).text) (fields), as spb-generate"),
        OptionSpec("--judge-all", help: "Send every pair to the judge, not only the band (measures the judge alone)."),
        OptionSpec("--api-key-env", valueName: "VAR", help: "Environment variable holding the judge's API key (never written anywhere).",
                   defaultValue: "OPENAI_API_KEY"),
        OptionSpec("--label-column", valueName: "column", help: "Label column: 1-based number or header/field name (with --text-columns); a preset is chosen by file shape when absent."),
        OptionSpec("--text-columns", valueName: "a,b", help: "The two text columns."),
        OptionSpec("--positive-at-least", valueName: "x", help: "Graded labels: scores >= x are duplicates."),
        OptionSpec("--negative-at-most", valueName: "y", help: "Graded labels: scores <= y are not; scores in between are dropped and reported."),
        OptionSpec("--positive-values", valueName: "list", help: "Categorical labels: these values are duplicates."),
        OptionSpec("--negative-values", valueName: "list", help: "Categorical labels: these are not; other values are dropped and reported."),
        OptionSpec("--pair-format", valueName: "name", help: "The pair file's layout.", choices: PairFileSpec.Format.self,
                   describedDefault: "by extension: tsv unless .csv or .jsonl"),
        OptionSpec("--header", help: "The first row of the pair file is a header."),
        OptionSpec("--title", valueName: "text", help: "Markdown/report heading (default: \"Labelled pairs\" or \"Dedup sweep\")."),
        OptionSpec("--markdown", valueName: "path", help: "Also write the results as a Markdown section (headed by --title)."),
    ]

    /// `--help`.
    public static let help = helpText(command: "spb-analyze thresholds", synopsis: "[options] <dataset> | --pairs [options] <pairs>...",
                                      summary: summary, options: options)

    static let sweepOnly = ["--format", "--skip-invalid", "--text-template", "--id-field", "--name-field", "--encoder", "--from", "--to", "--step", "--keep", "--examples"]
    static let judgeFlags = ["--judge-base-url", "--judge-model", "--judge-band", "--judge-all", "--api-key-env"]
    static let ruleFlags = ["--positive-at-least", "--negative-at-most", "--positive-values", "--negative-values", "--pair-format", "--header"]
    static let pairsOnly = judgeFlags + ["--score", "--scorers", "--label-column", "--text-columns"] + ruleFlags
    /// The most τ values a sweep may have (the report has a row for each).
    static let maxSweepSteps = 10_000

    /// What a command line asks for: a dataset sweep or labelled pairs.
    public enum Request: Sendable {
        /// Sweep greedy dedup over τ on one dataset.
        case sweep(Sweep)
        /// Score labelled pair files.
        case pairs(Pairs)
    }

    /// Where the reports go besides standard output.
    public struct Outputs: Sendable {
        /// `--json`.
        public var json: URL?
        /// `--html`.
        public var html: URL?
        /// `--markdown`.
        public var markdown: URL?
        /// `--title`, nil for the mode's default.
        public var title: String?
    }

    /// A dataset sweep.
    public struct Sweep: Sendable {
        /// The dataset.
        public var input: URL
        /// `--format`; nil: inferred from the extension.
        public var format: InputFormat?
        /// `--skip-invalid`.
        public var mode: ErrorMode
        /// How personas become texts (`--keep-names`).
        public var template: PersonaTextTemplate
        /// Records with any fields (`--text-template`, `--name-field`, `--id-field`).
        public var records = SweepInput.RecordFields()
        /// `--encoder`.
        public var encoder: ThresholdEncoders.SweepEncoder
        /// The τ values swept (`--from`, `--to`, `--step`).
        public var grid: [Float]
        /// `--tau`.
        public var threshold: Float
        /// `--keep`.
        public var keep: Int?
        /// `--examples`.
        public var examples: Int
        /// `--max-unreadable`.
        public var maxUnreadableShare: Double
        /// Where the reports go.
        public var outputs: Outputs
    }

    /// Labelled pair files, and the judge when one is asked for.
    public struct Pairs: Sendable {
        /// The pair files.
        public var files: [URL]
        /// The explicit layout of the files, nil to detect a preset per file.
        public var spec: PairFileSpec?
        /// `--scorers`; nil: those of the score.
        public var scorers: [ThresholdEncoders.Scorer]?
        /// `--score`; nil: the gate's default for persona pairs, the cosine for text pairs.
        public var score: GateScore?
        /// `--tau`.
        public var threshold: Double
        /// `--max-unreadable`.
        public var maxUnreadableShare: Double
        /// How personas become texts (`--keep-names`).
        public var template: PersonaTextTemplate
        /// Where the reports go.
        public var outputs: Outputs
        /// The judge's settings, nil without `--judge-base-url`.
        public var judge: Judge?
    }

    /// The LLM judge of `--judge-base-url`.
    public struct Judge: Sendable {
        /// The server.
        public var baseURL: URL
        /// `--judge-model`.
        public var model: String
        /// `--api-key-env`.
        public var apiKeyVariable: String
        /// `--judge-band`; nil: the score's default band.
        public var band: JudgeBand?
        /// `--judge-all`.
        public var judgeAll: Bool
    }

    /// Parses arguments (without the subcommand); nil when `--help` was asked for.
    /// - Throws: `UsageError` for a bad flag or value, or flags of the other mode.
    public static func parse(_ arguments: [String]) throws(UsageError) -> Request? {
        let parsed = try ParsedArguments(arguments, options: options, positionalNames: ["input..."])
        if parsed.wantsHelp { return nil }
        let template = parsed.flag("--keep-names") ? PersonaTextTemplate.default.keepingNames() : .default
        let outputs = Outputs(json: parsed.value("--json").map { URL(fileURLWithPath: $0) }, html: parsed.value("--html").map { URL(fileURLWithPath: $0) },
                              markdown: parsed.value("--markdown").map { URL(fileURLWithPath: $0) }, title: parsed.value("--title"))
        if parsed.flag("--pairs") {
            if let misplaced = sweepOnly.first(where: parsed.isPresent) {
                throw UsageError("\(misplaced) applies to a dataset sweep, not --pairs")
            }
            return .pairs(Pairs(files: parsed.positionals.map { URL(fileURLWithPath: $0) }, spec: try pairSpec(parsed, firstFile: parsed.positionals[0]),
                                scorers: try parsed.choiceList("--scorers", as: ThresholdEncoders.Scorer.self),
                                score: try parsed.choice("--score", as: GateScore.self), threshold: try tau.value(in: parsed),
                                maxUnreadableShare: try maxUnreadable.share(in: parsed), template: template, outputs: outputs, judge: try judge(parsed)))
        }
        if let misplaced = pairsOnly.first(where: parsed.isPresent) {
            throw UsageError("\(misplaced) applies to --pairs only", hint: "add --pairs to score labelled pair files")
        }
        guard parsed.positionals.count == 1 else {
            throw UsageError("give exactly one dataset file", hint: "for several labelled pair files, add --pairs")
        }
        let from = try parsed.double("--from", default: ThresholdDefaults.from)
        let through = try parsed.double("--to", default: ThresholdDefaults.through)
        let step = try parsed.double("--step", default: ThresholdDefaults.step)
        guard step > 0, from <= through, from > -1, through <= 1 else {
            throw UsageError("the sweep needs -1 < --from <= --to <= 1 and --step > 0", hint: "e.g. --from 0.70 --to 0.99 --step 0.01")
        }
        guard (through - from) / step < Double(maxSweepSteps) else {
            throw UsageError("the sweep needs fewer than \(maxSweepSteps) steps from --from to --to", hint: "e.g. --step 0.01")
        }
        let keep = try parsed.isPresent("--keep") ? parsed.int("--keep", default: 0) : nil
        let examples = try parsed.int("--examples", default: 3)
        guard keep ?? 0 >= 0, examples >= 0 else { throw UsageError("--keep and --examples need whole numbers >= 0") }
        var format: InputFormat?
        if let name = parsed.value("--format") {
            guard let chosen = InputFormat(name: name) else {
                throw UsageError("unknown format '\(name)'", hint: "use jsonl, json, text, csv:COLUMN, jsonl:FIELD, parquet or parquet:COLUMN")
            }
            format = chosen
        }
        let records = SweepInput.RecordFields(textTemplate: try DatasetReadOptions.textTemplate(in: parsed), nameField: parsed.value("--name-field"),
                                              idField: parsed.value("--id-field"))
        if records.textTemplate != nil, let format, format != .personaJSONL, format != .personaJSONArray, format != .parquet(textColumn: nil) {
            throw UsageError("--text-template reads JSON objects or Parquet rows, not --format \(parsed.value("--format") ?? "")",
                             hint: "drop --format, or use jsonl, json or parquet")
        }
        let readsTextField: Bool = switch format {
        case .jsonl?: true
        case let .parquet(column)?: column != nil
        default: false
        }
        if records.nameField != nil, records.textTemplate == nil, !readsTextField {
            throw UsageError("--name-field needs --text-template, --format jsonl:FIELD or parquet:COLUMN",
                             hint: "persona records mask their own name field already")
        }
        var sweep = Sweep(input: URL(fileURLWithPath: parsed.positionals[0]), format: format, mode: parsed.flag("--skip-invalid") ? .skip : .strict,
                          template: template, encoder: try parsed.choice("--encoder") ?? ThresholdEncoders.defaultEncoder,
                          grid: thresholdGrid(from: from, through: through, step: step), threshold: try tau.threshold(in: parsed),
                          keep: keep, examples: examples, maxUnreadableShare: try maxUnreadable.share(in: parsed), outputs: outputs)
        sweep.records = records
        return .sweep(sweep)
    }

    /// The judge of `--judge-base-url` / `--judge-model`; nil without them.
    static func judge(_ parsed: ParsedArguments) throws(UsageError) -> Judge? {
        guard let base = parsed.value("--judge-base-url") else {
            if let flag = judgeFlags.first(where: parsed.isPresent) { throw UsageError("\(flag) needs --judge-base-url and --judge-model") }
            return nil
        }
        guard let url = URL(string: base), url.scheme == "http" || url.scheme == "https" else {
            throw UsageError("--judge-base-url must be an http(s) URL, got \(base)")
        }
        guard let model = parsed.value("--judge-model") else { throw UsageError("--judge-base-url needs --judge-model") }
        let band = try parsed.values("--judge-band").last.map { text throws(UsageError) in
            guard let band = JudgeBand.parse(text) else { throw UsageError("--judge-band expects LOW,HIGH with LOW <= HIGH, got \(text)") }
            return band
        }
        return Judge(baseURL: url, model: model, apiKeyVariable: parsed.string("--api-key-env", default: "OPENAI_API_KEY"), band: band,
                     judgeAll: parsed.flag("--judge-all"))
    }

    /// The explicit pair-file spec from flags, or nil to detect a preset per file.
    static func pairSpec(_ parsed: ParsedArguments, firstFile: String) throws(UsageError) -> PairFileSpec? {
        guard let label = parsed.value("--label-column"), let texts = parsed.value("--text-columns") else {
            if parsed.isPresent("--label-column") || parsed.isPresent("--text-columns") {
                throw UsageError("--label-column and --text-columns go together", hint: "e.g. --label-column 5 --text-columns 6,7")
            }
            if let flag = ruleFlags.first(where: parsed.isPresent) {
                throw UsageError("\(flag) needs --label-column and --text-columns", hint: "without them the file's preset is used")
            }
            return nil
        }
        let columns = texts.split(separator: ",").map { PairFileSpec.Column(String($0)) }
        guard columns.count == 2 else { throw UsageError("--text-columns needs two columns", hint: "e.g. 6,7 or sentence_A,sentence_B") }
        let rule: PairFileSpec.LabelRule
        switch (parsed.value("--positive-at-least"), parsed.value("--negative-at-most"),
                parsed.value("--positive-values"), parsed.value("--negative-values")) {
        case (nil, nil, nil, nil):
            rule = .binary
        case let (positive?, negative?, nil, nil):
            guard let p = Double(positive), let n = Double(negative), n < p else {
                throw UsageError("--positive-at-least and --negative-at-most need numbers, negative below positive", hint: "e.g. 4 and 2")
            }
            rule = .graded(positiveAtLeast: p, negativeAtMost: n)
        case let (nil, nil, positive?, negative?):
            rule = .categories(positive: Set(positive.split(separator: ",").map(String.init)),
                               negative: Set(negative.split(separator: ",").map(String.init)))
        default:
            throw UsageError("give both --positive-at-least and --negative-at-most, or both --positive-values and --negative-values")
        }
        let format: PairFileSpec.Format
        if let chosen = try parsed.choice("--pair-format", as: PairFileSpec.Format.self) {
            format = chosen
        } else {
            switch URL(fileURLWithPath: firstFile).pathExtension.lowercased() {
            case "csv": format = .csv
            case "jsonl", "ndjson": format = .jsonl
            default: format = .tsv
            }
        }
        return PairFileSpec(format: format, hasHeader: parsed.flag("--header"), labelColumn: PairFileSpec.Column(label),
                            textColumns: (columns[0], columns[1]), rule: rule)
    }

    /// Runs `spb-analyze thresholds`: 0 on success (help included), 64 for a usage error, 65 for bad input, 1 otherwise.
    /// - Parameters:
    ///   - arguments: the arguments after `thresholds`.
    ///   - output: where the reports' text and the help go (standard output by default).
    ///   - errorOutput: where notes and error messages go (standard error by default).
    public static func run(_ arguments: [String], output: @escaping @Sendable (String) -> Void = { print($0, terminator: "") },
                           errorOutput: @escaping @Sendable (String) -> Void = StandardError.write) async -> Int32 {
        await CommandRunner.run(errorOutput: errorOutput) {
            do {
                switch try parse(arguments) {
                case nil: output(help)
                case let .sweep(sweep)?: try await run(sweep, output: output, errorOutput: errorOutput)
                case let .pairs(pairs)?: try await run(pairs, output: output)
                }
            } catch let error as PersonaPairsNeeded {
                throw UsageError(error.description, hint: error.consumer == .judge ? "give a persona-pair JSONL file (Benchmarks/persona-pairs)"
                    : "give a JSONL file whose lines hold persona objects \"a\" and \"b\" and a \"label\" (Benchmarks/persona-pairs), or use --score cosine")
            }
        }
    }

    static func run(_ sweep: Sweep, output: @Sendable (String) -> Void, errorOutput: @Sendable (String) -> Void) async throws {
        let input = try SweepInput.read(sweep.input, format: sweep.format ?? InputFormat.infer(from: sweep.input), mode: sweep.mode,
                                        template: sweep.template, records: sweep.records)
        if input.summary.skippedCount > 0 {
            errorOutput("skipped \(input.summary.skippedCount) unreadable record(s); first: \(input.summary.skipped.first.map(String.init(describing:)) ?? "")\n")
        }
        let report = try await ThresholdRuns.sweep(items: input.items, source: sweep.input.lastPathComponent, encoder: sweep.encoder, grid: sweep.grid,
                                                   threshold: sweep.threshold, keep: sweep.keep, examplesPerBand: sweep.examples,
                                                   maxUnreadableShare: sweep.maxUnreadableShare)
        output(report.text())
        try writeJSON(report, to: sweep.outputs.json)
        try write(report.html(), to: sweep.outputs.html)
        try write(report.markdown(title: sweep.outputs.title ?? "Dedup sweep"), to: sweep.outputs.markdown)
    }

    static func run(_ request: Pairs, output: @Sendable (String) -> Void) async throws {
        // Without --score, the gate's default applies to persona pairs; text pairs (STS-B, MRPC, …) and a --scorers
        // list without the field-aware scorer get the cosine's.
        let score: GateScore
        if let chosen = request.score {
            score = chosen
        } else {
            let fieldsApply = try request.scorers.map { $0.contains(.fields) } ?? ThresholdRuns.holdPersonaPairs(files: request.files, spec: request.spec)
            score = fieldsApply ? GateScore.default : .cosine
        }
        let scorers = request.scorers ?? ThresholdEncoders.defaultScorers(for: score)
        if score == .fields, !scorers.contains(.fields) {
            throw UsageError("--score fields needs the fields scorer", hint: "add fields to --scorers, or leave --scorers out")
        }
        let report = try await ThresholdRuns.pairs(
            files: request.files, spec: request.spec, scorers: scorers, threshold: request.threshold, title: request.outputs.title ?? "Labelled pairs",
            maxUnreadableShare: request.maxUnreadableShare, template: request.template,
            progress: ProgressReporter(label: "scoring pairs", total: request.files.count * scorers.count))
        output(report.text())
        try writeJSON(report, to: request.outputs.json)
        try write(report.html(), to: request.outputs.html)
        try write(report.markdown(), to: request.outputs.markdown)
        if let settings = request.judge {
            let client = ChatCompletionClient(baseURL: settings.baseURL, model: settings.model,
                                              apiKey: ProcessInfo.processInfo.environment[settings.apiKeyVariable])
            let judge = PersonaJudge.live(client, options: PersonaJudge.options(timeout: ChatOptions().timeout, structuredOutput: .auto))
            let evaluations = try await ThresholdRuns.judged(
                files: request.files, spec: request.spec, score: score, threshold: request.threshold,
                band: settings.band ?? JudgeBand.defaultBand(for: score), judgeAll: settings.judgeAll, judge: judge,
                maxUnreadableShare: request.maxUnreadableShare, template: request.template)
            output("\nLLM judge\n" + evaluations.map { $0.text() }.joined())
        }
    }

    static func write(_ text: String, to url: URL?) throws {
        guard let url else { return }
        try Data(text.utf8).write(to: url)
    }

    static func writeJSON<T: Encodable>(_ value: T, to url: URL?) throws {
        guard let url else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(value).write(to: url)
    }
}
