import Analysis
import Foundation
import LinearAlgebra
import PersonaKit

/// `work/plan.json`: what the plan stage decided, everything a join task and the merge need.
///
/// The join tasks split the top-level partitions by longest-processing-time first (cost ~ size²),
/// so tasks take similar time; partition `i` keeps its own split seed whichever task joins it.
public struct DedupPlan: Sendable, Codable, Equatable {
    /// Layout version of the work folder (2: with the recall settings).
    public var version = 2
    public var source: String
    public var inputKind: String
    public var n: Int
    public var dimension: Int
    /// τ.
    public var threshold: Float
    /// `exact` (one task joins everything) or `partitioned`.
    public var mode: String
    /// The partition rule and seed (also used for the partitioned split of large partitions).
    public var boundary: DedupReport.BoundaryRule
    /// `--partitions` (nil: chosen from n), which the merge's widening partitionings use again.
    public var requestedPartitions: Int?
    /// Rows of the recall sample the merge measures the joins' pairs on.
    public var recallSample: Int
    /// The recall the merge widens to.
    public var targetRecall: Double
    /// Partition `i`'s rows are rows `partitionOffsets[i] ..< partitionOffsets[i + 1]` of `partitions.bin` (empty when exact).
    public var partitionOffsets: [Int]
    /// The partitions each join task joins (ascending); exact mode: one task, `[0]`.
    public var tasks: [[Int]]
    /// Sample and assignment figures.
    public var statistics: PartitionedDedup.Statistics
    /// Read, normalise, centroid and assignment seconds.
    public var timings: DedupReport.Timings
    /// Peak resident memory of the plan process.
    public var peakResidentBytes: Int?

    /// Top-level partitions (0 when exact).
    public var partitionCount: Int { max(partitionOffsets.count - 1, 0) }

    /// The settings a join task uses (threads are the task's own).
    func settings(workers: Int) -> DedupSettings {
        var settings = DedupSettings()
        settings.threshold = threshold
        settings.mode = mode == "exact" ? .exact : .partitioned
        settings.margin = boundary.margin
        settings.maxCopies = boundary.maxCopies
        settings.maxPartitionRows = boundary.maxPartitionRows
        settings.targetPartitionRows = boundary.targetPartitionRows
        settings.iterations = boundary.kmeansIterations
        settings.seed = boundary.seed
        settings.partitions = requestedPartitions
        settings.recallSample = recallSample
        settings.targetRecall = targetRecall
        settings.workers = workers
        return settings
    }

    /// Reads `work/plan.json`.
    /// - Throws: `InputError` when it is missing (the plan stage has not finished) or unreadable.
    static func read(_ files: DedupWorkFiles) throws -> DedupPlan {
        guard FileManager.default.fileExists(atPath: files.plan.path) else {
            throw InputError(file: files.plan.relativePath, line: nil, field: nil, message: "no plan: run spb-analyze dedup --stage plan first")
        }
        let plan: DedupPlan
        do { plan = try JSONDecoder().decode(DedupPlan.self, from: try Data(contentsOf: files.plan)) } catch {
            throw InputError(file: files.plan.relativePath, line: nil, field: nil,
                             message: "not a dedup plan of this version (2): \(error.localizedDescription); run --stage plan again")
        }
        return plan
    }

    /// `sizes` grouped into at most `count` tasks, largest cost first onto the least loaded task.
    public static func balancedTasks(sizes: [Int], count: Int) -> [[Int]] {
        let taskCount = max(1, min(count, sizes.count))
        var load = [Double](repeating: 0, count: taskCount)
        var tasks = [[Int]](repeating: [], count: taskCount)
        let order = sizes.indices.sorted { sizes[$0] != sizes[$1] ? sizes[$0] > sizes[$1] : $0 < $1 }
        for partition in order {
            let target = load.indices.min { load[$0] != load[$1] ? load[$0] < load[$1] : $0 < $1 } ?? 0
            load[target] += Double(sizes[partition]) * Double(sizes[partition])
            tasks[target].append(partition)
        }
        return tasks.map { $0.sorted() }.filter { !$0.isEmpty }
    }
}
