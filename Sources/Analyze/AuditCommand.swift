import Analysis
import CommandLineSupport
import Embedding
import Foundation
import PersonaKit
import Sharding
import Synchronization

/// `spb-analyze audit`: parses arguments, reads the input, runs ``Auditor`` and writes the report.
enum AuditCommand {
    static let options: [OptionSpec] = [
        OptionSpec("--out", valueName: "dir", help: "Directory for report.html, report.json, summary.md and notebooks-data/.", defaultValue: "audit-report"),
        OptionSpec("--embeddings", valueName: "path",
                   help: "Use stored embeddings instead of embedding: a .npy float32 matrix (rows matched to records by <stem>.ids.txt "
                       + "when present, else row-aligned) or a folder of spb-analyze embed shards. Their manifests must name MiniLM, "
                       + "the persona text template and the name masking this audit reads with (--keep-names); a mismatch, another "
                       + "row count or ids that do not match exit 65."),
        OptionSpec("--threshold", valueName: "tau", help: "Cosine similarity at which two items are near-duplicates (also the novelty cut). "
            + "Higher than the gate's, split's and dedup's 0.75 on purpose: those reject on the first sign of a rewording, "
            + "the audit's clusters should be copies beyond doubt; pass 0.75 to see what the gate would have removed.",
                   defaultValue: String(AuditOptions.defaultThreshold)),
        OptionSpec(MaxUnreadable.flag, valueName: "share", help: MaxUnreadable.help + " Such texts get their own section and stay out of near-duplicate and trope clusters, diversity and drift.",
                   defaultValue: MaxUnreadable.defaultText),
        OptionSpec("--clusters", valueName: "k", help: "Number of trope clusters; chosen by silhouette over 2-12 when absent."),
        OptionSpec("--window", valueName: "n", help: "Items per drift window; a twentieth of the data (at least 25) when absent."),
        OptionSpec("--components", valueName: "file", help: "persona_components.json with the intended weights (a run directory's manifest names its own; a run without --inputs used the bundled set)."),
        OptionSpec("--text-field", valueName: "name", help: "Read JSONL objects (or a Parquet file) and embed this string field instead of personas."),
        OptionSpec("--column", valueName: "name", help: "Read this CSV (or Parquet) column as the texts."),
        OptionSpec("--skip-invalid", help: "Skip malformed records (counted in the report) instead of stopping with exit 65."),
        .keepNames,
        .nameField,
        .reembed,
        OptionSpec("--seed", valueName: "n", help: "Seed for k-means and every sample.", defaultValue: "42"),
        OptionSpec("--map-points", valueName: "n", help: "Most points drawn on the 2-D map (everything is still computed).", defaultValue: "2000"),
        OptionSpec("--name", valueName: "name", help: "Subfolder of notebooks-data/ (default: the input's file name)."),
        OptionSpec("--prompt-template", valueName: "file", help: "The prompt the personas were made with ({\"system\", \"user\"}, as spb-generate takes it), "
            + "for the prompt-echo content rule.", describedDefault: "a run directory's own prompt (manifest.json), else spb-generate's default prompt"),
    ]

    static let help = helpText(
        command: "spb-analyze audit", synopsis: "[options] <input>",
        summary: """
        Audits a persona dataset: rule violations (the card's and the content rules spb-generate applies, counted, nothing \
        dropped) and exact duplicates, near-duplicate clusters, diversity \
        (Vendi, distinct-n, entropy), trope clusters and phrase templates, drift over the run, and fit to the \
        intended component weights. <input> is SPB JSONL or a JSON array, JSONL with --text-field, plain text \
        (one per line), a CSV column with --column, Parquet (persona columns, or one string column with --text-field \
        or --column), or a spb-generate run directory (stored embeddings, \
        events and rejects are reused). --embeddings hands it embeddings stored elsewhere (spb-analyze embed \
        shards or a .npy), so a large dataset is not embedded again.
        """,
        options: options)

    /// Runs the command; returns the exit status.
    static func run(_ arguments: [String]) async -> Int32 {
        await CommandRunner.run {
            let parsed = try ParsedArguments(arguments, options: options, positionalNames: ["input"])
            if parsed.wantsHelp {
                print(help)
                return
            }
            guard let input = parsed.positionals.first else { throw UsageError("missing <input>", hint: "spb-analyze audit --help") }
            var settings = AuditOptions()
            settings.threshold = try parsed.threshold(default: Double(AuditOptions.defaultThreshold))
            settings.maxUnreadableShare = try MaxUnreadable.parse(parsed)
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
            settings.seed = try parsed.seed()
            settings.mapPoints = max(1, try parsed.int("--map-points", default: 2000))
            if let path = parsed.value("--components") { settings.components = try ComponentsFile(contentsOf: URL(fileURLWithPath: path)) }
            if let path = parsed.value("--prompt-template") { settings.promptTemplates = try PromptTemplateFile.templates(contentsOf: URL(fileURLWithPath: path)) }

            let inputURL = URL(fileURLWithPath: input)
            let readOptions = try AuditDataset.ReadOptions(parsed: parsed)
            let reading = ProgressReporter(label: "reading", total: nil)
            var dataset = try AuditDataset.read(inputURL, options: readOptions)
            reading.finish(summary: "\(dataset.count) items\(dataset.skippedRecords > 0 ? ", \(dataset.skippedRecords) skipped" : "")")
            guard dataset.count >= 2 else { throw InputError(file: input, line: nil, field: nil, message: "needs at least 2 items, found \(dataset.count)") }
            if let path = parsed.value("--embeddings") {
                let loading = ProgressReporter(label: "embeddings", total: nil)
                let model = MiniLMEncoder.identifier(modelDirectory: (try? MiniLMEncoder.locateModelDirectory())
                    ?? URL(fileURLWithPath: MiniLMEncoder.defaultDirectoryName))
                let stored = try AuditEmbeddings.load(URL(fileURLWithPath: path), for: dataset,
                                                      expecting: AuditEmbeddings.Expectation(model: model, dataset: dataset, read: readOptions))
                (dataset.storedEmbeddings, dataset.storedEmbeddingsSource, dataset.storedEmbeddingsNote) = (stored.vectors, stored.source, nil)
                loading.finish(summary: "\(stored.vectors.rows) × \(stored.vectors.columns) from \(path)")
            }

            var encoder: (any TextEncoder)?
            var readability: (any ReadabilityMeasuring)?
            if dataset.storedEmbeddings == nil {
                encoder = try MiniLMEncoder(modelDirectory: MiniLMEncoder.locateModelDirectory())
            } else if let directory = try? MiniLMEncoder.locateModelDirectory() {
                // Stored embeddings need no model, but the readability check needs MiniLM's vocabulary,
                // and the steering section embeds a steered run's rejections.
                readability = try BertTokenizer(vocabularyURL: directory.appendingPathComponent("vocab.txt"))
                if dataset.run?.steering?.rejects.isEmpty == false { encoder = try? MiniLMEncoder(modelDirectory: directory) }
            }
            let stages = StageProgress()
            let result = try await Auditor.run(dataset: dataset, encoder: encoder, readability: readability, options: settings) { stage, done, total in
                stages.update(stage: stage, completed: done, total: total)
            }
            stages.finishAll()
            let out = URL(fileURLWithPath: parsed.string("--out", default: "audit-report"))
            let name = parsed.value("--name") ?? inputURL.deletingPathExtension().lastPathComponent
            try result.write(to: out, name: name, mapPoints: settings.mapPoints, seed: settings.seed,
                             subtitle: "spb-analyze audit \(arguments.joined(separator: " "))")
            StandardError.write("wrote \(out.appendingPathComponent("report.html").path), report.json, summary.md and notebooks-data/\n")
        }
    }
}

/// One progress reporter per audit stage; a new stage finishes the previous one.
final class StageProgress: Sendable {
    private let state = Mutex<(stage: String, reporter: ProgressReporter)?>(nil)

    /// Records progress of `stage`.
    func update(stage: String, completed: Int, total: Int?) {
        state.withLock { current in
            if current?.stage != stage {
                current?.reporter.finish(summary: "done")
                current = (stage, ProgressReporter(label: stage, total: total))
            }
            current?.reporter.update(completed: completed)
        }
    }

    /// Finishes the running stage.
    func finishAll() {
        state.withLock { current in
            current?.reporter.finish(summary: "done")
            current = nil
        }
    }
}
