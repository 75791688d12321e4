import Dispatch
import Foundation
import LinearAlgebra
import Synchronization

/// The pointer-level pieces of the index: BLAS score products and the parallel row split.
///
/// Every buffer here is owned by the caller's `withUnsafe…` closure and never escapes it.
enum ScoreKernel {
    /// Calls `body` with the dot products of `query` with every row of `matrix` (one sgemv).
    ///
    /// - Complexity: O(rows · columns) time, O(rows) scratch.
    static func withScores<R>(of query: [Float], against matrix: Matrix,
                              _ body: (UnsafeBufferPointer<Float>) -> R) -> R {
        let rows = matrix.rows, columns = matrix.columns
        return withUnsafeTemporaryAllocation(of: Float.self, capacity: max(rows, 1)) { scores in
            scores.initialize(repeating: 0)
            if rows > 0 {
                matrix.withUnsafeBufferPointer { a in
                    query.withUnsafeBufferPointer { x in
                        BLAS.sgemv(.none, rows: rows, columns: columns, a: a.baseAddress!, lda: columns,
                                   x: x.baseAddress!, y: scores.baseAddress!)
                    }
                }
            }
            return body(UnsafeBufferPointer(rebasing: scores[0 ..< rows]))
        }
    }

    /// Calls `body(aRows, bRows, block)` for every tile of `a · bᵀ`, `block` holding the scores
    /// of rows `aRows` of `a` (block rows) against rows `bRows` of `b` (block columns), row
    /// stride `bRows.count`.
    ///
    /// Tiles run `a` in blocks of `tileRows` rows (outer) and `b` in blocks of `tileColumns`
    /// rows (inner); `bStart(aRows)` gives the first `b` row paired with each `a` block, so a
    /// self-join can skip the lower triangle. The block is one array reused for every tile; it
    /// is handed over as a value so `body` can share it with worker threads.
    /// - Complexity: O(|a| · |b| · dimension) time; O(tileRows · tileColumns) scratch.
    static func forEachTile(
        _ a: Matrix, _ b: Matrix, tileRows: Int, tileColumns: Int,
        bStart: (Range<Int>) -> Int = { _ in 0 },
        _ body: (Range<Int>, Range<Int>, [Float]) -> Void
    ) {
        precondition(a.columns == b.columns, "dimension mismatch \(a.columns) vs \(b.columns)")
        guard a.rows > 0, b.rows > 0 else { return }
        let blockRows = min(tileRows, a.rows), blockColumns = min(tileColumns, b.rows)
        var block = [Float](repeating: 0, count: blockRows * blockColumns)
        for aStart in stride(from: 0, to: a.rows, by: blockRows) {
            let aRows = aStart ..< min(aStart + blockRows, a.rows)
            for bFirst in stride(from: bStart(aRows), to: b.rows, by: blockColumns) {
                let bRows = bFirst ..< min(bFirst + blockColumns, b.rows)
                product(a, rows: aRows, b, rows: bRows, into: &block)
                body(aRows, bRows, block)
            }
        }
    }

    /// `block = a[aRows] · b[bRows]ᵀ` (row stride `bRows.count`) with one sgemm.
    private static func product(_ a: Matrix, rows aRows: Range<Int>, _ b: Matrix, rows bRows: Range<Int>,
                                into block: inout [Float]) {
        let dimension = a.columns
        a.withUnsafeBufferPointer { aBuffer in
            b.withUnsafeBufferPointer { bBuffer in
                block.withUnsafeMutableBufferPointer { c in
                    BLAS.sgemm(.none, .transposed, m: aRows.count, n: bRows.count, k: dimension,
                               a: aBuffer.baseAddress! + aRows.lowerBound * dimension, lda: dimension,
                               b: bBuffer.baseAddress! + bRows.lowerBound * dimension, ldb: dimension,
                               c: c.baseAddress!, ldc: bRows.count)
                }
            }
        }
    }

    /// Number of workers for CPU-bound loops over rows: the processor count.
    static let workerCount = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Splits `0..<count` into `chunkCount(count)` contiguous chunks and runs `body(chunk, range)`
    /// on them in parallel (inline when there is a single chunk).
    static func forEachChunk(of count: Int, chunks: Int, _ body: @Sendable (Int, Range<Int>) -> Void) {
        if chunks <= 1 {
            body(0, 0 ..< count)
            return
        }
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            body(chunk, chunkRange(chunk, of: count, chunks: chunks))
        }
    }

    /// How many chunks to split `count` rows into: one per worker, at least `minimumChunk` rows each.
    static func chunkCount(_ count: Int, minimumChunk: Int = 32) -> Int {
        max(1, min(workerCount, count / max(minimumChunk, 1)))
    }

    /// Rows of chunk `chunk` when `0..<count` is split into `chunks` near-equal parts.
    static func chunkRange(_ chunk: Int, of count: Int, chunks: Int) -> Range<Int> {
        count * chunk / chunks ..< count * (chunk + 1) / chunks
    }
}

/// State owned by one parallel chunk, behind its own (uncontended) lock.
final class Shard<Value: Sendable>: Sendable {
    let value: Mutex<Value>

    init(_ value: Value) { self.value = Mutex(value) }
}

extension ScoreKernel {
    /// Scores per SIMD pre-check in the scans.
    static let chunkLength = 64

    /// Whether any of the `chunkLength` scores at `scores` is above `threshold` (or at least
    /// `threshold` when `inclusive`).
    ///
    /// Uses `SIMD16` comparisons and `any`, which map to vector compares (Swift's generic
    /// `pointwiseMax` is lane by lane, and a scalar loop is turned into an early-exit loop).
    @inline(__always)
    static func anyScore(_ scores: UnsafePointer<Float>, above threshold: Float, inclusive: Bool) -> Bool {
        let raw = UnsafeRawPointer(scores)
        let limit = SIMD16<Float>(repeating: threshold)
        let a = raw.loadUnaligned(fromByteOffset: 0, as: SIMD16<Float>.self)
        let b = raw.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self)
        let c = raw.loadUnaligned(fromByteOffset: 128, as: SIMD16<Float>.self)
        let d = raw.loadUnaligned(fromByteOffset: 192, as: SIMD16<Float>.self)
        if inclusive {
            return any((a .>= limit) .| (b .>= limit) .| (c .>= limit) .| (d .>= limit))
        }
        return any((a .> limit) .| (b .> limit) .| (c .> limit) .| (d .> limit))
    }

    /// Calls `body(offset, score)` for each of `count` scores that is >= `threshold`, in order.
    ///
    /// Checks each 64 scores with vector compares first, so sparse hits cost little more than
    /// streaming the scores once.
    /// - Complexity: O(count).
    @inline(__always)
    static func forEachScore(_ scores: UnsafePointer<Float>, count: Int, atLeast threshold: Float,
                             _ body: (Int, Float) -> Void) {
        var index = 0
        while index + chunkLength <= count {
            if anyScore(scores + index, above: threshold, inclusive: true) {
                for offset in index ..< index + chunkLength where scores[offset] >= threshold {
                    body(offset, scores[offset])
                }
            }
            index += chunkLength
        }
        while index < count {
            if scores[index] >= threshold { body(index, scores[index]) }
            index += 1
        }
    }
}
