import LinearAlgebra

/// A k-means partition of embedding rows.
public struct KMeansResult: Sendable {
    /// Cluster of each row, `0..<k`.
    public var labels: [Int]
    /// Cluster means, k × d (not normalised).
    public var centroids: Matrix
    /// Sum of squared Euclidean distances from rows to their centroid.
    public var inertia: Double
    /// Lloyd iterations of the kept run.
    public var iterations: Int
}

/// Lloyd's k-means with k-means++ seeding; distances through `sgemm` (`‖x‖² − 2x·c + ‖c‖²`).
public enum KMeans {
    /// Clusters the rows of `points`.
    ///
    /// - Parameters:
    ///   - points: n × d rows.
    ///   - k: number of clusters, `1...n`.
    ///   - seed: fixes seeding and restarts.
    ///   - restarts: independent k-means++ runs; the lowest inertia wins.
    ///   - maxIterations: Lloyd iterations per run (stops earlier once at most one row in 10,000 changes cluster).
    /// - Complexity: O(restarts · iterations · n · k · d), memory O(n·k + k·d).
    public static func fit(_ points: Matrix, k: Int, seed: UInt64 = 42, restarts: Int = 3, maxIterations: Int = 100) -> KMeansResult {
        precondition(k >= 1 && k <= max(points.rows, 1), "k = \(k) for \(points.rows) rows")
        var generator = SeededGenerator(seed: seed)
        let norms = squaredNorms(points)
        var best = lloyd(points, norms: norms, initial: seedPlusPlus(points, norms: norms, k: k, using: &generator), maxIterations: maxIterations)
        for _ in 1 ..< max(restarts, 1) {
            let result = lloyd(points, norms: norms, initial: seedPlusPlus(points, norms: norms, k: k, using: &generator),
                               maxIterations: maxIterations)
            if result.inertia < best.inertia { best = result }
        }
        return best
    }

    /// Every row of `points` assigned to the nearest of `centroids` (fitted elsewhere, e.g. on a sample), with the
    /// inertia of that assignment.
    /// - Complexity: O(n · k · d) through one sgemm.
    public static func assigning(_ points: Matrix, to centroids: Matrix) -> KMeansResult {
        var labels = [Int](repeating: -1, count: points.rows)
        var distances = [Float](repeating: 0, count: points.rows)
        _ = assign(points, norms: squaredNorms(points), centroids: centroids, labels: &labels, distances: &distances)
        return KMeansResult(labels: labels, centroids: centroids, inertia: distances.reduce(0.0) { $0 + Double($1) }, iterations: 0)
    }

    /// k-means++ (Arthur & Vassilvitskii 2007): each new centre drawn with probability ∝ D².
    static func seedPlusPlus(_ points: Matrix, norms: [Float], k: Int, using generator: inout SeededGenerator) -> Matrix {
        let n = points.rows, d = points.columns
        var centres = Matrix(rows: 0, columns: d)
        centres.reserveCapacity(rows: k)
        var nearest = [Float](repeating: .infinity, count: n)
        var chosen = Int.random(in: 0 ..< n, using: &generator)
        for _ in 0 ..< k {
            let centre = points.row(chosen)
            centres.append(row: centre)
            let centreNorm = norms[chosen]
            let dots = points.dotProducts(with: centre)
            var total = 0.0
            for i in 0 ..< n {
                let distance = max(norms[i] - 2 * dots[i] + centreNorm, 0)
                if distance < nearest[i] { nearest[i] = distance }
                total += Double(nearest[i])
            }
            guard total > 0 else {
                chosen = Int.random(in: 0 ..< n, using: &generator)
                continue
            }
            var target = Double.random(in: 0 ..< total, using: &generator)
            chosen = n - 1
            for i in 0 ..< n {
                target -= Double(nearest[i])
                if target < 0 { chosen = i; break }
            }
        }
        return centres
    }

    static func lloyd(_ points: Matrix, norms: [Float], initial: Matrix, maxIterations: Int) -> KMeansResult {
        let n = points.rows, k = initial.rows
        var centroids = initial
        var labels = [Int](repeating: -1, count: n)
        var distances = [Float](repeating: 0, count: n)
        var iterations = 0
        while iterations < maxIterations {
            iterations += 1
            let changed = assign(points, norms: norms, centroids: centroids, labels: &labels, distances: &distances)
            centroids = means(points, labels: labels, k: k, distances: distances)
            // Converged when (almost) no label moves: at most one row in 10,000.
            if changed * 10_000 <= n { break }
        }
        _ = assign(points, norms: norms, centroids: centroids, labels: &labels, distances: &distances)
        let inertia = distances.reduce(0.0) { $0 + Double($1) }
        return KMeansResult(labels: labels, centroids: centroids, inertia: inertia, iterations: iterations)
    }

    /// Assigns every row to its nearest centroid; returns how many labels changed.
    static func assign(_ points: Matrix, norms: [Float], centroids: Matrix, labels: inout [Int], distances: inout [Float]) -> Int {
        let k = centroids.rows
        let s = BLAS.multiply(points, .none, centroids, .transposed).storage
        let centroidNorms = squaredNorms(centroids)
        var changed = 0
        for i in 0 ..< points.rows {
            var bestLabel = 0
            var bestDistance = Float.infinity
            for c in 0 ..< k {
                let distance = centroidNorms[c] - 2 * s[i * k + c]
                if distance < bestDistance { bestDistance = distance; bestLabel = c }
            }
            if labels[i] != bestLabel { changed += 1; labels[i] = bestLabel }
            distances[i] = max(bestDistance + norms[i], 0)
        }
        return changed
    }

    /// Cluster means through one `sgemm` (`A·X` with `A[c][i] = 1/|c|` for members); an empty
    /// cluster takes the row farthest from its centroid.
    static func means(_ points: Matrix, labels: [Int], k: Int, distances: [Float]) -> Matrix {
        let n = points.rows, d = points.columns
        var counts = [Int](repeating: 0, count: k)
        for label in labels { counts[label] += 1 }
        var weights = Matrix(rows: k, columns: n)
        for (i, label) in labels.enumerated() { weights[label, i] = 1 / Float(counts[label]) }
        var result = BLAS.multiply(weights, .none, points, .none)
        var taken = Set<Int>()
        for c in 0 ..< k where counts[c] == 0 {
            let far = distances.indices.filter { !taken.contains($0) }.max { distances[$0] < distances[$1] } ?? 0
            taken.insert(far)
            for column in 0 ..< d { result[c, column] = points[far, column] }
        }
        return result
    }

    static func squaredNorms(_ matrix: Matrix) -> [Float] {
        matrix.squaredRowNorms()
    }
}
