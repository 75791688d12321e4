import Analysis
import CommandLineSupport
import Foundation
import PersonaKit

/// `spb-analyze card`: options, help and the run, in the library so tests reach them without a
/// child process (the executable's `CardCommand` only forwards its arguments).
public enum CardCommandLine {
    /// Every option, with its default as `--help` shows it.
    public static let options: [OptionSpec] = [
        OptionSpec("--out", valueName: "file", help: "Where to write the dataset card.", defaultValue: PublishedFiles.card),
        OptionSpec("--audit", valueName: "dir", help: "Read report.json from this spb-analyze audit folder instead of auditing in-process with the audit's defaults."),
        OptionSpec("--split", valueName: "dir", help: "Folder holding \(PublishedFiles.splitReport) and the split files (default: the input's folder; no split section when absent)."),
        OptionSpec("--pretty-name", valueName: "name", help: "The card's title, pretty_name (default: the input's name)."),
        OptionSpec("--components", valueName: "file", help: "persona_components.json with the intended weights (a run directory's manifest names its own)."),
        FitField.option,
    ] + DatasetReadOptions.options(skipped: "counted in the card")

    /// `--help`.
    public static let help = helpText(
        command: "spb-analyze card", synopsis: "[options] <run-directory-or-dataset>",
        summary: """
        Writes a Hugging Face dataset card (README.md with YAML front matter) from measurements: the audit's numbers, \
        and for a spb-generate run directory its manifest (model, endpoint kind only, seed, gate settings) and attempt \
        counts. The endpoint URL is reduced to loopback, private network or a public host name; keys never appear. \
        Sections only people can write (uses, license, citation) are marked ✍️.
        """,
        options: options)

    /// Runs the command; returns the exit status (0, 64 usage, 65 bad input naming the file, 1 otherwise).
    /// - Parameters:
    ///   - arguments: the arguments after `card`.
    ///   - encoders: where the audit's model comes from.
    ///   - progress: audit stage callbacks.
    ///   - output: standard output (help).
    ///   - errorOutput: standard error.
    public static func run(_ arguments: [String], encoders: AuditEncoders = .live, progress: @escaping AuditProgress = { _, _, _ in },
                           output: @Sendable (String) -> Void = { print($0, terminator: "") },
                           errorOutput: @escaping @Sendable (String) -> Void = StandardError.write) async -> Int32 {
        await CommandRunner.run(errorOutput: errorOutput) {
            let parsed = try ParsedArguments(arguments, options: options, positionalNames: ["input"])
            if parsed.wantsHelp {
                output(help)
                return
            }
            guard let input = parsed.positionals.first else { throw UsageError("missing <run-directory-or-dataset>", hint: "spb-analyze card --help") }
            var request = try request(parsed, input: input)
            request.auditDirectory = parsed.value("--audit").map { URL(fileURLWithPath: $0) }
            request.splitDirectory = parsed.value("--split").map { URL(fileURLWithPath: $0) }
            let (facts, _) = try await CardFacts.gather(request, encoders: encoders, progress: progress)
            let out = URL(fileURLWithPath: parsed.string("--out", default: PublishedFiles.card))
            try write(CardRenderer.markdown(facts), to: out)
            errorOutput("wrote \(out.path)\n")
        }
    }

    /// The gathering request from the options `card` and `publish` share (`--pretty-name`,
    /// `--components`, `--fit-field` and the dataset-reading group); the caller sets the audit and split folders.
    /// - Throws: `UsageError` for a bad reading option or fit field, `InputError` for an unreadable `--components` file.
    public static func request(_ parsed: ParsedArguments, input: String) throws -> CardFacts.Request {
        var settings = AuditOptions()
        if let path = parsed.value("--components") { settings.components = try ComponentsFile(contentsOf: URL(fileURLWithPath: path)) }
        settings.fitFields = try FitField.all(in: parsed)
        var read = AuditDataset.ReadOptions(try DatasetReadOptions(parsed: parsed))
        read.categoryFields = settings.fitFields.map(\.name)
        return CardFacts.Request(input: URL(fileURLWithPath: input), prettyName: parsed.value("--pretty-name"), auditOptions: settings, readOptions: read)
    }

    /// Writes `text` atomically, creating the folder.
    static func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url, options: .atomic)
    }
}
