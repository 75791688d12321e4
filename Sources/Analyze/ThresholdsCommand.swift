import Foundation
import Thresholds

/// `spb-analyze thresholds`: what greedy dedup keeps across τ on a dataset, or how well
/// similarity scorers separate labelled duplicate pairs.
enum ThresholdsCommand {
    static let usage = """
    USAGE: spb-analyze thresholds DATA [options]
           spb-analyze thresholds --pairs FILE... [options]

    On a dataset (one text a line), computes once, in file order, what greedy in-order
    dedup keeps at every τ of a sweep, exactly, from one similarity pass; shows example
    pairs just above and below the chosen τ.
    With --pairs, scores labelled pair files (TSV/CSV/JSONL; STS-B, MRPC, PAWS, SICK and
    PersonaChat-tier files are recognised by shape) and reports ROC-AUC, average precision,
    the best-F1 threshold and precision at 90 % recall for each scorer.

    OPTIONS (dataset):
      --encoder NAME            hashed-ngrams (default: hashed-ngrams)
      --from X --to Y --step Z  the τ sweep (default: 0.70, 0.99, 0.01)
      --keep N                  choose the largest τ in the sweep that keeps at most N items
                                (kept counts need not be monotone in τ; the largest such τ is
                                the gentlest threshold that reaches the target)
      --examples N              example pairs per 0.01 band around τ (default: 3)
    OPTIONS (pairs):
      --scorers A,B             from hashed-ngrams, jaccard (default: all)
      --label-column C          label column: 1-based number or header/field name
      --text-columns A,B        the two text columns
      --positive-at-least X     graded labels: >= X is a duplicate …
      --negative-at-most Y      … <= Y is not; scores in between are dropped and reported
      --positive-values P,…     categorical labels: these values are duplicates …
      --negative-values X,…     … these are not; other values are dropped and reported
      --pair-format F           tsv, csv or jsonl (default: from the extension; tsv otherwise)
      --header                  the first row is a header (needed for column names)
      --title T                 report heading (default: "Labelled pairs")
      --markdown FILE           also write a Markdown section
    OPTIONS (both):
      --tau X                   the τ to report on (default: \(String(format: "%.2f", Double(ThresholdDefaults.gate))), the generator's default)
      --json FILE               write the full report as JSON
      --html FILE               write a self-contained HTML report
      -h, --help                show this help

    EXIT CODES: 0 success, 64 usage error, 65 bad input data, 1 other failure.
    """

    /// A command-line mistake: printed as `error: …` with a hint, exit 64.
    struct UsageError: Error { let message: String }

    static let valueOptions: Set<String> = [
        "--encoder", "--from", "--to", "--step", "--keep", "--examples", "--scorers", "--label-column", "--text-columns",
        "--positive-at-least", "--negative-at-most", "--positive-values", "--negative-values", "--pair-format",
        "--title", "--markdown", "--tau", "--json", "--html",
    ]
    static let switches: Set<String> = ["--pairs", "--header", "--help", "-h"]

    /// Runs the command; returns the process exit code.
    static func run(_ arguments: [String]) async -> Int32 {
        do {
            let (options, positionals) = try parse(arguments)
            if options["--help"] != nil {
                print(usage)
                return 0
            }
            if options["--pairs"] != nil {
                try await runPairs(options, files: positionals)
            } else {
                try await runSweep(options, positionals: positionals)
            }
            return 0
        } catch let error as UsageError {
            FileHandle.standardError.write(Data("error: \(error.message)\nhint: see spb-analyze thresholds --help\n".utf8))
            return 64
        } catch let error as ThresholdEncoders.UnknownName {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            return 64
        } catch let error as PairFileError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            return 65
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            return 1
        }
    }

    /// `--name value`, `--name=value` and switches; everything else is positional.
    static func parse(_ arguments: [String]) throws(UsageError) -> ([String: String], [String]) {
        var options: [String: String] = [:], positionals: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("-"), argument != "-" else { positionals.append(argument); continue }
            let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
            let name = parts[0]
            if switches.contains(name) {
                guard parts.count == 1 else { throw UsageError(message: "\(name) takes no value") }
                options[name] = ""
            } else if valueOptions.contains(name) {
                if parts.count == 2 {
                    options[name] = parts[1]
                } else {
                    guard index < arguments.count else { throw UsageError(message: "\(name) needs a value") }
                    options[name] = arguments[index]
                    index += 1
                }
            } else {
                throw UsageError(message: "unknown option \(name)")
            }
        }
        return (options, positionals)
    }

    static func double(_ options: [String: String], _ name: String, default value: Double) throws(UsageError) -> Double {
        guard let text = options[name] else { return value }
        guard let number = Double(text), number.isFinite else { throw UsageError(message: "\(name) needs a number, got \"\(text)\"") }
        return number
    }

    static func int(_ options: [String: String], _ name: String) throws(UsageError) -> Int? {
        guard let text = options[name] else { return nil }
        guard let number = Int(text), number >= 0 else { throw UsageError(message: "\(name) needs a whole number >= 0, got \"\(text)\"") }
        return number
    }

    static func write(_ text: String, to path: String?) throws {
        guard let path else { return }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    static func writeJSON<T: Encodable>(_ value: T, to path: String?) throws {
        guard let path else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        try encoder.encode(value).write(to: URL(fileURLWithPath: path))
    }

    static func runSweep(_ options: [String: String], positionals: [String]) async throws {
        guard positionals.count == 1 else {
            throw UsageError(message: positionals.isEmpty ? "give a dataset file (or --pairs FILE…)" : "give exactly one dataset file")
        }
        for pairOnly in ["--scorers", "--label-column", "--text-columns", "--markdown", "--header"] where options[pairOnly] != nil {
            throw UsageError(message: "\(pairOnly) applies to --pairs only")
        }
        let from = try double(options, "--from", default: ThresholdDefaults.from)
        let through = try double(options, "--to", default: ThresholdDefaults.through)
        let step = try double(options, "--step", default: ThresholdDefaults.step)
        guard step > 0, from <= through, from > -1, through <= 1 else {
            throw UsageError(message: "the sweep needs -1 < --from <= --to <= 1 and --step > 0")
        }
        let tau = Float(try double(options, "--tau", default: Double(ThresholdDefaults.gate)))
        let url = URL(fileURLWithPath: positionals[0])
        let items = try SweepInput.plainTextLines(url)
        let report = try await ThresholdRuns.sweep(
            items: items, source: url.lastPathComponent, encoderName: options["--encoder"] ?? "hashed-ngrams",
            grid: thresholdGrid(from: from, through: through, step: step), threshold: tau,
            keep: try int(options, "--keep"), examplesPerBand: try int(options, "--examples") ?? 3)
        print(report.text(), terminator: "")
        try writeJSON(report, to: options["--json"])
        try write(report.html(), to: options["--html"])
    }

    static func runPairs(_ options: [String: String], files: [String]) async throws {
        guard !files.isEmpty else { throw UsageError(message: "--pairs needs at least one file") }
        for sweepOnly in ["--encoder", "--from", "--to", "--step", "--keep", "--examples"] where options[sweepOnly] != nil {
            throw UsageError(message: "\(sweepOnly) applies to a dataset sweep, not --pairs")
        }
        let scorers = options["--scorers"].map { $0.split(separator: ",").map(String.init) } ?? ThresholdEncoders.names
        let report = try await ThresholdRuns.pairs(
            files: files.map { URL(fileURLWithPath: $0) }, spec: try pairSpec(options, firstFile: files[0]),
            scorerNames: scorers, threshold: try double(options, "--tau", default: Double(ThresholdDefaults.gate)),
            title: options["--title"] ?? "Labelled pairs")
        print(report.text(), terminator: "")
        try writeJSON(report, to: options["--json"])
        try write(report.html(), to: options["--html"])
        try write(report.markdown(), to: options["--markdown"])
    }

    /// The explicit pair-file spec from flags, or nil to detect a preset per file.
    static func pairSpec(_ options: [String: String], firstFile: String) throws(UsageError) -> PairFileSpec? {
        let ruleFlags = ["--positive-at-least", "--negative-at-most", "--positive-values", "--negative-values", "--pair-format", "--header"]
        guard let label = options["--label-column"], let texts = options["--text-columns"] else {
            if options["--label-column"] != nil || options["--text-columns"] != nil {
                throw UsageError(message: "--label-column and --text-columns go together")
            }
            if let flag = ruleFlags.first(where: { options[$0] != nil }) {
                throw UsageError(message: "\(flag) needs --label-column and --text-columns")
            }
            return nil
        }
        let columns = texts.split(separator: ",").map { PairFileSpec.Column(String($0)) }
        guard columns.count == 2 else { throw UsageError(message: "--text-columns needs two columns, like 6,7 or sentence_A,sentence_B") }
        let rule: PairFileSpec.LabelRule
        switch (options["--positive-at-least"], options["--negative-at-most"], options["--positive-values"], options["--negative-values"]) {
        case (nil, nil, nil, nil):
            rule = .binary
        case let (positive?, negative?, nil, nil):
            guard let p = Double(positive), let n = Double(negative), n < p else {
                throw UsageError(message: "--positive-at-least and --negative-at-most need numbers with negative < positive")
            }
            rule = .graded(positiveAtLeast: p, negativeAtMost: n)
        case let (nil, nil, positive?, negative?):
            rule = .categories(positive: Set(positive.split(separator: ",").map(String.init)),
                               negative: Set(negative.split(separator: ",").map(String.init)))
        default:
            throw UsageError(message: "give both --positive-at-least and --negative-at-most, or both --positive-values and --negative-values")
        }
        let format: PairFileSpec.Format
        if let name = options["--pair-format"] {
            guard let parsed = PairFileSpec.Format(rawValue: name) else { throw UsageError(message: "--pair-format is tsv, csv or jsonl") }
            format = parsed
        } else {
            switch URL(fileURLWithPath: firstFile).pathExtension.lowercased() {
            case "csv": format = .csv
            case "jsonl", "ndjson": format = .jsonl
            default: format = .tsv
            }
        }
        return PairFileSpec(format: format, hasHeader: options["--header"] != nil, labelColumn: PairFileSpec.Column(label),
                            textColumns: (columns[0], columns[1]), rule: rule)
    }
}
