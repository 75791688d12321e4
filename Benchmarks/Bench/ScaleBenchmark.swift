import Analysis
import Dispatch
import Foundation
import LinearAlgebra

/// `spb-bench scale`: data and scoring for the partitioned-dedup benchmark (`Benchmarks/scale.sh`).
///
/// `generate` writes seeded synthetic embeddings with planted near-duplicate groups (known ground
/// truth); `spb-analyze dedup` (release) runs on them under `/usr/bin/time -v`; `evaluate` scores a
/// run's `drops.csv` against the planted groups and, optionally, against an exact run.
///
/// The data mimics sentence embeddings rather than isotropic noise: rows belong to one of
/// `--clusters` topic clusters of Zipf-like sizes (weight ∝ rank^-0.7), row = normalise(√a·centre +
/// √(1−a)·noise) with a per-cluster a in [0.2, 0.5] (the mean cosine inside the cluster), so
/// unrelated rows score far below 0.8. `--planted-groups` groups of 2-5 rows at random positions
/// are near-copies of the group's first row: each copy = normalise(base + s·u), u a random unit
/// vector, s set for cos(copy, base) uniform in [0.86, 0.985], so copy-copy cosines spread over
/// about 0.74-0.97 (both τ = 0.8 and 0.9 cut through them). The ground truth is every within-group
/// pair with its exact cosine (`planted-pairs.csv`); the expected drops at τ are greedy in-order
/// dedup over the truth pairs ≥ τ.
enum ScaleBenchmark {
    static let help = """
        usage: spb-bench scale generate [--count N] [--dimension D] [--clusters C] [--planted-groups G] [--subset N] [--seed S] [--data-dir DIR]
               spb-bench scale evaluate --data-dir DIR --run OUT --threshold T [--rows N] [--reference EXACT_OUT]

        generate   writes DIR/vectors.npy (N × D float32, default 1,000,000 × 384), DIR/vectors-first-<subset>.npy
                   (its first rows, default 200,000; 0 skips) and DIR/planted-pairs.csv (row_a,row_b,cosine);
                   defaults: 1,000 clusters, 20,000 planted groups, seed 13, DIR Benchmarks/data/scale
        evaluate   scores OUT/drops.csv of a run over the first --rows rows (default: the run's n): recall and
                   precision of the planted duplicates at τ, and agreement with --reference (an exact run's OUT)
        """

    static func main(_ arguments: [String]) -> Int32 {
        guard let command = arguments.first, command != "--help", command != "-h" else {
            print(help)
            return arguments.isEmpty ? 64 : 0
        }
        guard let options = options(after: arguments) else { return usage("every option needs a value") }
        func int(_ name: String, _ fallback: Int) -> Int? { options[name].map { Int($0) } ?? fallback }
        let directory = URL(fileURLWithPath: options["--data-dir"] ?? "Benchmarks/data/scale")
        do {
            switch command {
            case "generate":
                let known: Set = ["--count", "--dimension", "--clusters", "--planted-groups", "--subset", "--seed", "--data-dir"]
                guard options.keys.allSatisfy(known.contains), let count = int("--count", 1_000_000), let dimension = int("--dimension", 384),
                      let clusters = int("--clusters", 1_000), let groups = int("--planted-groups", 20_000),
                      let subset = int("--subset", 200_000), let seed = int("--seed", 13),
                      count > 0, dimension > 0, clusters > 0 else { return usage("bad or unknown generate option") }
                try generate(count: count, dimension: dimension, clusters: clusters, groups: groups, subset: subset,
                             seed: UInt64(seed), directory: directory)
            case "evaluate":
                let known: Set = ["--data-dir", "--run", "--threshold", "--rows", "--reference"]
                guard options.keys.allSatisfy(known.contains), let run = options["--run"],
                      let threshold = options["--threshold"].flatMap(Float.init) else { return usage("evaluate needs --run and --threshold") }
                try evaluate(directory: directory, run: URL(fileURLWithPath: run), threshold: threshold,
                             rows: options["--rows"].flatMap(Int.init), reference: options["--reference"].map { URL(fileURLWithPath: $0) })
            default:
                return usage("unknown scale command '\(command)'")
            }
            return 0
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            return 1
        }
    }

    /// The `--name value` and `--name=value` options after the subcommand; nil when the last one has no value.
    static func options(after arguments: [String]) -> [String: String]? {
        var options = [String: String]()
        var index = 1
        while index < arguments.count {
            let parts = arguments[index].split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 {
                options[parts[0]] = parts[1]
            } else if index + 1 < arguments.count {
                options[parts[0]] = arguments[index + 1]
                index += 1
            } else {
                return nil
            }
            index += 1
        }
        return options
    }

    static func usage(_ message: String) -> Int32 {
        FileHandle.standardError.write(Data("error: \(message)\nhint: spb-bench scale --help\n".utf8))
        return 64
    }

    // MARK: - Data

    static func generate(count: Int, dimension d: Int, clusters: Int, groups: Int, subset: Int, seed: UInt64, directory: URL) throws {
        let start = DispatchTime.now().uptimeNanoseconds
        var generator = SeededGenerator(seed: seed)
        var centres = Matrix(rows: clusters, columns: d)
        for index in 0 ..< clusters * d { centres[index / d, index % d] = gaussian(&generator) }
        Vectors.normalizeRows(&centres)
        let mix = (0 ..< clusters).map { _ in Float.random(in: 0.2 ... 0.5, using: &generator) }
        var cumulative = [Double](), total = 0.0
        for rank in 0 ..< clusters {
            total += pow(Double(rank + 1), -0.7)
            cumulative.append(total)
        }
        // Background rows in parallel, each from its own seeded stream.
        let (weights, weightTotal, clusterCentres) = (cumulative, total, centres)
        var storage = [Float](repeating: 0, count: count * d)
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        storage.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            let address = UInt(bitPattern: base)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let rows = count * worker / workers ..< count * (worker + 1) / workers
                let pointer = UnsafeMutablePointer<Float>(bitPattern: address)!
                var noise = [Float](repeating: 0, count: d)
                for row in rows {
                    var random = SeededGenerator(seed: SeededGenerator.mix(seed &+ UInt64(row) &* 0x9E37_79B9))
                    let target = Double.random(in: 0 ..< weightTotal, using: &random)
                    var low = 0, high = clusters - 1
                    while low < high { let mid = (low + high) / 2; if weights[mid] > target { high = mid } else { low = mid + 1 } }
                    for j in 0 ..< d { noise[j] = gaussian(&random) }
                    let noiseNorm = noise.reduce(0) { $0 + $1 * $1 }.squareRoot()
                    let a = mix[low], along = a.squareRoot(), across = (1 - a).squareRoot() / noiseNorm
                    var norm: Float = 0
                    for j in 0 ..< d {
                        let value = along * clusterCentres[low, j] + across * noise[j]
                        pointer[row * d + j] = value
                        norm += value * value
                    }
                    let scale = 1 / norm.squareRoot()
                    for j in 0 ..< d { pointer[row * d + j] *= scale }
                }
            }
        }
        // Planted groups of 2-5 at random positions; copies overwrite background rows.
        var positions = Array(0 ..< count)
        var planted = [[Int]]()
        var used = 0
        for _ in 0 ..< groups {
            let size = Int.random(in: 2 ... 5, using: &generator)
            guard used + size <= count else { break }
            for k in 0 ..< size { positions.swapAt(used + k, Int.random(in: (used + k) ..< count, using: &generator)) }
            planted.append(positions[used ..< used + size].sorted())
            used += size
        }
        var pairs = [(Int, Int, Float)]()
        var noise = [Float](repeating: 0, count: d)
        for group in planted {
            let baseRow = group[0]
            for row in group.dropFirst() {
                let cosine = Float.random(in: 0.86 ... 0.985, using: &generator)
                let step = (1 / (cosine * cosine) - 1).squareRoot()
                for j in 0 ..< d { noise[j] = gaussian(&generator) }
                let noiseNorm = noise.reduce(0) { $0 + $1 * $1 }.squareRoot()
                var norm: Float = 0
                for j in 0 ..< d {
                    let value = storage[baseRow * d + j] + step * noise[j] / noiseNorm
                    storage[row * d + j] = value
                    norm += value * value
                }
                for j in 0 ..< d { storage[row * d + j] /= norm.squareRoot() }
            }
            for (i, a) in group.enumerated() {
                for b in group[(i + 1)...] {
                    var dot: Float = 0
                    for j in 0 ..< d { dot += storage[a * d + j] * storage[b * d + j] }
                    pairs.append((a, b, dot))
                }
            }
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let matrix = Matrix(rows: count, columns: d, storage: storage)
        storage = []
        try NotebookFiles.writeNPY(matrix, to: directory.appendingPathComponent("vectors.npy"))
        if subset > 0, subset < count {
            try NotebookFiles.writeNPY(Matrix(rows: subset, columns: d, storage: Array(matrix.storage[0 ..< subset * d])),
                                       to: directory.appendingPathComponent("vectors-first-\(subset).npy"))
        }
        var csv = "row_a,row_b,cosine\n"
        for (a, b, score) in pairs.sorted(by: { ($0.0, $0.1) < ($1.0, $1.1) }) { csv += "\(a),\(b),\(score)\n" }
        try Data(csv.utf8).write(to: directory.appendingPathComponent("planted-pairs.csv"))
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print("spb-bench scale generate: \(count) × \(d), \(clusters) clusters, \(planted.count) planted groups "
            + "(\(used) rows, \(pairs.count) pairs; ≥ 0.9: \(pairs.filter { $0.2 >= 0.9 }.count), ≥ 0.8: \(pairs.filter { $0.2 >= 0.8 }.count)), "
            + "seed \(seed), \(String(format: "%.1f", seconds)) s → \(directory.path)")
    }

    static func gaussian(_ generator: inout SeededGenerator) -> Float {
        let u1 = Double.random(in: Double.ulpOfOne ..< 1, using: &generator)
        let u2 = Double.random(in: 0 ..< 1, using: &generator)
        return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }

    // MARK: - Scoring

    static func evaluate(directory: URL, run: URL, threshold: Float, rows: Int?, reference: URL?) throws {
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("dedup-report.json"))) as? [String: Any] ?? [:]
        guard let n = rows ?? (report["n"] as? Int) else { throw ScaleError("no n in \(run.path)/dedup-report.json and no --rows") }
        // Expected drops: greedy in row order over the planted pairs ≥ τ inside the first n rows.
        var earlier = [Int: [Int]]()
        let csv = try String(contentsOf: directory.appendingPathComponent("planted-pairs.csv"), encoding: .utf8)
        var truthPairs = 0
        for line in csv.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",")
            guard fields.count == 3, let a = Int(fields[0]), let b = Int(fields[1]), let score = Float(fields[2]) else { continue }
            guard b < n, score >= threshold else { continue }
            earlier[b, default: []].append(a)
            truthPairs += 1
        }
        var kept = [Bool](repeating: true, count: n)
        var expected = Set<Int>()
        for b in earlier.keys.sorted() where earlier[b]!.contains(where: { kept[$0] }) {
            kept[b] = false
            expected.insert(b)
        }
        let dropped = try drops(run)
        let hits = dropped.intersection(expected).count
        let recall = expected.isEmpty ? 1 : Double(hits) / Double(expected.count)
        let precision = dropped.isEmpty ? 1 : Double(hits) / Double(dropped.count)
        let timings = report["timings"] as? [String: Any] ?? [:]
        let statistics = report["statistics"] as? [String: Any] ?? [:]
        print(String(format: "τ %.2f, n %d, %@ (%d partitions): %d planted pairs ≥ τ, expected drops %d, run drops %d; "
                + "recall %.4f, precision %.4f; dedup %.1f s (centroids %.1f, assign %.1f, joins %.1f), largest join %d rows, placements/n %.2f",
            threshold, n, report["mode"] as? String ?? "?", report["partitions"] as? Int ?? 0, truthPairs, expected.count, dropped.count,
            recall, precision, timings["totalSeconds"] as? Double ?? 0, timings["centroidSeconds"] as? Double ?? 0,
            timings["assignSeconds"] as? Double ?? 0, timings["joinSeconds"] as? Double ?? 0,
            statistics["largestJoin"] as? Int ?? 0, Double(statistics["placements"] as? Int ?? n) / Double(n)))
        if let measured = report["recall"] as? [String: Any], let estimate = measured["estimate"] as? [String: Any],
           let first = measured["firstPass"] as? [String: Any] {
            // Found pairs are exact, so when no pair ≥ τ lies outside the planted groups, found / planted is the pair recall.
            let found = report["pairsFound"] as? Int ?? 0
            let steps = (measured["widening"] as? [[String: Any]] ?? []).map { $0["kind"] as? String ?? "?" }
            print(String(format: "  pairs found %d of %d planted ≥ τ (pair recall %.4f if no other pair reaches τ); self-estimate %.4f "
                    + "(95 %% %.4f-%.4f, %d sampled rows, %d pairs), first pass %.4f, widening [%@] %.1f s, recall sample %.1f s",
                found, truthPairs, truthPairs > 0 ? Double(found) / Double(truthPairs) : 1, estimate["recall"] as? Double ?? 0,
                estimate["lower95"] as? Double ?? 0, estimate["upper95"] as? Double ?? 0, estimate["sampleRows"] as? Int ?? 0,
                estimate["truePairs"] as? Int ?? 0, first["recall"] as? Double ?? 0, steps.joined(separator: ", "),
                timings["wideningSeconds"] as? Double ?? 0, timings["recallSeconds"] as? Double ?? 0))
        }
        if let reference {
            let exact = try drops(reference)
            print(String(format: "  vs the exact run: %d of %d exact drops found (%.4f), %d drops not in the exact run, identical: %@",
                         dropped.intersection(exact).count, exact.count,
                         exact.isEmpty ? 1 : Double(dropped.intersection(exact).count) / Double(exact.count),
                         dropped.subtracting(exact).count, dropped == exact ? "yes" : "no"))
        }
    }

    /// The dropped row numbers of a run (ids are row numbers: the benchmark writes no .ids.txt).
    static func drops(_ run: URL) throws -> Set<Int> {
        let text = try String(contentsOf: run.appendingPathComponent("drops.csv"), encoding: .utf8)
        return Set(text.split(separator: "\n").dropFirst().compactMap { line in line.split(separator: ",").first.flatMap { Int($0) } })
    }
}

struct ScaleError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
