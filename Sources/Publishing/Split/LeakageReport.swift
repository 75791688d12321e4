import LinearAlgebra
import VectorIndex

/// How much of validation and test has a near-duplicate in train: each held-out item's highest
/// cosine similarity to any train item, summarised.
///
/// Only items the model can read are compared (on both sides): unreadable texts embed alike
/// whatever they say, so their similarities mean nothing.
public struct LeakageReport: Sendable, Codable, Equatable {
    /// The figures of one evaluated split (validation or test).
    public struct Part: Sendable, Codable, Equatable {
        /// `validation` or `test`.
        public var split: String
        /// Readable items compared with train.
        public var items: Int
        /// Items whose nearest train item is at cosine ≥ τ.
        public var leaked: Int
        /// ``leaked`` over ``items`` (0 when empty).
        public var leakedShare: Double
        /// Quantiles of the nearest-train similarity (`q` → value), nil when empty.
        public var quantiles: [Quantile]?
        /// Histogram of the nearest-train similarity over [0, 1] (values below 0 count in the first bin).
        public var histogram: [Bin]
    }

    /// One quantile.
    public struct Quantile: Sendable, Codable, Equatable {
        public var q: Double
        public var value: Double
    }

    /// One histogram bin `[lower, upper)` (the last bin includes 1).
    public struct Bin: Sendable, Codable, Equatable {
        public var lower: Double
        public var upper: Double
        public var count: Int
    }

    /// τ.
    public var threshold: Double
    /// Readable train items compared against.
    public var trainItems: Int
    /// Validation, then test.
    public var parts: [Part]
    /// Validation and test pooled (`validation+test`).
    public var combined: Part

    /// Validation and test items leaked in all.
    public var leaked: Int { combined.leaked }
    /// Validation and test items compared in all.
    public var items: Int { combined.items }

    /// The quantiles reported.
    public static let quantileLevels = [0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1]
    /// Histogram bins over [0, 1].
    public static let binCount = 20

    /// Measures a split.
    /// - Parameters:
    ///   - embeddings: n × d unit-length rows.
    ///   - assignment: split of each item (0 train, 1 validation, 2 test).
    ///   - readable: whether each item is compared.
    ///   - threshold: τ.
    /// - Throws: `IndexError` for a zero or non-finite embedding row.
    /// - Complexity: O(|held out| · |train| · d) (BLAS level 3, tiled: memory O(n·d)).
    public static func measure(embeddings: Matrix, assignment: [Int], readable: [Bool], threshold: Float) throws -> LeakageReport {
        let train = assignment.indices.filter { assignment[$0] == 0 && readable[$0] }
        let index = try VectorIndex(vectors: embeddings.selecting(rows: train))
        var parts = [Part](), pooled = [Float]()
        for (split, name) in [(1, "validation"), (2, "test")] {
            let members = assignment.indices.filter { assignment[$0] == split && readable[$0] }
            var nearest = [Float]()
            if !members.isEmpty && !train.isEmpty {
                nearest = try index.search(queries: embeddings.selecting(rows: members), k: 1).map { $0.first?.score ?? -1 }
            }
            parts.append(part(name: name, nearest: nearest, threshold: threshold))
            pooled += nearest
        }
        return LeakageReport(threshold: Double(threshold), trainItems: train.count, parts: parts,
                             combined: part(name: "validation+test", nearest: pooled, threshold: threshold))
    }

    /// Summarises nearest-train similarities.
    static func part(name: String, nearest: [Float], threshold: Float) -> Part {
        let sorted = nearest.map(Double.init).sorted()
        let leaked = nearest.filter { $0 >= threshold }.count
        var counts = [Int](repeating: 0, count: binCount)
        for value in sorted { counts[min(binCount - 1, max(0, Int(value * Double(binCount))))] += 1 }
        let width = 1 / Double(binCount)
        return Part(split: name, items: nearest.count, leaked: leaked, leakedShare: nearest.isEmpty ? 0 : Double(leaked) / Double(nearest.count),
                    quantiles: sorted.isEmpty ? nil : quantileLevels.map { Quantile(q: $0, value: quantile(sorted, $0)) },
                    histogram: counts.enumerated().map { Bin(lower: Double($0.offset) * width, upper: Double($0.offset + 1) * width, count: $0.element) })
    }

    /// The `q`-quantile of ascending `sorted` values, linearly interpolated between order statistics.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let position = q * Double(sorted.count - 1)
        let low = Int(position.rounded(.down)), high = min(low + 1, sorted.count - 1)
        return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
    }
}
