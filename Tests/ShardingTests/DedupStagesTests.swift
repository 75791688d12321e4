import Analysis
import Foundation
import Sharding
import Testing

/// `spb-analyze dedup --stage plan|join|merge`: the split run a cluster executes gives the
/// single-process result exactly, each step is idempotent, and an unfinished run says what is missing.
@Suite("Staged dedup (plan, join tasks, merge)", .serialized)
struct DedupStagesTests {
    static let data = PlantedData(count: 6_000, dimension: 64, clusters: 12, groups: 300, seed: 29)

    /// Runs plan, every join task (each twice: the second must be a no-op) and the merge into `out`.
    static func staged(_ input: URL, out: URL, options: [String], tasks: Int) async throws -> DedupPlan {
        let plan = await runDedup([input.path, "--out", out.path, "--stage", "plan", "--tasks", String(tasks)] + options)
        #expect(plan.status == 0, "\(plan.errors)")
        let decoded = try JSONDecoder().decode(DedupPlan.self, from: Data(contentsOf: DedupWorkFiles(out: out).plan))
        for task in decoded.tasks.indices.reversed() {
            let join = await runDedup(["--out", out.path, "--stage", "join", "--task", String(task), "--threads", "1"])
            #expect(join.status == 0 && join.output.hasPrefix("task \(task): "), "\(join.output) \(join.errors)")
            let again = await runDedup(["--out", out.path, "--stage", "join", "--task", String(task)])
            #expect(again.status == 0 && again.output.contains("already finished"), "a finished task is not redone: \(again.output)")
        }
        let merge = await runDedup(["--stage", "merge", "--out", out.path])
        #expect(merge.status == 0, "\(merge.errors)")
        return decoded
    }

    @Test("partitioned and exact: keep.txt and drops.csv equal the single-process run byte for byte", arguments: [["--partitions", "9"], ["--exact"]])
    func stagedEqualsSingleProcess(mode: [String]) async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let input = folder.file("planted.npy")
        try NotebookFiles.writeNPY(Self.data.vectors, to: input)
        let options = ["--threshold", "0.85"] + mode
        let single = await runDedup([input.path, "--out", folder.file("single").path] + options)
        #expect(single.status == 0, "\(single.errors)")
        let plan = try await Self.staged(input, out: folder.file("staged"), options: options, tasks: 4)
        #expect(plan.tasks.count == (mode == ["--exact"] ? 1 : 4))
        #expect(plan.mode == (mode == ["--exact"] ? "exact" : "partitioned"))
        for name in ["keep.txt", "drops.csv"] {
            let a = try Data(contentsOf: folder.file("single").appendingPathComponent(name))
            let b = try Data(contentsOf: folder.file("staged").appendingPathComponent(name))
            #expect(a == b, "\(name) differs between the single-process and the staged run")
        }
        #expect(try lines(folder.file("staged/drops.csv")).count > 200, "the planted groups produce drops")
        let report = try JSONDecoder().decode(DedupReport.self, from: Data(contentsOf: folder.file("staged/dedup-report.json")))
        let singleReport = try JSONDecoder().decode(DedupReport.self, from: Data(contentsOf: folder.file("single/dedup-report.json")))
        #expect(report.staged?.tasks == plan.tasks.count && singleReport.staged == nil)
        #expect(report.pairsFound == singleReport.pairsFound && report.statistics.placements == singleReport.statistics.placements)
        #expect(report.recall?.estimate == singleReport.recall?.estimate, "the merge measures the recall on the same sample")
        #expect((report.recall == nil) == (mode == ["--exact"]), "partitioned runs measure their recall, exact ones need not")
    }

    @Test("a staged run that widens does so in its merge, and equals the single-process run", arguments: ["0.999", "1"])
    func stagedWideningEqualsSingleProcess(target: String) async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let input = folder.file("isotropic.npy")
        try NotebookFiles.writeNPY(IsotropicPlantedData(count: 6_000, dimension: 64, groups: 600, seed: 3).vectors, to: input)
        let options = ["--threshold", "0.9", "--partitions", "60", "--target-recall", target]
        let single = await runDedup([input.path, "--out", folder.file("single").path] + options)
        #expect(single.status == 0, "\(single.errors)")
        _ = try await Self.staged(input, out: folder.file("staged"), options: options, tasks: 3)
        for name in ["keep.txt", "drops.csv"] {
            #expect(try Data(contentsOf: folder.file("single/\(name)")) == Data(contentsOf: folder.file("staged/\(name)")), "\(name) differs")
        }
        let report = try JSONDecoder().decode(DedupReport.self, from: Data(contentsOf: folder.file("staged/dedup-report.json")))
        let singleReport = try JSONDecoder().decode(DedupReport.self, from: Data(contentsOf: folder.file("single/dedup-report.json")))
        let recall = try #require(report.recall)
        #expect(!recall.widening.isEmpty && recall.reached, "\(recall.summary())")
        #expect(recall.widening.map(\.kind) == singleReport.recall?.widening.map(\.kind))
        #expect(recall.estimate == singleReport.recall?.estimate && report.pairsFound == singleReport.pairsFound)
        #expect(single.output.contains("recall ≈ ") && single.output.contains("reached after"), "\(single.output)")
    }

    @Test("join tasks balance partition cost (size²), largest first, every partition exactly once")
    func taskBalancing() {
        let sizes = [900, 100, 100, 100, 500, 500, 300, 20]
        let tasks = DedupPlan.balancedTasks(sizes: sizes, count: 3)
        #expect(tasks.flatMap { $0 }.sorted() == Array(sizes.indices))
        #expect(tasks.contains([0]), "the 900-row partition (cost 810,000) is a task on its own: \(tasks)")
        #expect(DedupPlan.balancedTasks(sizes: [5, 5], count: 8).count == 2, "never more tasks than partitions")
    }

    @Test("merge before every task finished names the missing tasks (exit 65); a task outside the plan is a usage error (64)")
    func unfinishedRun() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let input = folder.file("planted.npy")
        try NotebookFiles.writeNPY(Self.data.vectors, to: input)
        let out = folder.file("staged").path
        #expect(await runDedup(["--out", out, "--stage", "merge"]).errors.contains("no plan"))
        #expect(await runDedup([input.path, "--out", out, "--stage", "plan", "--partitions", "6", "--tasks", "3"]).status == 0)
        #expect(await runDedup(["--out", out, "--stage", "join", "--task", "1"]).status == 0)
        let merge = await runDedup(["--out", out, "--stage", "merge"])
        #expect(merge.status == 65 && merge.errors.contains("2 of 3 join tasks have not finished (0, 2)"), "\(merge.errors)")
        #expect(await runDedup(["--out", out, "--stage", "join", "--task", "3"]).status == 64)
        #expect(await runDedup(["--out", out, "--stage", "join"]).status == 64, "join needs --task")
        #expect(await runDedup([input.path, "--out", out, "--stage", "join", "--task", "0"]).status == 64, "join takes no input")
        #expect(await runDedup(["--out", out, "--stage", "mix"]).status == 64)
        // A damaged pairs file is caught by its size, and the task is then not finished.
        try Data([1, 2, 3]).write(to: DedupWorkFiles(out: folder.file("staged")).pairs(task: 1))
        #expect(await runDedup(["--out", out, "--stage", "merge"]).errors.contains("3 of 3 join tasks"))
    }
}
