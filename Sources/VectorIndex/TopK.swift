import LinearAlgebra

/// A bounded selection of the `k` best (score, id) candidates seen so far.
///
/// A binary min-heap whose root is the worst kept candidate ("worse" = lower score, or equal
/// score and larger id), so ``cutoff`` is the running k-th-best score: a scan only needs to
/// look closer at scores strictly above it.
struct TopK {
    let k: Int
    private var scores: [Float] = []
    private var ids: [Int] = []

    init(k: Int) {
        precondition(k > 0, "k must be positive")
        self.k = k
        scores.reserveCapacity(k)
        ids.reserveCapacity(k)
    }

    /// The score a candidate must beat to enter: -infinity until `k` candidates are kept.
    private(set) var cutoff: Float = -.infinity

    /// Considers one candidate.
    /// - Complexity: O(log k).
    @inline(__always)
    mutating func offer(score: Float, id: Int) {
        if scores.count < k {
            scores.append(score)
            ids.append(id)
            siftUp(scores.count - 1)
            if scores.count == k { cutoff = scores[0] }
        } else if isWorse(scores[0], ids[0], than: score, id) {
            scores[0] = score
            ids[0] = id
            siftDown(0)
            cutoff = scores[0]
        }
    }

    /// Offers every score of `scores`, the score of stored vector `id` at index `id`.
    ///
    /// Only scores strictly above the running cut-off are looked at closer (each 64 checked at
    /// once with vector compares, ``ThresholdScan``), so once the heap is full almost all of the
    /// work is a few vector instructions per 64 scores.
    /// - Complexity: O(count + accepted · log k).
    mutating func offer(_ scores: [Float]) {
        ThresholdScan.forEach(in: scores, scores.indices, above: cutoff) { id, score in
            offer(score: score, id: id)
            return cutoff
        }
    }

    /// Offers the scores of row `row` of `tile`, the score of stored vector `id` in column `id`
    /// (as ``offer(_:)``).
    /// - Complexity: O(tile.columns.count + accepted · log k).
    mutating func offer(row: Int, of tile: ProductTile) {
        tile.forEachValue(inRow: row, above: cutoff) { id, score in
            offer(score: score, id: id)
            return cutoff
        }
    }

    /// The kept candidates, best first (score descending, then id ascending).
    /// - Complexity: O(k log k).
    func neighbors() -> [Neighbor] {
        zip(ids, scores).map { Neighbor(id: $0, score: $1) }.sorted(by: Self.isBetter)
    }

    /// Search order: higher score first, lower id on ties.
    static func isBetter(_ a: Neighbor, _ b: Neighbor) -> Bool {
        a.score != b.score ? a.score > b.score : a.id < b.id
    }

    @inline(__always)
    private func isWorse(_ scoreA: Float, _ idA: Int, than scoreB: Float, _ idB: Int) -> Bool {
        scoreA != scoreB ? scoreA < scoreB : idA > idB
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard isWorse(scores[child], ids[child], than: scores[parent], ids[parent]) else { return }
            scores.swapAt(child, parent)
            ids.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            var worst = parent
            let left = 2 * parent + 1, right = left + 1
            if left < scores.count, isWorse(scores[left], ids[left], than: scores[worst], ids[worst]) { worst = left }
            if right < scores.count, isWorse(scores[right], ids[right], than: scores[worst], ids[worst]) { worst = right }
            if worst == parent { return }
            scores.swapAt(parent, worst)
            ids.swapAt(parent, worst)
            parent = worst
        }
    }
}
