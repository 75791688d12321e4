import CommandLineSupport
import Foundation
import PersonaKit

extension GenerateCommandLine {
    /// `--avoid`: existing datasets no accepted persona may duplicate (``AvoidSet``).
    static let avoidOption = OptionSpec("--avoid", valueName: "DATASET", help: "An existing dataset no accepted persona may duplicate "
        + "(repeatable): its records join the seed personas in the gate, so a candidate within --threshold of one (p* with --score fields) is "
        + "rejected, naming it in nearest_id as avoid:<file name>:<id, or line without one>. Any format the readers take: by extension "
        + "(.jsonl and .json of personas, .txt one text a line) or as FORMAT=FILE (csv:COLUMN=old.csv, jsonl:FIELD=old.jsonl, text=notes.md); "
        + "texts without persona fields need --score cosine without --judge. A bad record stops the run (exit 65) naming file, line and field. "
        + "Embedded once with the run's encoder and text template and cached in --out/avoid/<sha256>.f32 (with <sha256>.json saying how), "
        + "so --resume and --force reuse it; another encoder, template or a changed file embeds it again, with a note. The manifest "
        + "records each file's path, sha256 and rows; --resume uses them and stops (exit 65) when a file changed since.",
        describedDefault: "none")

    /// Sets `config.avoid` from `--avoid`; a resumed run keeps the sets its manifest records (with their checksums),
    /// and `--avoid` may only repeat them.
    /// - Throws: `UsageError` for a format that cannot be told, other sets on `--resume`, or sets the gate cannot
    ///   hold (``AvoidSet/problem(in:)``).
    static func applyAvoid(_ parsed: ParsedArguments, to config: inout GenerationConfig, isResume: Bool) throws(UsageError) {
        var given = [AvoidSet]()
        for text in parsed.values("--avoid") { given.append(try avoidSet(option: text)) }
        if isResume, !given.isEmpty, given.map(\.source) != config.avoid.map(\.source) {
            let recorded = config.avoid.isEmpty ? "none" : config.avoid.map(\.source).joined(separator: ", ")
            throw UsageError("--avoid cannot change a run's avoid sets (recorded: \(recorded)): the personas accepted so far were checked "
                             + "against those", hint: "resume without --avoid, or start a new run")
        }
        if !isResume, !given.isEmpty { config.avoid = given }
        switch AvoidSet.problem(in: config) {
        case nil: return
        case let .gateNotSemantic(gate)?:
            throw UsageError("--avoid needs --gate semantic, got --gate \(gate.rawValue)", hint: helpHint)
        case let .sameFileName(name, first, second)?:
            throw UsageError("two --avoid files are named \(name) (\(first) and \(second)); rejections name avoid records by file name, so rename one",
                             hint: helpHint)
        case let .textsWithoutPersonaFields(path, format, byJudge)?:
            throw UsageError("--avoid \(path) is read as texts (\(format)), without the persona fields \(byJudge ? "--judge" : "--score fields") "
                + "compares; pass --score cosine without --judge, or a file of personas", hint: helpHint)
        }
    }

    /// Parses an `--avoid` value: `FILE`, in the format its extension names (`InputFormat.infer(from:)`), or
    /// `FORMAT=FILE` (`csv:COLUMN=old.csv`), when the part before the first `=` is a format name.
    /// - Throws: `UsageError` when the format cannot be told from the extension.
    static func avoidSet(option text: String) throws(UsageError) -> AvoidSet {
        if let equals = text.firstIndex(of: "="), let format = InputFormat(name: String(text[..<equals])) {
            return AvoidSet(path: String(text[text.index(after: equals)...]), format: format)
        }
        do { return AvoidSet(path: text, format: try InputFormat.infer(from: URL(fileURLWithPath: text))) } catch {
            throw UsageError("--avoid \(text): \(error.message)", hint: "give the format as FORMAT=FILE, FORMAT one of jsonl, json, text, csv:COLUMN, jsonl:FIELD")
        }
    }

    /// The summary's line on the avoid sets, nil without any.
    static func avoidSummary(_ sets: [AvoidSet]) -> String? {
        guard !sets.isEmpty else { return nil }
        return "avoid: " + sets.map { "\($0.name) (\($0.rows ?? 0) records)" }.joined(separator: ", ")
            + "; rejections near them name avoid:<file name>:<id or line>"
    }
}
