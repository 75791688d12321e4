import Analysis
import Foundation
import LinearAlgebra
import Sharding
import Testing
import TestSupport
import TextMetrics
import VectorIndex

/// `spb-analyze dedup --keep N`: exactly N records, by the τ at which the greedy keep keeps N or by diversity.
@Suite("spb-analyze dedup --keep N (a budget)", .serialized)
struct DedupBudgetTests {
    /// 600 clustered 16-d rows with 60 planted near-duplicate groups.
    static let planted = PlantedData(count: 600, dimension: 16, clusters: 4, groups: 60, seed: 7)

    static func report(_ folder: URL) throws -> DedupReport {
        try JSONDecoder().decode(DedupReport.self, from: Data(contentsOf: folder.appendingPathComponent("dedup-report.json")))
    }

    /// The rows as the command reads and normalises them.
    static func normalized(_ url: URL) throws -> Matrix {
        var input = try DedupInput.readNPY(url)
        try input.normalizeRows()
        return input.vectors
    }

    @Test("--keep N by threshold keeps exactly N; the greedy keep at the reported τ is the kept set before the add-back, the next score keeps more",
          arguments: [580, 500, 300, 1])
    func keepsExactlyN(keep: Int) async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        try NotebookFiles.writeNPY(Self.planted.vectors, to: folder.file("planted.npy"))
        let out = folder.file("out")
        let run = await runDedup([folder.file("planted.npy").path, "--threshold", "0.9", "--keep", String(keep), "--annotate", "--out", out.path])
        #expect(run.status == 0, "\(run.errors)")
        let kept = try lines(out.appendingPathComponent("keep.txt"))
        #expect(kept.count == keep && Set(kept).count == keep)
        let report = try Self.report(out)
        let budget = try #require(report.budget)
        let tau = try #require(budget.chosenThreshold)
        #expect(budget.keep == keep && budget.kept == keep && report.kept == keep && report.dropped == 600 - keep)
        #expect(abs(report.threshold - tau) <= 1e-7 && run.output.contains("--keep \(keep) by threshold: τ"), "\(run.output)")
        #expect(budget.pairSearches == (tau >= 0.9 ? 1 : 2), "a τ below --threshold needs a second pair search: τ \(tau)")

        let vectors = try Self.normalized(folder.file("planted.npy"))
        var exact = DedupSettings()
        exact.mode = .exact
        exact.threshold = tau
        let pairs = PartitionedDedup.pairs(of: vectors, settings: exact).pairs
        let greedy = GreedyKeep(count: 600, pairs: pairs, threshold: tau)
        let greedyKept = Set(greedy.kept.indices.filter { greedy.kept[$0] }.map(String.init))
        #expect(greedy.keptCount == budget.keptAtThreshold && greedy.keptCount <= keep)
        #expect(greedyKept.isSubset(of: Set(kept)), "every record the greedy keep keeps at τ is kept")
        #expect(kept.count - greedyKept.count == budget.addedBack)
        // Added back: the dropped records least similar to their kept record.
        let addedScores = greedy.drops.filter { kept.contains(String($0.dropped)) }.map(\.score)
        let stillDropped = greedy.drops.filter { !kept.contains(String($0.dropped)) }.map(\.score)
        #expect((addedScores.max() ?? -1) <= (stillDropped.min() ?? 2) + 1e-6)
        // The next higher pair score keeps more than N.
        if let next = pairs.map(\.score).filter({ $0 > tau }).min() {
            #expect(GreedyKeep(count: 600, pairs: pairs, threshold: next).keptCount > keep)
        }
        let drops = try lines(out.appendingPathComponent("drops.csv"))
        #expect(drops.first == "dropped_id,kept_id,score,reason" && drops.count == 600 - keep + 1)
        #expect(drops.dropFirst().allSatisfy { $0.hasSuffix(",duplicate") && (Double($0.split(separator: ",")[2]) ?? 0) >= Double(tau) - 1e-6 })
        // --annotate says the budget's decision: kept records (added back ones too) have no duplicate_of.
        let annotated = try lines(out.appendingPathComponent("annotated.csv"))
        #expect(annotated.first == "id,duplicate_of,score" && annotated.count == 601)
        let keptSet = Set(kept)
        for row in annotated.dropFirst() {
            let fields = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            #expect(fields.count == 3 && (keptSet.contains(fields[0]) == fields[1].isEmpty), "\(row)")
        }
    }

    @Test("ties: one score drops three copies at once, so the τ keeps fewer than N and the first dropped copies are added back")
    func addsBackToN() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        var random = SplitMix64(seed: 17)
        let spread = random.unitRows(6, columns: 8)
        let rows = Matrix(columns: 8, rowVectors: Array(repeating: spread.row(0), count: 4) + (1 ..< 6).map { spread.row($0) }
            + [random.unitRows(1, columns: 8).row(0)])
        try NotebookFiles.writeNPY(rows, to: folder.file("copies.npy"))
        let out = folder.file("out")
        let run = await runDedup([folder.file("copies.npy").path, "--threshold", "0.9", "--keep", "9", "--out", out.path])
        #expect(run.status == 0, "\(run.errors)")
        let budget = try #require(try Self.report(out).budget)
        #expect(budget.keptAtThreshold == 7 && budget.addedBack == 2 && budget.kept == 9 && budget.pairSearches == 1, "\(budget)")
        #expect(abs((budget.chosenThreshold ?? 0) - 1) <= 1e-5, "the copies' score")
        #expect(try lines(out.appendingPathComponent("keep.txt")) == ["0", "1", "2"] + (4 ..< 10).map(String.init), "rows 1 and 2 come back, row 3 stays out")
        #expect(try lines(out.appendingPathComponent("drops.csv")).dropFirst().map { $0.split(separator: ",").prefix(2).joined(separator: ",") } == ["3,0"])
        #expect(run.output.contains("added back the 2 dropped records least similar to their kept one"), "\(run.output)")
    }

    @Test("N at or above the record count keeps every record and says so")
    func keepsEverything() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        try NotebookFiles.writeNPY(Self.planted.vectors, to: folder.file("planted.npy"))
        for (keep, by) in [(600, "threshold"), (1_000, "diversity")] {
            let out = folder.file("out-\(keep)")
            let run = await runDedup([folder.file("planted.npy").path, "--threshold", "0.9", "--keep", String(keep), "--by", by, "--out", out.path])
            #expect(run.status == 0, "\(run.errors)")
            #expect(try lines(out.appendingPathComponent("keep.txt")).count == 600)
            #expect(try lines(out.appendingPathComponent("drops.csv")) == ["dropped_id,kept_id,score,reason"])
            #expect(run.output.contains("every record kept"), "\(run.output)")
            let budget = try #require(try Self.report(out).budget)
            #expect(budget.kept == 600 && budget.chosenThreshold == nil && budget.note != nil)
        }
    }

    @Test("N out of reach within --max-pairs: exit 64 naming the fewest records the greedy keep can keep")
    func unreachable() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        try NotebookFiles.writeNPY(Self.planted.vectors, to: folder.file("planted.npy"))
        let run = await runDedup([folder.file("planted.npy").path, "--threshold", "0.9", "--keep", "1", "--max-pairs", "200",
                                  "--out", folder.file("out").path])
        #expect(run.status == 64, "\(run.errors)")
        #expect(run.errors.hasPrefix("error: --keep 1 is out of reach") && run.errors.contains("still keeps") && run.errors.contains("hint: --keep "),
                "\(run.errors)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("out/keep.txt").path))
    }

    /// 100 unit rows in 16-d: 60 crowded round one centre (cosine about 0.7 to each other), 38 spread at random,
    /// and 2 near-copies (rows 98, 99 of rows 0 and 60, cosine > 0.999).
    static func crowded() -> Matrix {
        var random = SplitMix64(seed: 29)
        let centre = random.unitRows(1, columns: 16)
        var rows = Matrix(rows: 100, columns: 16)
        for row in 0 ..< 98 {
            let noise = random.unitRows(1, columns: 16)
            for j in 0 ..< 16 { rows[row, j] = row < 60 ? Float(0.7).squareRoot() * centre[0, j] + Float(0.3).squareRoot() * noise[0, j] : noise[0, j] }
        }
        for (copy, of) in [(98, 0), (99, 60)] {
            let noise = random.unitRows(1, columns: 16)
            for j in 0 ..< 16 { rows[copy, j] = rows[of, j] + 0.01 * noise[0, j] }
        }
        Vectors.normalizeRows(&rows)
        return rows
    }

    @Test("--by diversity: duplicates first, then withdrawal to N; the kept set is more diverse than any of 50 random N-subsets")
    func byDiversity() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let rows = Self.crowded()
        try NotebookFiles.writeNPY(rows, to: folder.file("crowded.npy"))
        let out = folder.file("out")
        let run = await runDedup([folder.file("crowded.npy").path, "--threshold", "0.99", "--keep", "40", "--by", "diversity", "--annotate", "--out", out.path])
        #expect(run.status == 0 && !run.errors.contains("warning"), "\(run.errors)")
        let kept = try lines(out.appendingPathComponent("keep.txt")).compactMap { Int($0) }
        #expect(kept.count == 40)
        let drops = try lines(out.appendingPathComponent("drops.csv")).dropFirst()
        #expect(Set(drops.filter { $0.hasSuffix(",duplicate") }.map { $0.split(separator: ",")[0] }) == ["98", "99"], "\(drops)")
        let selected = drops.filter { $0.hasSuffix(",,,selection") }
        #expect(selected.count == 58 && drops.count == 60)
        let budget = try #require(try Self.report(out).budget)
        #expect(budget.withdrawn == 58 && budget.keptAtThreshold == 98 && budget.kept == 40 && budget.shortfall == 0)
        let vendiAfter = try #require(budget.vendiAfter), vendiBefore = try #require(budget.vendiBefore)
        #expect(vendiAfter > vendiBefore)

        let mine = try Diversity.vendi(rows.selecting(rows: kept)).order1
        #expect(abs(mine - vendiAfter) <= 1e-4 * vendiAfter)
        var random = SplitMix64(seed: 3)
        let survivors = Array(0 ..< 98)
        let best = try (0 ..< 50).map { _ in try Diversity.vendi(rows.selecting(rows: survivors.shuffled(using: &random).prefix(40).sorted())).order1 }.max() ?? 0
        #expect(mine > best * 1.05, "kept \(mine) vs the best random subset \(best)")
        #expect(kept.filter { $0 < 60 }.count < 10, "the crowded rows go first: \(kept.filter { $0 < 60 }.count) of 40 kept are crowded")
        // --annotate with a selection adds reason.
        let annotated = try lines(out.appendingPathComponent("annotated.csv"))
        #expect(annotated.first == "id,duplicate_of,score,reason" && annotated.count == 101)
        #expect(annotated.contains { $0.hasPrefix("98,0,") && $0.hasSuffix(",duplicate") })
        #expect(annotated.filter { $0.hasSuffix(",,,selection") }.count == 58)
    }

    @Test("--by diversity with fewer than N left after dedup: all are kept, with a warning and the shortfall in the report")
    func diversityShortfall() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        try NotebookFiles.writeNPY(Self.crowded(), to: folder.file("crowded.npy"))
        let out = folder.file("out")
        let run = await runDedup([folder.file("crowded.npy").path, "--threshold", "0.99", "--keep", "99", "--by", "diversity", "--out", out.path])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.errors.contains("warning: --keep 99: only 98 records are left") && run.errors.contains("1 short"), "\(run.errors)")
        #expect(try lines(out.appendingPathComponent("keep.txt")).count == 98)
        let budget = try #require(try Self.report(out).budget)
        #expect(budget.shortfall == 1 && budget.kept == 98 && budget.withdrawn == 0)
    }

    @Test("usage errors exit 64 with a hint; --help lists --keep, --by, --max-pairs and --annotate with their defaults")
    func usage() async {
        let help = await runDedup(["--help"])
        for expected in ["--keep <N>", "every record that is not a duplicate at tau", "--by <rule>", "(values: threshold, diversity) (default: threshold)",
                         "--max-pairs <n>", "(default: \(DedupBudget.defaultMaxPairs))", "--annotate", "duplicate_of"] {
            #expect(help.output.contains(expected), "help lacks \(expected)")
        }
        let cases: [([String], String)] = [
            (["x.npy", "--by", "diversity"], "--by goes with --keep N"),
            (["x.npy", "--max-pairs", "10"], "--max-pairs goes with --keep N"),
            (["x.npy", "--keep", "0"], "--keep must be at least 1"),
            (["x.npy", "--keep", "-3"], "--keep must be at least 1"),
            (["x.npy", "--keep", "many"], "expects an integer"),
            (["x.npy", "--keep", "5", "--by", "random"], "expects threshold or diversity"),
            (["x.npy", "--keep", "5", "--by", "diversity", "--max-pairs", "10"], "--max-pairs goes with --by threshold"),
            (["x.npy", "--keep", "5", "--max-pairs", "0"], "--max-pairs must be at least 1"),
            (["x.npy", "--keep", "5", "--stage", "plan"], "not with --stage"),
            (["x.npy", "--annotate", "--stage", "plan"], "not with --stage"),
        ]
        for (arguments, message) in cases {
            let run = await runDedup(arguments)
            #expect(run.status == 64 && run.errors.hasPrefix("error: ") && run.errors.contains(message) && run.errors.contains("hint: "),
                    "\(arguments): \(run.status) \(run.errors)")
        }
    }
}
