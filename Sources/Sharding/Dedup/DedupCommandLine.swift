import Analysis
import CommandLineSupport
import Embedding
import Foundation
import LinearAlgebra
import PersonaKit

/// The options, help and argument parsing of `spb-analyze dedup`, and the run itself with the
/// encoder supplied by the caller (the executable passes MiniLM, tests a stand-in or nothing).
public enum DedupCommandLine {
    /// `--threshold`: the generator's gate τ by default.
    public static let threshold = SimilarityThresholdOption(
        default: MiniLMEncoder.defaultDuplicateThreshold,
        help: "Cosine similarity at which a record duplicates an earlier kept one (the generator's gate).")

    /// The steps of a staged run, as `--stage` names them.
    public enum StageName: String, Sendable, CaseIterable {
        /// Reads `<input>` and writes `<out>/work/`.
        case plan
        /// One join task, with `--task`.
        case join
        /// Writes the results.
        case merge
    }

    /// Every option with its default.
    public static let options: [OptionSpec] = [
        threshold.spec,
        OptionSpec("--out", valueName: "dir", help: "Directory for keep.txt, drops.csv and dedup-report.json.", defaultValue: "dedup"),
        OptionSpec("--exact", help: "Always use the exact O(n²) self-join."),
        OptionSpec("--partitions", valueName: "k", help: "Always partition, into k k-means partitions (default when partitioning: n / \(DedupSettings.defaultTargetPartitionRows), at least 2)."),
        OptionSpec("--exact-below", valueName: "n", help: "Without --exact or --partitions: exact below n records, partitioned from n on.",
                   defaultValue: String(DedupSettings.defaultExactBelow)),
        OptionSpec("--margin", valueName: "eps", help: "Boundary margin: a record is also compared inside every partition whose centroid cosine is within eps of its best.",
                   defaultValue: String(format: "%.2f", DedupSettings.defaultMargin)),
        OptionSpec("--max-copies", valueName: "n", help: "At most n partitions per record (its own plus guests), the closest first.",
                   defaultValue: String(DedupSettings.defaultMaxCopies)),
        OptionSpec("--max-partition-rows", valueName: "n", help: "Partitions with more members (guests included) are split again, so memory stays bounded.",
                   defaultValue: String(DedupSettings.defaultMaxPartitionRows)),
        OptionSpec("--recall-sample", valueName: "n",
                   help: "Partitioned runs measure their recall: the exact neighbours >= tau of n seeded rows against all rows, "
                       + "compared with the pairs found for them (reported with a 95 % interval).",
                   defaultValue: String(DedupSettings.defaultRecallSample)),
        OptionSpec("--target-recall", valueName: "r",
                   help: "Partitioned runs below this estimated recall widen: more independently seeded partitionings while they "
                       + "cost fewer dot products than the exact self-join, else the exact self-join. 0 measures without widening.",
                   defaultValue: String(DedupSettings.defaultTargetRecall)),
        SeedOption.spec(for: "the k-means sample and initial centres, and the recall sample"),
        ParsedArguments.threadsOption,
        OptionSpec("--stage", valueName: "name",
                   help: "Run one step, for a cluster: plan (reads <input>, writes <out>/work/), join (one task, with --task), merge (writes the results). Without it, all in one process.",
                   choices: StageName.self),
        OptionSpec("--task", valueName: "j", help: "--stage join: the task to run, 0-based (plan.json lists them)."),
        OptionSpec("--tasks", valueName: "n", help: "--stage plan: split the joins into at most n tasks.", defaultValue: String(DedupStages.defaultTasks)),
        OptionSpec("--against", valueName: "reference",
                   help: "Drop the input records within tau of any record of this dataset (repeatable; any input form, read and embedded "
                       + "like <input>): a published set you extend, a test set to keep out. Each is listed with its closest reference "
                       + "record in against.csv (dropped_id,reference,reference_id,score); the rest is then deduplicated as usual."),
        OptionSpec("--keep", valueName: "N",
                   help: "Keep exactly N records (N >= the record count keeps all). --by threshold: the tau at which the greedy keep keeps N "
                       + "(binary search over the pair scores; dropped records least similar to their kept one are added back to reach N "
                       + "exactly); --by diversity: dedup at --threshold, then withdraw the records whose removal raises the Vendi entropy "
                       + "most down to N (fewer left: all kept, with a warning). dedup-report.json's budget section gives the tau and counts.",
                   describedDefault: "every record that is not a duplicate at tau"),
        OptionSpec("--by", valueName: "rule", help: "With --keep: how the N records are chosen.", choices: DedupBudget.Selection.self,
                   defaultValue: .threshold),
        OptionSpec("--max-pairs", valueName: "n",
                   help: "--keep --by threshold: when the greedy keep at --threshold keeps more than N, pairs are searched again at the lowest "
                       + "tau whose pairs (estimated on a seeded sample) number at most n; N out of reach there is a usage error naming the fewest.",
                   defaultValue: String(DedupBudget.defaultMaxPairs)),
        OptionSpec("--annotate",
                   help: "Also write every input record with duplicate_of (the kept record's id) and score (cosine), both null when kept, "
                       + "nothing dropped, in the input's form: annotated.jsonl (JSONL, JSON, text), annotated.csv (CSV; id,duplicate_of,score "
                       + "for .npy and shards) or annotated.parquet; with --by diversity or --against also reason."),
    ] + DatasetReadOptions.options(skipped: nil)

    /// `--help`.
    public static let help = helpText(
        command: "spb-analyze dedup", synopsis: "[options] <input>  |  --stage join --task j  |  --stage merge",
        summary: """
        Greedy near-duplicate removal at scale. <input> is a .npy float32 matrix (ids from <stem>.ids.txt \
        beside it, else row numbers from 0), a folder of spb-analyze embed shards (every manifest must exist; \
        rows in shard order), or anything spb-analyze audit reads (embedded with MiniLM unless it has stored \
        embeddings). Rows are L2-normalised. Records are kept in input order: a record is dropped when an \
        earlier kept record has cosine >= tau (the generator's gate rule). Below --exact-below records the \
        pairs come from the exact self-join; from there on from k-means partitions, each record also compared \
        inside the partitions within --margin of its nearest centroid; such a run measures its own recall on a \
        seeded sample of rows and widens until the estimate reaches --target-recall. Writes keep.txt, drops.csv \
        (dropped_id,kept_id,score,reason) and dedup-report.json; with --against, records within tau of a reference \
        dataset are dropped first and listed in against.csv. --keep N keeps exactly N records (a budget) and \
        --annotate writes the input back with each record's decision. With --stage the same run is split into a plan, \
        independent join tasks and a merge that share <out>/work/ (the Ray driver in cluster/ runs them); \
        the result is the same.
        """,
        options: options)

    /// One step of a staged run.
    public enum Stage: Sendable, Equatable {
        case plan(tasks: Int)
        case join(task: Int)
        case merge
    }

    /// What a command line asks for.
    public struct Request: Sendable {
        /// The input (absent for the join and merge stages, which read the work folder).
        public var input: URL?
        public var out: URL
        public var read: AuditDataset.ReadOptions
        public var settings: DedupSettings
        /// nil: the whole run in this process.
        public var stage: Stage?
        /// `--against` datasets.
        public var references: [URL] = []
        /// `--keep N` with `--by` and `--max-pairs`.
        public var budget: DedupBudget?
        /// `--annotate`.
        public var annotate = false
    }

    /// Parses arguments (without the subcommand); nil when `--help` was asked for.
    /// - Throws: `UsageError` for a bad flag or value.
    public static func parse(_ arguments: [String]) throws(UsageError) -> Request? {
        let parsed = try ParsedArguments(arguments, options: options, positionalNames: ["[input]"])
        if parsed.wantsHelp { return nil }
        let stage = try self.stage(parsed)
        let input = parsed.positionals.first
        switch stage {
        case nil, .plan:
            guard input != nil else { throw UsageError("missing <input>", hint: "spb-analyze dedup --help") }
        case .join, .merge:
            guard input == nil else { throw UsageError("--stage join and merge read <out>/work/, not an <input>", hint: "drop \(input ?? "")") }
        }
        var settings = DedupSettings()
        settings.workers = try parsed.threads()
        settings.threshold = try threshold.threshold(in: parsed)
        if parsed.flag("--exact") && parsed.isPresent("--partitions") {
            throw UsageError("--exact and --partitions cannot be combined", hint: "--exact forces the exact self-join, --partitions k forces k partitions")
        }
        if parsed.flag("--exact") { settings.mode = .exact }
        if parsed.isPresent("--partitions") {
            let k = try parsed.int("--partitions", default: 0)
            guard k >= 1 else { throw UsageError("--partitions must be at least 1, got \(k)") }
            settings.mode = .partitioned
            settings.partitions = k
        }
        settings.exactBelow = try parsed.int("--exact-below", default: DedupSettings.defaultExactBelow)
        guard settings.exactBelow >= 0 else { throw UsageError("--exact-below must not be negative") }
        let margin = try parsed.double("--margin", default: Double(DedupSettings.defaultMargin))
        guard (0 ... 2).contains(margin) else { throw UsageError("--margin must be in [0, 2], got \(margin)") }
        settings.margin = Float(margin)
        settings.maxCopies = try parsed.int("--max-copies", default: DedupSettings.defaultMaxCopies)
        guard settings.maxCopies >= 1 else { throw UsageError("--max-copies must be at least 1, got \(settings.maxCopies)") }
        settings.maxPartitionRows = try parsed.int("--max-partition-rows", default: DedupSettings.defaultMaxPartitionRows)
        guard settings.maxPartitionRows >= 4 else { throw UsageError("--max-partition-rows must be at least 4, got \(settings.maxPartitionRows)") }
        settings.recallSample = try parsed.int("--recall-sample", default: DedupSettings.defaultRecallSample)
        guard settings.recallSample >= 1 else { throw UsageError("--recall-sample must be at least 1, got \(settings.recallSample)") }
        settings.targetRecall = try parsed.double("--target-recall", default: DedupSettings.defaultTargetRecall)
        guard (0 ... 1).contains(settings.targetRecall) else {
            throw UsageError("--target-recall must be in [0, 1], got \(settings.targetRecall)", hint: "0 measures the recall without widening")
        }
        settings.seed = try SeedOption.seed(in: parsed)
        let read = AuditDataset.ReadOptions(try DatasetReadOptions(parsed: parsed))
        let references = parsed.values("--against").map { URL(fileURLWithPath: $0) }
        if stage != nil, !references.isEmpty {
            throw UsageError("--against runs in one process, not with --stage", hint: "drop --stage, or dedup against the reference first")
        }
        let budget = try self.budget(parsed)
        let annotate = parsed.flag("--annotate")
        if stage != nil, budget != nil || annotate {
            throw UsageError("--keep and --annotate run in one process, not with --stage", hint: "drop --stage")
        }
        return Request(input: input.map { URL(fileURLWithPath: $0) }, out: URL(fileURLWithPath: parsed.string("--out", default: "dedup")),
                       read: read, settings: settings, stage: stage, references: references, budget: budget, annotate: annotate)
    }

    /// `--keep` with `--by` and `--max-pairs`; nil without `--keep`.
    private static func budget(_ parsed: ParsedArguments) throws(UsageError) -> DedupBudget? {
        guard parsed.isPresent("--keep") else {
            for option in ["--by", "--max-pairs"] where parsed.isPresent(option) {
                throw UsageError("\(option) goes with --keep N", hint: "add --keep N, the number of records to keep")
            }
            return nil
        }
        let keep = try parsed.int("--keep", default: 1)
        guard keep >= 1 else { throw UsageError("--keep must be at least 1, got \(keep)", hint: "--keep N: the number of records to keep") }
        let selection = try parsed.choice("--by", as: DedupBudget.Selection.self) ?? .threshold
        if selection == .diversity, parsed.isPresent("--max-pairs") {
            throw UsageError("--max-pairs goes with --by threshold", hint: "--by diversity needs only the pairs at --threshold")
        }
        let maxPairs = try parsed.int("--max-pairs", default: DedupBudget.defaultMaxPairs)
        guard maxPairs >= 1 else {
            throw UsageError("--max-pairs must be at least 1, got \(maxPairs)", hint: "the default is \(DedupBudget.defaultMaxPairs)")
        }
        return DedupBudget(keep: keep, selection: selection, maxPairs: maxPairs)
    }

    /// `--stage` with its `--task` / `--tasks`.
    private static func stage(_ parsed: ParsedArguments) throws(UsageError) -> Stage? {
        let name = try parsed.choice("--stage", as: StageName.self)
        if name != .join, parsed.isPresent("--task") { throw UsageError("--task goes with --stage join") }
        if name != .plan, parsed.isPresent("--tasks") { throw UsageError("--tasks goes with --stage plan") }
        switch name {
        case nil: return nil
        case .plan?:
            let tasks = try parsed.int("--tasks", default: DedupStages.defaultTasks)
            guard tasks >= 1 else { throw UsageError("--tasks must be at least 1, got \(tasks)") }
            return .plan(tasks: tasks)
        case .join?:
            guard parsed.isPresent("--task") else { throw UsageError("--stage join needs --task j", hint: "the tasks are listed in <out>/work/plan.json") }
            let task = try parsed.int("--task", default: 0)
            guard task >= 0 else { throw UsageError("--task must not be negative, got \(task)") }
            return .join(task: task)
        case .merge?: return .merge
        }
    }

    /// Runs `spb-analyze dedup`: 0 on success (help included), 64 for a usage error, 65 for bad input, 1 otherwise.
    /// - Parameters:
    ///   - arguments: the arguments after `dedup`.
    ///   - encoder: loads the encoder, called only for a dataset without stored embeddings.
    ///   - output: where the summary and the help go (standard output by default).
    ///   - errorOutput: where error messages go (standard error by default).
    public static func run(_ arguments: [String], encoder: @escaping DedupInput.EncoderLoader,
                           output: @Sendable (String) -> Void = { print($0, terminator: "") },
                           errorOutput: @Sendable (String) -> Void = StandardError.write) async -> Int32 {
        await CommandRunner.run(errorOutput: errorOutput) {
            guard let request = try parse(arguments) else {
                output(help)
                return
            }
            if request.settings.workers < BLAS.threadCount { BLAS.setThreadCount(request.settings.workers) }
            let files = DedupWorkFiles(out: request.out)
            switch request.stage {
            case let .join(task):
                let report: DedupStages.TaskReport?
                do { report = try DedupStages.join(task: task, files: files, workers: request.settings.workers) } catch let error as DedupStages.UnknownTask {
                    throw UsageError("--task \(error.task) is not in the plan, which has tasks 0..<\(error.taskCount)")
                }
                output(report.map { "task \($0.task): \($0.partitions) partitions, \($0.pairs) pairs, " + String(format: "%.1f s\n", $0.seconds) }
                    ?? "task \(task) already finished: \(files.taskReport(task: task).path)\n")
                return
            case .merge:
                output(try DedupStages.merge(files: files, out: request.out, workers: request.settings.workers).report.summary())
                return
            case nil, .plan:
                break
            }
            guard let url = request.input else { return }
            let start = ContinuousClock.now
            var input = try await DedupInput.read(url, options: request.read, encoder: encoder)
            guard input.vectors.rows >= 1 else {
                throw InputError(file: url.relativePath, line: nil, field: nil, message: "no rows")
            }
            if case let .plan(tasks) = request.stage {
                let plan = try DedupStages.plan(&input, settings: request.settings, tasks: tasks,
                                                readSeconds: PartitionedDedup.seconds(since: start), files: files)
                output("plan: \(plan.n) records, \(plan.mode), \(plan.partitionCount) partitions "
                       + "in \(plan.tasks.count) join tasks → \(files.plan.path)\n")
                return
            }
            let inputCount = input.vectors.rows
            var against: (matches: ReferenceMatches, summary: ReferenceMatches.Summary, ids: [String])?
            if !request.references.isEmpty {
                let referenceStart = ContinuousClock.now
                try input.normalizeRows()
                var references = [DedupInput]()
                for url in request.references {
                    var reference = try await DedupInput.read(url, options: request.read, encoder: encoder)
                    try reference.normalizeRows()
                    references.append(reference)
                }
                let matches = try ReferenceMatches.find(input, in: references, threshold: Float(request.settings.threshold))
                let summary = ReferenceMatches.Summary(references: references.map(\.source), referenceRows: references.reduce(0) { $0 + $1.vectors.rows },
                                                       dropped: matches.matches.count, seconds: PartitionedDedup.seconds(since: referenceStart))
                against = (matches, summary, input.ids)
                input = matches.remaining(of: input)
            }
            let readSeconds = PartitionedDedup.seconds(since: start)
            var result = try request.budget?.run(&input, settings: request.settings, readSeconds: readSeconds)
                ?? Deduplicator.run(&input, settings: request.settings, readSeconds: readSeconds)
            result.report.against = against?.summary
            if request.annotate, let url = request.input {
                let annotations = DedupAnnotation.rows(count: inputCount, decision: result.decision, ids: input.ids, against: against?.matches)
                result.report.annotated = try DedupAnnotator.write(annotations, ids: against?.ids ?? input.ids, input: url, kind: input.kind,
                                                                   options: request.read, withReason: request.budget?.selection == .diversity || against != nil,
                                                                   to: request.out)
            }
            try Deduplicator.write(result, ids: input.ids, to: request.out)
            try against?.matches.write(ids: against?.ids ?? [], to: request.out)
            output(result.report.summary())
            if let budget = result.report.budget, budget.shortfall > 0 {
                errorOutput("warning: --keep \(budget.keep): only \(budget.kept) records are left after dedup at τ \(request.settings.threshold); "
                            + "all are kept, \(budget.shortfall) short\n")
            }
        }
    }
}
