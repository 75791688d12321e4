/// Near-duplicate clusters: connected components of the graph of pairs at or above τ.
public enum NearDuplicates {
    /// The report section and the components (item indices, largest first).
    public struct Outcome: Sendable {
        public var report: NearDuplicateReport
        public var components: [[Int]]
    }

    /// Clusters and curve from a similarity scan.
    /// - Complexity: O(pairs · α(n) · curve thresholds above τ + n).
    public static func report(scan: NeighborScan, threshold: Float, dataset: AuditDataset, examples: Int = 3, listed: Int = 20) -> Outcome {
        let n = scan.nearest.count
        func components(at tau: Float) -> [[Int]] {
            var sets = UnionFind(count: n)
            for pair in scan.pairs where pair.score >= tau { sets.union(pair.first, pair.second) }
            return sets.components()
        }
        let clusters = components(at: threshold)
        func item(_ index: Int) -> ExampleItem { ExampleItem(id: dataset.ids[index], text: dataset.displayText(index)) }
        // A sampled scan knows the nearest neighbour of its sampled rows only (NaN elsewhere): counts scale to all n.
        let sortedScores = scan.nearestScore.filter { !$0.isNaN }.sorted()
        let scale = Double(n) / Double(max(sortedScores.count, 1))
        let cumulative = scan.pairsAtOrAbove
        let curve = scan.histogramEdges.enumerated().map { bin, edge in
            // Items whose nearest neighbour reaches the edge: binary search on the sorted scores.
            var low = 0, high = sortedScores.count
            while low < high { let mid = (low + high) / 2; if sortedScores[mid] < edge { low = mid + 1 } else { high = mid } }
            return NearDuplicateReport.CurvePoint(threshold: Double(edge), itemsWithNeighbour: Int((Double(sortedScores.count - low) * scale).rounded()),
                                                  pairs: cumulative[bin],
                                                  clusters: edge >= threshold && !scan.pairsTruncated ? components(at: edge).count : nil)
        }
        let report = NearDuplicateReport(
            threshold: Double(threshold), clusterCount: clusters.count, itemsInClusters: clusters.reduce(0) { $0 + $1.count },
            pairCount: scan.pairs.count, pairsTruncated: scan.pairsTruncated,
            largestClusters: clusters.prefix(listed).map { members in
                NearDuplicateReport.Cluster(size: members.count, members: members.prefix(50).map { dataset.ids[$0] },
                                            examples: members.prefix(examples).map(item))
            },
            closestPairs: scan.pairs.prefix(listed).map { NearDuplicateReport.Pair(first: item($0.first), second: item($0.second), similarity: Double($0.score)) },
            curve: curve)
        return Outcome(report: report, components: clusters)
    }
}
