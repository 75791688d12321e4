import Foundation
import LinearAlgebra
import Thresholds

/// `spb-bench threshold-sweep`: the exact 30-τ dedup sweep (one self-join at τ = 0.70, then a
/// linear pass per τ) against 30 separate greedy runs, on 2,000 clustered unit vectors of
/// dimension 384 (MiniLM's). One checked run, then three timed runs of each; prints the best.
/// Python counterpart: `Benchmarks/python/threshold_sweep.py` (numpy).
func runThresholdSweepBenchmark() {
    let vectors = clusteredUnitVectors(count: 2_000, dimension: 384, clusters: 200, noise: 0.025)
    let grid = thresholdGrid(from: 0.70, through: 0.99, step: 0.01)
    func sweepOnce() -> [Int] {
        let sweep = DedupSweep(vectors: vectors, minimumThreshold: 0.70)
        return sweep.rows(at: grid).map(\.kept)
    }
    func greedyOnce() -> [Int] { grid.map { greedyKeptCount(vectors, threshold: $0) } }
    // Results are compared outside `precondition`, which -Ounchecked removes with its argument.
    let expected = sweepOnce()
    if greedyOnce() != expected { fatalError("sweep and greedy runs disagree") }
    var results: [[Int]] = []
    let sweepSeconds = (0 ..< 3).map { _ in seconds { results.append(sweepOnce()) } }.min() ?? 0
    let greedySeconds = (0 ..< 3).map { _ in seconds { results.append(greedyOnce()) } }.min() ?? 0
    if results.contains(where: { $0 != expected }) { fatalError("timed runs disagree") }
    print("threshold-sweep: 2000 × 384, 30 τ from 0.70 to 0.99; kept \(expected.first ?? 0) at 0.70, \(expected.last ?? 0) at 0.99")
    print(String(format: "threshold-sweep: one self-join + 30 passes %.1f ms; 30 greedy runs %.1f ms (%.1f×)",
                 sweepSeconds * 1e3, greedySeconds * 1e3, greedySeconds / max(sweepSeconds, 1e-9)))
}

/// Greedy in-order dedup: kept rows are gathered, each new row is scored against them with sgemv.
private func greedyKeptCount(_ vectors: Matrix, threshold: Float) -> Int {
    var kept = Matrix(rows: 0, columns: vectors.columns)
    kept.reserveCapacity(rows: vectors.rows)
    for row in 0 ..< vectors.rows {
        let vector = vectors.row(row)
        var best = -Float.infinity
        if kept.rows > 0 {
            best = kept.dotProducts(with: vector).max() ?? best
        }
        if best < threshold { kept.append(row: vector) }
    }
    return kept.rows
}

private func seconds(_ body: () -> Void) -> Double {
    let start = ContinuousClock.now
    body()
    let elapsed = ContinuousClock.now - start
    return elapsed / .seconds(1)
}

/// Deterministic clustered unit vectors (LCG + Box-Muller), so runs are comparable.
private func clusteredUnitVectors(count: Int, dimension: Int, clusters: Int, noise: Float) -> Matrix {
    var state: UInt64 = 12_345
    func uniform() -> Double {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return (Double(state >> 11) + 0.5) / Double(1 << 53)
    }
    func gaussian() -> Float { Float((-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform())) }
    var centres = Matrix(rows: clusters, columns: dimension)
    for index in 0 ..< clusters * dimension { centres[index / dimension, index % dimension] = gaussian() }
    Vectors.normalizeRows(&centres)
    var matrix = Matrix(rows: count, columns: dimension)
    for row in 0 ..< count {
        let centre = Int(uniform() * Double(clusters)) % clusters
        for column in 0 ..< dimension { matrix[row, column] = centres[centre, column] + noise * gaussian() }
    }
    Vectors.normalizeRows(&matrix)
    return matrix
}
