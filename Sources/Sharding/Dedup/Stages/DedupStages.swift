import Analysis
import CommandLineSupport
import Foundation
import LinearAlgebra
import PersonaKit
import VectorIndex

/// `spb-analyze dedup` in three steps that talk through files, so a cluster (the Ray driver in
/// `cluster/`) can run the joins as independent, retryable tasks:
///
/// 1. ``plan(_:settings:tasks:readSeconds:files:)``: normalise, partition, write the work folder;
/// 2. ``join(task:files:workers:)``: one task's partitions, pairs to `pairs-J.bin` (idempotent:
///    a finished task is not redone, so a retried or repeated task is harmless);
/// 3. ``merge(files:out:workers:)``: every task's pairs, the recall measured on the sample (read
///    from `vectors.npy` in blocks) and the widening to the target (in this process, loading the
///    rows only when it widens), the greedy keep, the same `keep.txt`, `drops.csv` and
///    `dedup-report.json` as the single-process run.
///
/// The result equals the single-process run's exactly: the partitions are the same, each
/// partition is joined with its own seed, and a join sees the same rows in the same order.
public enum DedupStages {
    /// Join tasks a plan aims at (`--tasks`): a few per CPU of a small cluster, so retries are cheap and load evens out.
    public static let defaultTasks = 16

    /// A join task's figures, `pairs-J.json`.
    public struct TaskReport: Sendable, Codable, Equatable {
        public var task: Int
        public var partitions: Int
        /// Pairs in `pairs-J.bin` (after removing repeats within the task).
        public var pairs: Int
        public var statistics: PartitionedDedup.Statistics
        public var seconds: Double
        public var peakResidentBytes: Int?
    }

    /// Writes the work folder for `input` (replacing an earlier one): normalised rows, ids, the
    /// partitions and `plan.json` (last).
    /// - Throws: `InputError` for a zero or non-finite row; file errors.
    public static func plan(_ input: inout DedupInput, settings: DedupSettings, tasks: Int, readSeconds: Double,
                            files: DedupWorkFiles) throws -> DedupPlan {
        try? FileManager.default.removeItem(at: files.directory)
        try FileManager.default.createDirectory(at: files.directory, withIntermediateDirectories: true)
        var timings = DedupReport.Timings()
        timings.readSeconds = readSeconds
        let normalizeStart = ContinuousClock.now
        try input.normalizeRows()
        timings.normalizeSeconds = PartitionedDedup.seconds(since: normalizeStart)
        _ = try NotebookFiles.writeNPY(input.vectors, to: files.vectors)
        try JSONEncoder().encode(input.ids).write(to: files.ids, options: .atomic)

        var statistics = PartitionedDedup.Statistics(mode: "exact")
        var offsets = [Int](), taskList = [[0]]
        if settings.usesPartitions(count: input.vectors.rows) {
            let members: [[Int32]]
            (members, statistics) = PartitionedDedup.topLevelPartitions(of: input.vectors, settings: settings)
            timings.centroidSeconds = statistics.centroidSeconds
            timings.assignSeconds = statistics.assignSeconds
            offsets = members.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1.count) }
            try DedupWorkFiles.encode(rows: members.flatMap { $0 }).write(to: files.partitions, options: .atomic)
            taskList = DedupPlan.balancedTasks(sizes: members.map(\.count), count: tasks)
        }
        let plan = DedupPlan(source: input.source, inputKind: input.kind, n: input.vectors.rows, dimension: input.vectors.columns,
                             threshold: settings.threshold, mode: statistics.mode, boundary: DedupReport.BoundaryRule(settings),
                             requestedPartitions: settings.partitions, recallSample: settings.recallSample, targetRecall: settings.targetRecall,
                             partitionOffsets: offsets, tasks: taskList, statistics: statistics, timings: timings,
                             peakResidentBytes: PeakResidentMemory.bytes())
        try encoded(plan).write(to: files.plan, options: .atomic)
        return plan
    }

    /// Joins task `task`'s partitions with `workers` threads, reading only their rows, and writes
    /// `pairs-J.bin` then `pairs-J.json`; returns nil when the task had already finished.
    /// - Throws: ``UnknownTask`` for a task number the plan does not have; `InputError` for a
    ///   missing plan or damaged work files.
    public static func join(task: Int, files: DedupWorkFiles, workers: Int) throws -> TaskReport? {
        let plan = try DedupPlan.read(files)
        guard plan.tasks.indices.contains(task) else { throw UnknownTask(task: task, taskCount: plan.tasks.count) }
        if finishedTask(task, files: files, plan: plan) != nil { return nil }
        let start = ContinuousClock.now
        let settings = plan.settings(workers: workers)
        let header = try vectorsHeader(files, plan: plan)
        var pairs: [SimilarPair], statistics: PartitionedDedup.Statistics
        if plan.mode == "exact" {
            (pairs, statistics) = PartitionedDedup.pairs(of: try NPYMatrix.read(files.vectors), settings: settings)
        } else {
            let offsets = plan.partitionOffsets
            guard plan.tasks[task].allSatisfy({ $0 >= 0 && $0 + 1 < offsets.count }) else {
                throw InputError(file: files.plan.relativePath, line: nil, field: "tasks[\(task)]", message: "names a partition the plan does not have")
            }
            (pairs, statistics) = try PartitionedDedup.joinPartitions(plan.tasks[task], settings: settings, workers: workers) { index in
                let rows = try DedupWorkFiles.readRows(files.partitions, offset: offsets[index], count: offsets[index + 1] - offsets[index], rows: plan.n)
                let gathered = try NPYMatrix.readRows(files.vectors, header: header, rows: rows)
                return (gathered, Array(0 ..< Int32(rows.count)), rows)
            }
        }
        try DedupWorkFiles.encode(pairs).write(to: files.pairs(task: task), options: .atomic)
        statistics.joinSeconds = PartitionedDedup.seconds(since: start)
        let report = TaskReport(task: task, partitions: plan.tasks[task].count, pairs: pairs.count, statistics: statistics,
                                seconds: statistics.joinSeconds, peakResidentBytes: PeakResidentMemory.bytes())
        try encoded(report).write(to: files.taskReport(task: task), options: .atomic)
        return report
    }

    /// Reads every task's pairs, measures their recall and widens to the plan's target (with
    /// `workers` threads), applies the greedy keep and writes `keep.txt`, `drops.csv` and
    /// `dedup-report.json` into `out`.
    /// - Throws: `InputError` naming the unfinished tasks, or a damaged work file.
    public static func merge(files: DedupWorkFiles, out: URL, workers: Int) throws -> Deduplicator.Result {
        let plan = try DedupPlan.read(files)
        let reports = plan.tasks.indices.map { finishedTask($0, files: files, plan: plan) }
        let missing = reports.indices.filter { reports[$0] == nil }
        guard missing.isEmpty else {
            let list = missing.prefix(10).map(String.init).joined(separator: ", ") + (missing.count > 10 ? ", …" : "")
            throw InputError(file: files.directory.relativePath, line: nil, field: nil,
                             message: "\(missing.count) of \(plan.tasks.count) join tasks have not finished (\(list)); run spb-analyze dedup --stage join --task J for each")
        }
        let finished = reports.compactMap { $0 }
        var found = [SimilarPair]()
        for task in plan.tasks.indices { found += try DedupWorkFiles.decodePairs(files.pairs(task: task), rows: plan.n) }
        let idsData = try DedupWorkFiles.read(files.ids)
        guard let ids = try? JSONDecoder().decode([String].self, from: idsData), ids.count == plan.n else {
            throw InputError(file: files.ids.relativePath, line: nil, field: nil, message: "not a list of \(plan.n) ids")
        }
        var statistics = plan.statistics
        for report in finished { statistics.add(report.statistics) }
        var timings = plan.timings
        timings.joinSeconds = statistics.joinSeconds
        let settings = plan.settings(workers: workers)
        var pairs = PartitionedDedup.merged(found), recall: RecallReport?
        if plan.mode == "partitioned" {
            let header = try vectorsHeader(files, plan: plan)
            let sample = try RecallSample(count: plan.n, sampleVectors: { rows in
                try NPYMatrix.readRows(files.vectors, header: header, rows: rows.map { Int32($0) })
            }, size: settings.recallSample, threshold: settings.threshold, seed: RecallSample.seed(forRunSeed: settings.seed)) { range in
                try NPYMatrix.readRows(files.vectors, header: header, rows: range.map { Int32($0) })
            }
            (pairs, recall) = try RecallWidening.run(first: (pairs, statistics), sample: sample, settings: settings) {
                try NPYMatrix.read(files.vectors)
            }
        }
        var result = Deduplicator.decide(pairs: pairs, statistics: statistics, recall: recall, timings: timings, settings: settings,
                                         source: plan.source, inputKind: plan.inputKind, n: plan.n, dimension: plan.dimension)
        let joinPeak = finished.compactMap(\.peakResidentBytes).max()
        let mergePeak = result.report.peakResidentBytes
        result.report.staged = DedupReport.Staged(tasks: plan.tasks.count, slowestTaskSeconds: finished.map(\.seconds).max() ?? 0,
                                                  planPeakResidentBytes: plan.peakResidentBytes, joinPeakResidentBytes: joinPeak,
                                                  mergePeakResidentBytes: mergePeak)
        result.report.peakResidentBytes = [plan.peakResidentBytes, joinPeak, mergePeak].compactMap { $0 }.max()
        try Deduplicator.write(result, ids: ids, to: out)
        return result
    }

    /// The header of `vectors.npy`, checked against the plan's shape.
    /// - Throws: `InputError` for a damaged file or another shape.
    static func vectorsHeader(_ files: DedupWorkFiles, plan: DedupPlan) throws -> NPYMatrix.Header {
        let header = try NPYMatrix.header(files.vectors)
        guard header.rows == plan.n, header.columns == plan.dimension else {
            throw InputError(file: files.vectors.relativePath, line: nil, field: nil,
                             message: "shape (\(header.rows), \(header.columns)) but the plan has (\(plan.n), \(plan.dimension))")
        }
        return header
    }

    /// Task `task`'s report when its `.json` reads, names it, and its pairs file has the size it records.
    static func finishedTask(_ task: Int, files: DedupWorkFiles, plan: DedupPlan) -> TaskReport? {
        guard let data = try? Data(contentsOf: files.taskReport(task: task)),
              let report = try? JSONDecoder().decode(TaskReport.self, from: data), report.task == task,
              let size = (try? FileManager.default.attributesOfItem(atPath: files.pairs(task: task).path))?[.size] as? Int,
              size == report.pairs * DedupWorkFiles.pairBytes else { return nil }
        return report
    }

    private static func encoded(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(value)
    }
}

extension DedupStages {
    /// A join task number the plan does not have.
    public struct UnknownTask: Error, Sendable, Equatable, CustomStringConvertible {
        /// The task asked for.
        public let task: Int
        /// How many tasks the plan has (numbered from 0).
        public let taskCount: Int

        /// `task 7 is not in the plan, which has tasks 0..<4`.
        public var description: String { "task \(task) is not in the plan, which has tasks 0..<\(taskCount)" }
    }
}
