import Analysis
import LinearAlgebra
import VectorIndex

/// The units a split moves whole: connected components of the graph of pairs at cosine ≥ τ.
///
/// Texts the model cannot read (see `UnreadableAnalysis`) are each their own group: MiniLM embeds
/// them alike whatever they say, so their pairs would glue unrelated texts into false groups.
public struct NearDuplicateGroups: Sendable {
    /// Item indices of each group, ascending within a group; groups ordered by their first item.
    public var groups: [[Int]]
    /// Group of each item.
    public var groupOf: [Int]
    /// Pairs of readable items at or above the join threshold.
    public var pairCount: Int
    /// Groups of two or more items.
    public var duplicateGroupCount: Int
    /// Items in those groups.
    public var itemsInDuplicateGroups: Int
    /// Size of the largest of them (1 when there is none).
    public var largestDuplicateGroup: Int

    /// Groups the items.
    /// - Parameters:
    ///   - embeddings: n × d unit-length rows of all items.
    ///   - readable: indices of the items the model can read (ascending); the others stay alone.
    ///   - threshold: cosine at which two items are near-duplicates.
    /// - Complexity: one self-join, O(n²·d/2) (BLAS level 3, tiled: memory O(n·d + pairs)), plus O(pairs · α(n)).
    public init(embeddings: Matrix, readable: [Int], threshold: Float) {
        let n = embeddings.rows
        var sets = UnionFind(count: n)
        let semantic = readable.count == n ? embeddings : embeddings.selecting(rows: readable)
        let pairs = VectorIndex.selfJoin(of: semantic, threshold: threshold)
        for pair in pairs { sets.union(readable[pair.first], readable[pair.second]) }
        let duplicates = sets.components(minimumSize: 2)
        pairCount = pairs.count
        duplicateGroupCount = duplicates.count
        itemsInDuplicateGroups = duplicates.reduce(0) { $0 + $1.count }
        largestDuplicateGroup = duplicates.first?.count ?? 1
        var groupOf = [Int](repeating: -1, count: n), groups = [[Int]]()
        var groupOfRoot = [Int: Int]()
        for item in 0 ..< n {
            let root = sets.find(item)
            if let group = groupOfRoot[root] {
                groups[group].append(item)
                groupOf[item] = group
            } else {
                groupOfRoot[root] = groups.count
                groupOf[item] = groups.count
                groups.append([item])
            }
        }
        self.groups = groups
        self.groupOf = groupOf
    }
}
