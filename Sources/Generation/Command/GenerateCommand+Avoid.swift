import CommandLineSupport
import Foundation
import PersonaKit

extension GenerateCommand {
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
    /// - Throws: `UsageError` for a format that cannot be told, or other sets on `--resume`; ``GenerationError``
    ///   (usage) for sets the gate cannot hold (``AvoidSet/check(_:)``).
    static func applyAvoid(_ parsed: ParsedArguments, to config: inout GenerationConfig, isResume: Bool) throws {
        let given = try parsed.values("--avoid").map(AvoidSet.init(option:))
        if isResume, !given.isEmpty, given.map(\.source) != config.avoid.map(\.source) {
            let recorded = config.avoid.isEmpty ? "none" : config.avoid.map(\.source).joined(separator: ", ")
            throw UsageError("--avoid cannot change a run's avoid sets (recorded: \(recorded)): the personas accepted so far were checked "
                             + "against those", hint: "resume without --avoid, or start a new run")
        }
        if !isResume, !given.isEmpty { config.avoid = given }
        try AvoidSet.check(config)
    }

    /// The summary's line on the avoid sets, nil without any.
    static func avoidSummary(_ sets: [AvoidSet]) -> String? {
        guard !sets.isEmpty else { return nil }
        return "avoid: " + sets.map { "\($0.name) (\($0.rows ?? 0) records)" }.joined(separator: ", ")
            + "; rejections near them name avoid:<file name>:<id or line>"
    }
}
