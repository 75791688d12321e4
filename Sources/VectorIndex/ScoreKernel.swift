import Dispatch
import Foundation
import Synchronization

/// The parallel row split of the index's scans: the score products and their threshold scans
/// come from LinearAlgebra (`Matrix.forEachProductTile`, `ThresholdScan`), and each tile's rows
/// are shared out over the processors here.
enum ScoreKernel {
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
