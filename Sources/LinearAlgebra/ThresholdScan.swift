/// Scans of a run of scores for the few that pass a threshold, with vector compares first.
///
/// Every 64 scores are checked at once with `SIMD16` compares and `any` (Swift's generic
/// `pointwiseMax` goes lane by lane, and a scalar loop becomes an early-exit loop), so sparse hits
/// cost little more than streaming the scores once. The kernels of the vector index (self-join,
/// cross-join, top-k) run on these.
public enum ThresholdScan {
    /// Scores per vector pre-check.
    @usableFromInline static let chunkLength = 64

    /// Calls `body(index, value)` for each `values[index]` in `range` that is at least `threshold`,
    /// in index order.
    ///
    /// - Precondition: `range` lies within `values`.
    /// - Complexity: O(range.count) plus the calls.
    @inlinable
    public static func forEach(in values: [Float], _ range: Range<Int>, atLeast threshold: Float,
                               _ body: (_ index: Int, _ value: Float) -> Void) {
        precondition(range.lowerBound >= 0 && range.upperBound <= values.count, "range \(range) outside 0..<\(values.count)")
        guard !range.isEmpty else { return }
        values.withUnsafeBufferPointer { buffer in
            let scores = buffer.baseAddress!
            var index = range.lowerBound
            while index + chunkLength <= range.upperBound {
                if anyValue(scores + index, above: threshold, inclusive: true) {
                    for offset in index ..< index + chunkLength where scores[offset] >= threshold {
                        body(offset, scores[offset])
                    }
                }
                index += chunkLength
            }
            while index < range.upperBound {
                if scores[index] >= threshold { body(index, scores[index]) }
                index += 1
            }
        }
    }

    /// Calls `body(index, value)` for each `values[index]` in `range` that is strictly above the
    /// running cut-off, in index order; the cut-off starts at `cutoff` and becomes whatever `body`
    /// returns (a top-k selection returns its new k-th best score).
    ///
    /// - Precondition: `range` lies within `values`.
    /// - Complexity: O(range.count) plus the calls.
    @inlinable
    public static func forEach(in values: [Float], _ range: Range<Int>, above cutoff: Float,
                               _ body: (_ index: Int, _ value: Float) -> Float) {
        precondition(range.lowerBound >= 0 && range.upperBound <= values.count, "range \(range) outside 0..<\(values.count)")
        guard !range.isEmpty else { return }
        values.withUnsafeBufferPointer { buffer in
            let scores = buffer.baseAddress!
            var cutoff = cutoff
            var index = range.lowerBound
            while index + chunkLength <= range.upperBound {
                if anyValue(scores + index, above: cutoff, inclusive: false) {
                    for offset in index ..< index + chunkLength where scores[offset] > cutoff {
                        cutoff = body(offset, scores[offset])
                    }
                }
                index += chunkLength
            }
            while index < range.upperBound {
                if scores[index] > cutoff { cutoff = body(index, scores[index]) }
                index += 1
            }
        }
    }

    /// Whether any of the `chunkLength` values at `scores` is above `threshold` (or at least
    /// `threshold` when `inclusive`).
    @inlinable @inline(__always)
    static func anyValue(_ scores: UnsafePointer<Float>, above threshold: Float, inclusive: Bool) -> Bool {
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
}
