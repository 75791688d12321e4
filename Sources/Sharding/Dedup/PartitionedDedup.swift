import Dispatch
import Foundation
import LinearAlgebra
import Synchronization
import VectorIndex

/// Near-duplicate pairs of unit rows at a threshold, exactly or through k-means partitions (SemDeDup).
///
/// **Partitioned rule.** Spherical k-means centroids are fitted on a seeded sample; each row is
/// scored against every centroid and joins every partition whose centroid similarity is within
/// the margin ε of its best (at most `maxCopies`, closest first): its nearest centroid makes it a
/// member, the others make it a boundary guest. Inside each partition every pair of members
/// (guests included) is scored by blocked sgemm (`VectorIndex.selfJoin(of:threshold:)`), so a
/// pair is found when the two rows share at least one partition; a pair found in several
/// partitions counts once. A partition with more than `maxPartitionRows` members is split again
/// by the same rule (two levels), and past that joined exactly in chunks of half the cap, so
/// memory stays bounded by one partition per worker whatever the cluster sizes.
///
/// Pairs are exact (every reported score is a real dot product ≥ τ); only recall depends on the
/// partitions: a pair whose rows share no partition is missed.
public enum PartitionedDedup {
    /// What a pair search did, for the report.
    public struct Statistics: Sendable, Equatable, Codable {
        /// `exact` or `partitioned`.
        public var mode: String
        /// Top-level partitions (0 when exact).
        public var partitions = 0
        /// Rows in the k-means sample.
        public var sampleRows = 0
        /// Row placements including guests, over all top-level partitions.
        public var placements = 0
        /// Rows placed in more than one partition.
        public var rowsWithGuests = 0
        /// Rows that had more partitions within ε than `maxCopies` allows.
        public var rowsCappedAtMaxCopies = 0
        /// Largest top-level partition (members including guests).
        public var largestPartition = 0
        /// Partitions (at any level) above the cap that were split again.
        public var splitPartitions = 0
        /// Partitions joined exactly in chunks because splitting did not bring them under the cap.
        public var chunkedPartitions = 0
        /// Largest block of rows held by one join (bounds the per-worker memory).
        public var largestJoin = 0
        /// Pairs reported by all joins before removing repeats.
        public var pairsBeforeMerge = 0
        /// Dot products computed: k-means fits, assignments and joins (the exact self-join computes n(n−1)/2);
        /// the unit of the recall widening's cost model.
        public var scoredProducts = 0
        /// Seconds fitting the centroids.
        public var centroidSeconds = 0.0
        /// Seconds assigning rows to partitions.
        public var assignSeconds = 0.0
        /// Seconds in the joins.
        public var joinSeconds = 0.0

        /// Adds the join figures of `other` (splits, chunks, pairs, products, seconds; the largest join is the larger).
        public mutating func add(_ joined: Statistics) {
            splitPartitions += joined.splitPartitions
            chunkedPartitions += joined.chunkedPartitions
            largestJoin = max(largestJoin, joined.largestJoin)
            pairsBeforeMerge += joined.pairsBeforeMerge
            scoredProducts += joined.scoredProducts
            joinSeconds += joined.joinSeconds
        }
    }

    /// Every pair of rows with dot product ≥ `settings.threshold`, each once with `first < second`,
    /// sorted by `first` then `second`.
    /// - Parameters:
    ///   - vectors: unit rows.
    ///   - settings: mode, τ and the partition rule.
    /// - Complexity: exact O(n² · d); partitioned O(n · k · d) for the assignment plus
    ///   Σ |partition|² · d for the joins, memory O(n · copies + k · d + workers · cap · d).
    public static func pairs(of vectors: Matrix, settings: DedupSettings) -> (pairs: [SimilarPair], statistics: Statistics) {
        guard settings.usesPartitions(count: vectors.rows) else {
            let start = ContinuousClock.now
            let found = VectorIndex.selfJoin(of: vectors, threshold: settings.threshold)
            var statistics = Statistics(mode: "exact")
            statistics.largestJoin = vectors.rows
            statistics.pairsBeforeMerge = found.count
            statistics.scoredProducts = exactProducts(count: vectors.rows)
            statistics.joinSeconds = seconds(since: start)
            return (merged(found), statistics)
        }
        let (members, planned) = topLevelPartitions(of: vectors, settings: settings)
        var statistics = planned
        let (found, joined) = joinPartitions(Array(members.indices), settings: settings, workers: settings.workers) { index in
            (vectors, members[index], nil)
        }
        statistics.add(joined)
        return (found, statistics)
    }

    /// The top-level partitions of every row (ascending rows in each), by the margin rule, with
    /// the sample and assignment figures filled in.
    public static func topLevelPartitions(of vectors: Matrix, settings: DedupSettings) -> (members: [[Int32]], statistics: Statistics) {
        var statistics = Statistics(mode: "partitioned")
        let all = Array(0 ..< Int32(vectors.rows))
        let k = settings.partitionCount(count: vectors.rows)
        let members = partition(vectors, rows: all, k: k, settings: settings, seed: settings.seed, statistics: &statistics, topLevel: true)
        statistics.partitions = members.count
        statistics.largestPartition = members.map(\.count).max() ?? 0
        return (members, statistics)
    }

    /// A top-level partition ready to join: the rows `members` of `vectors` (ascending), and when
    /// `vectors` holds only that partition's rows, the global row of each of its rows.
    public typealias LoadedPartition = (vectors: Matrix, members: [Int32], globalRows: [Int32]?)

    /// The merged pairs of the top-level partitions `indices`, joined `workers` at a time with
    /// OpenBLAS single-threaded; `load` supplies each partition (called on the worker threads).
    ///
    /// Partition `i` always splits with the seed `settings.seed + i + 1`, so joining a partition
    /// alone (a cluster task) finds exactly the pairs the single-machine run finds for it.
    /// - Returns: the pairs, and the join figures (splits, chunks, largest join, pairs, seconds).
    /// - Throws: the first error `load` throws.
    public static func joinPartitions<Failure: Error>(
        _ indices: [Int], settings: DedupSettings, workers: Int, load: @Sendable (Int) throws(Failure) -> LoadedPartition
    ) throws(Failure) -> (pairs: [SimilarPair], statistics: Statistics) {
        let start = ContinuousClock.now
        let collected = Mutex<(pairs: [SimilarPair], statistics: Statistics, error: Failure?)>(([], Statistics(mode: "partitioned"), nil))
        let next = Atomic<Int>(0)
        let threads = max(1, min(workers, indices.count))
        BLAS.withSingleThreadedCalls {
            DispatchQueue.concurrentPerform(iterations: threads) { _ in
                var local = Statistics(mode: "partitioned")
                var pairs = [SimilarPair]()
                while true {
                    let position = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard position < indices.count, collected.withLock({ $0.error == nil }) else { break }
                    let index = indices[position]
                    do throws(Failure) {
                        let partition = try load(index)
                        var found = [SimilarPair]()
                        join(partition.vectors, members: partition.members, depth: 1, settings: settings,
                             seed: settings.seed &+ UInt64(index) &+ 1, into: &found, statistics: &local)
                        if let global = partition.globalRows {
                            for pair in found {
                                let a = Int(global[pair.first]), b = Int(global[pair.second])
                                pairs.append(SimilarPair(first: min(a, b), second: max(a, b), score: pair.score))
                            }
                        } else {
                            pairs += found
                        }
                    } catch {
                        collected.withLock { if $0.error == nil { $0.error = error } }
                    }
                }
                local.joinSeconds = 0
                collected.withLock { state in
                    state.pairs.append(contentsOf: pairs)
                    state.statistics.add(local)
                }
            }
        }
        let (found, statistics, error) = collected.withLock { ($0.pairs, $0.statistics, $0.error) }
        if let error { throw error }
        var final = statistics
        final.joinSeconds = seconds(since: start)
        return (merged(found), final)
    }

    /// The members of `k` partitions of `rows` (ascending row order in each), by the margin rule.
    static func partition(_ vectors: Matrix, rows: [Int32], k: Int, settings: DedupSettings, seed: UInt64,
                          statistics: inout Statistics, topLevel: Bool) -> [[Int32]] {
        let fitStart = ContinuousClock.now
        var generator = SeededGenerator(seed: seed)
        let sampleSize = min(rows.count, max(k * DedupSettings.defaultSamplePerPartition, 10_000))
        var sample = rows.map(Int.init)
        if sampleSize < rows.count {
            sample.shuffle(using: &generator)
            sample = Array(sample.prefix(sampleSize)).sorted()
        }
        let centroids = SphericalKMeans.fit(vectors, sample: sample, k: min(k, sample.count), iterations: settings.iterations,
                                            seed: generator.next())
        statistics.scoredProducts += sample.count * centroids.rows * max(settings.iterations, 1) + rows.count * centroids.rows
        if topLevel {
            statistics.sampleRows = sample.count
            statistics.centroidSeconds = seconds(since: fitStart)
        }
        let assignStart = ContinuousClock.now
        let copies = max(1, settings.maxCopies)
        let centroidCount = centroids.rows
        var members = [[Int32]](repeating: [], count: centroidCount)
        var placements = 0, withGuests = 0, capped = 0
        var chosen = [(score: Float, centroid: Int)]()
        SphericalKMeans.forEachBlock(of: vectors, subset: topLevel ? nil : rows, centroids: centroids) { tile in
            for row in tile.rows {
                var best = -Float.infinity
                for c in 0 ..< centroidCount where tile[row, c] > best { best = tile[row, c] }
                chosen.removeAll(keepingCapacity: true)
                let floor = best - settings.margin
                for c in 0 ..< centroidCount where tile[row, c] >= floor { chosen.append((tile[row, c], c)) }
                if chosen.count > copies {
                    capped += 1
                    chosen.sort { $0.score != $1.score ? $0.score > $1.score : $0.centroid < $1.centroid }
                    chosen.removeLast(chosen.count - copies)
                }
                if chosen.count > 1 { withGuests += 1 }
                placements += chosen.count
                for entry in chosen { members[entry.centroid].append(rows[row]) }
            }
        }
        if topLevel {
            statistics.placements = placements
            statistics.rowsWithGuests = withGuests
            statistics.rowsCappedAtMaxCopies = capped
            statistics.assignSeconds = seconds(since: assignStart)
        }
        return members.filter { !$0.isEmpty }
    }

    /// Appends the pairs among `members` (ascending rows): one join when under the cap, else a
    /// second partition level, else exact joins of chunk pairs.
    static func join(_ vectors: Matrix, members: [Int32], depth: Int, settings: DedupSettings, seed: UInt64,
                     into pairs: inout [SimilarPair], statistics: inout Statistics) {
        guard members.count > 1 else { return }
        let cap = max(2, settings.maxPartitionRows)
        if members.count <= cap {
            joinRows(vectors, members, threshold: settings.threshold, into: &pairs, statistics: &statistics)
            return
        }
        if depth < 3 {
            let k = max(2, (members.count + settings.targetPartitionRows - 1) / max(settings.targetPartitionRows, 1))
            var split = Statistics(mode: "partitioned")
            let children = partition(vectors, rows: members, k: k, settings: settings, seed: seed, statistics: &split, topLevel: false)
            statistics.scoredProducts += split.scoredProducts
            if children.count > 1, let largest = children.map(\.count).max(), largest < members.count {
                statistics.splitPartitions += 1
                for (index, child) in children.enumerated() {
                    join(vectors, members: child, depth: depth + 1, settings: settings, seed: seed &* 31 &+ UInt64(index),
                         into: &pairs, statistics: &statistics)
                }
                return
            }
        }
        // Splitting did not help (one dense blob): exact over pairs of chunks of half the cap.
        statistics.chunkedPartitions += 1
        let chunk = cap / 2
        let starts = Array(stride(from: 0, to: members.count, by: chunk))
        for (i, first) in starts.enumerated() {
            for second in starts[i...].dropFirst() {
                let rows = Array(members[first ..< min(first + chunk, members.count)]) + members[second ..< min(second + chunk, members.count)]
                joinRows(vectors, rows, threshold: settings.threshold, into: &pairs, statistics: &statistics)
            }
        }
    }

    /// Appends the pairs ≥ τ among `rows` (ascending) by one blocked self-join of their gathered vectors.
    static func joinRows(_ vectors: Matrix, _ rows: [Int32], threshold: Float,
                         into pairs: inout [SimilarPair], statistics: inout Statistics) {
        let gathered = vectors.selecting(rows: rows.map(Int.init))
        statistics.largestJoin = max(statistics.largestJoin, rows.count)
        statistics.scoredProducts += exactProducts(count: rows.count)
        let found = VectorIndex.selfJoin(of: gathered, threshold: threshold)
        statistics.pairsBeforeMerge += found.count
        for pair in found {
            let a = Int(rows[pair.first]), b = Int(rows[pair.second])
            pairs.append(SimilarPair(first: min(a, b), second: max(a, b), score: pair.score))
        }
    }

    /// The dot products of an exact self-join of `count` rows: one per pair.
    public static func exactProducts(count: Int) -> Int { count * max(count - 1, 0) / 2 }

    /// `pairs` sorted by (first, second) with repeats removed. A pair found in several partitions keeps its highest
    /// score: the joins gather different rows, so the same product can differ in its last bit from join to join, and
    /// which join finished first must not decide the score written to `drops.csv`.
    public static func merged(_ pairs: [SimilarPair]) -> [SimilarPair] {
        let sorted = pairs.sorted { ($0.first, $0.second) != ($1.first, $1.second) ? ($0.first, $0.second) < ($1.first, $1.second) : $0.score > $1.score }
        var result = [SimilarPair]()
        result.reserveCapacity(sorted.count)
        for pair in sorted where result.last.map({ $0.first != pair.first || $0.second != pair.second }) ?? true {
            result.append(pair)
        }
        return result
    }

    /// Seconds elapsed since `start`.
    public static func seconds(since start: ContinuousClock.Instant) -> Double {
        (ContinuousClock.now - start) / .seconds(1)
    }
}
