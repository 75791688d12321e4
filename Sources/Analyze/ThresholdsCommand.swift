import CommandLineSupport
import FieldScoring
import Foundation
import Judging
import LLMClient
import PersonaKit
import Thresholds

/// `spb-analyze thresholds`: what greedy dedup keeps across τ on a dataset, or how well
/// similarity scorers separate labelled duplicate pairs. Parses arguments and writes files;
/// the work is in the `Thresholds` module.
enum ThresholdsCommand {
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

    static let options: [OptionSpec] = [
        OptionSpec("--pairs", help: "Score labelled pair files instead of sweeping a dataset."),
        OptionSpec("--tau", valueName: "x", help: "The τ to report on (the generator's default gate).",
                   defaultValue: String(format: "%.2f", Double(ThresholdDefaults.gate))),
        OptionSpec(MaxUnreadable.flag, valueName: "share", help: MaxUnreadable.help, defaultValue: MaxUnreadable.defaultText),
        OptionSpec("--json", valueName: "path", help: "Also write the full report as JSON."),
        OptionSpec("--html", valueName: "path", help: "Also write a self-contained HTML report."),
        // Dataset sweep.
        OptionSpec("--format", valueName: "name", help: "Dataset format: jsonl, json, text, csv:COLUMN, jsonl:FIELD, parquet, parquet:COLUMN; inferred from the extension when absent."),
        OptionSpec("--skip-invalid", help: "Skip unreadable records (counted) instead of stopping at the first."),
        .keepNames,
        OptionSpec("--encoder", valueName: "name", help: "Sweep encoder: \(ThresholdEncoders.sweepEncoderNames.joined(separator: ", ")).",
                   defaultValue: ThresholdEncoders.defaultEncoder),
        OptionSpec("--from", valueName: "x", help: "Smallest τ of the sweep.", defaultValue: "0.70"),
        OptionSpec("--to", valueName: "x", help: "Largest τ of the sweep.", defaultValue: "0.99"),
        OptionSpec("--step", valueName: "x", help: "Sweep step.", defaultValue: "0.01"),
        OptionSpec("--keep", valueName: "n", help: "Choose the largest τ of the sweep keeping at most n items (kept counts need not be monotone in τ)."),
        OptionSpec("--examples", valueName: "n", help: "Example pairs per 0.01 band around τ.", defaultValue: "3"),
        // Labelled pairs.
        OptionSpec("--score", valueName: "name", help: "The gate score to evaluate: cosine (scorers \(ThresholdEncoders.defaultScorers(for: .cosine).joined(separator: ","))) "
                   + "or fields (\(ThresholdEncoders.defaultScorers(for: .fields).joined(separator: ",")); persona pairs only, fields reported at p* = "
                   + "\(String(format: "%.2f", ThresholdDefaults.fieldsProbability))).", describedDefault: "\(GateScore.default.rawValue) for persona pairs, cosine for text pairs"),
        OptionSpec("--scorers", valueName: "list", help: "Comma-separated scorers from \(ThresholdEncoders.names.joined(separator: ", ")) "
                   + "(fields: persona pairs only).", describedDefault: "those of --score"),
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
        OptionSpec("--pair-format", valueName: "name", help: "tsv, csv or jsonl; by extension when absent (tsv unless .csv/.jsonl)."),
        OptionSpec("--header", help: "The first row of the pair file is a header."),
        OptionSpec("--title", valueName: "text", help: "Markdown/report heading (default: \"Labelled pairs\" or \"Dedup sweep\")."),
        OptionSpec("--markdown", valueName: "path", help: "Also write the results as a Markdown section (headed by --title)."),
    ]

    static let sweepOnly = ["--format", "--skip-invalid", "--encoder", "--from", "--to", "--step", "--keep", "--examples"]
    static let judgeFlags = ["--judge-base-url", "--judge-model", "--judge-band", "--judge-all", "--api-key-env"]
    static let pairsOnly = judgeFlags + ["--score", "--scorers", "--label-column", "--text-columns", "--positive-at-least", "--negative-at-most",
                            "--positive-values", "--negative-values", "--pair-format", "--header"]

    /// Runs the command; returns the exit code (0, 64 usage, 65 bad data, 1 other).
    static func run(_ arguments: [String]) async -> Int32 {
        await CommandRunner.run {
            let parsed = try ParsedArguments(arguments, options: options, positionalNames: ["input..."])
            if parsed.wantsHelp {
                print(helpText(command: "spb-analyze thresholds", synopsis: "[options] <dataset> | --pairs [options] <pairs>...",
                               summary: summary, options: options), terminator: "")
                return
            }
            if parsed.flag("--pairs") {
                try await runPairs(parsed)
            } else {
                try await runSweep(parsed)
            }
        }
    }

    static func runSweep(_ parsed: ParsedArguments) async throws {
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
        let keep = try parsed.isPresent("--keep") ? parsed.int("--keep", default: 0) : nil
        let examples = try parsed.int("--examples", default: 3)
        guard keep ?? 0 >= 0, examples >= 0 else { throw UsageError("--keep and --examples need whole numbers >= 0") }
        let url = URL(fileURLWithPath: parsed.positionals[0])
        let format: InputFormat
        if let name = parsed.value("--format") {
            guard let chosen = InputFormat(name: name) else {
                throw UsageError("unknown format '\(name)'", hint: "use jsonl, json, text, csv:COLUMN, jsonl:FIELD, parquet or parquet:COLUMN")
            }
            format = chosen
        } else {
            format = try InputFormat.infer(from: url)
        }
        let input = try SweepInput.read(url, format: format, mode: parsed.flag("--skip-invalid") ? .skip : .strict, template: textTemplate(parsed))
        if input.summary.skippedCount > 0 {
            StandardError.write("skipped \(input.summary.skippedCount) unreadable record(s); first: \(input.summary.skipped.first.map(String.init(describing:)) ?? "")\n")
        }
        let report = try await ThresholdRuns.sweep(
            items: input.items, source: url.lastPathComponent,
            encoderName: parsed.string("--encoder", default: ThresholdEncoders.defaultEncoder),
            grid: thresholdGrid(from: from, through: through, step: step),
            threshold: Float(try parsed.double("--tau", default: Double(ThresholdDefaults.gate))),
            keep: keep, examplesPerBand: examples, maxUnreadableShare: try MaxUnreadable.parse(parsed))
        print(report.text(), terminator: "")
        try writeJSON(report, to: parsed.value("--json"))
        try write(report.html(), to: parsed.value("--html"))
        try write(report.markdown(title: parsed.string("--title", default: "Dedup sweep")), to: parsed.value("--markdown"))
    }

    static func runPairs(_ parsed: ParsedArguments) async throws {
        if let misplaced = sweepOnly.first(where: parsed.isPresent) {
            throw UsageError("\(misplaced) applies to a dataset sweep, not --pairs")
        }
        let explicitScorers = parsed.values("--scorers").last.map { $0.split(separator: ",").map(String.init) }
        // Without --score, the gate's default applies to persona pairs; text pairs (STS-B, MRPC, …) and a --scorers
        // list without the field-aware scorer get the cosine's.
        let files = parsed.positionals.map { URL(fileURLWithPath: $0) }
        let fieldsApply = try explicitScorers.map { $0.contains("fields") }
            ?? ThresholdRuns.holdPersonaPairs(files: files, spec: try pairSpec(parsed, firstFile: parsed.positionals[0]))
        let defaultScore = fieldsApply ? GateScore.default : .cosine
        let scoreName = parsed.string("--score", default: defaultScore.rawValue)
        guard let score = GateScore(rawValue: scoreName) else {
            throw UsageError("unknown --score '\(scoreName)'", hint: "choose from \(GateScore.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let scorers = explicitScorers ?? ThresholdEncoders.defaultScorers(for: score)
        if score == .fields, !scorers.contains("fields") {
            throw UsageError("--score fields needs the fields scorer", hint: "add fields to --scorers, or leave --scorers out")
        }
        let report = try await ThresholdRuns.pairs(
            files: parsed.positionals.map { URL(fileURLWithPath: $0) },
            spec: try pairSpec(parsed, firstFile: parsed.positionals[0]), scorerNames: scorers,
            threshold: try parsed.double("--tau", default: Double(ThresholdDefaults.gate)),
            title: parsed.string("--title", default: "Labelled pairs"), maxUnreadableShare: try MaxUnreadable.parse(parsed),
            template: textTemplate(parsed), progress: ProgressReporter(label: "scoring pairs", total: parsed.positionals.count * scorers.count))
        print(report.text(), terminator: "")
        try writeJSON(report, to: parsed.value("--json"))
        try write(report.html(), to: parsed.value("--html"))
        try write(report.markdown(), to: parsed.value("--markdown"))
        if let judge = try makeJudge(parsed) {
            let band = try parsed.values("--judge-band").last.map { text throws(UsageError) in
                guard let band = JudgeBand.parse(text) else { throw UsageError("--judge-band expects LOW,HIGH with LOW <= HIGH, got \(text)") }
                return band
            } ?? JudgeBand.defaultBand(for: score)
            let evaluations = try await ThresholdRuns.judged(
                files: parsed.positionals.map { URL(fileURLWithPath: $0) }, spec: try pairSpec(parsed, firstFile: parsed.positionals[0]),
                score: score, threshold: try parsed.double("--tau", default: Double(ThresholdDefaults.gate)), band: band,
                judgeAll: parsed.flag("--judge-all"), judge: judge, maxUnreadableShare: try MaxUnreadable.parse(parsed),
                template: textTemplate(parsed))
            print("\nLLM judge\n" + evaluations.map { $0.text() }.joined(), terminator: "")
        }
    }

    /// How personas become texts: name-blind unless `--keep-names`.
    static func textTemplate(_ parsed: ParsedArguments) -> PersonaTextTemplate {
        parsed.flag("--keep-names") ? PersonaTextTemplate.default.keepingNames() : .default
    }

    /// The judge of `--judge-base-url` / `--judge-model` (the generator's client, prompt and schema); nil without them.
    static func makeJudge(_ parsed: ParsedArguments) throws -> PersonaJudge? {
        guard let base = parsed.value("--judge-base-url") else {
            if let flag = judgeFlags.first(where: parsed.isPresent) { throw UsageError("\(flag) needs --judge-base-url and --judge-model") }
            return nil
        }
        guard let url = URL(string: base), url.scheme == "http" || url.scheme == "https" else {
            throw UsageError("--judge-base-url must be an http(s) URL, got \(base)")
        }
        guard let model = parsed.value("--judge-model") else { throw UsageError("--judge-base-url needs --judge-model") }
        let key = ProcessInfo.processInfo.environment[parsed.string("--api-key-env", default: "OPENAI_API_KEY")]
        let client = ChatCompletionClient(baseURL: url, model: model, apiKey: key)
        return .live(client, options: PersonaJudge.options(timeout: ChatOptions().timeout, structuredOutput: .auto))
    }

    /// The explicit pair-file spec from flags, or nil to detect a preset per file.
    static func pairSpec(_ parsed: ParsedArguments, firstFile: String) throws(UsageError) -> PairFileSpec? {
        guard let label = parsed.value("--label-column"), let texts = parsed.value("--text-columns") else {
            if parsed.isPresent("--label-column") || parsed.isPresent("--text-columns") {
                throw UsageError("--label-column and --text-columns go together", hint: "e.g. --label-column 5 --text-columns 6,7")
            }
            let ruleFlags = ["--positive-at-least", "--negative-at-most", "--positive-values", "--negative-values", "--pair-format", "--header"]
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
        if let name = parsed.value("--pair-format") {
            guard let chosen = PairFileSpec.Format(rawValue: name) else { throw UsageError("--pair-format is tsv, csv or jsonl") }
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

    static func write(_ text: String, to path: String?) throws {
        guard let path else { return }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    static func writeJSON<T: Encodable>(_ value: T, to path: String?) throws {
        guard let path else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(value).write(to: URL(fileURLWithPath: path))
    }
}
