import LinearAlgebra

extension ReferencePolicy {
    /// Random draws per reference from which the one farthest from those already picked is kept.
    static let spreadCandidates = 8

    /// Coverage steering: `count` indices of rows of `embeddings` (unit rows, the accepted personas)
    /// spread over the whole run: the first at random, each next the farthest (lowest highest cosine to
    /// those already picked) of ``spreadCandidates`` random draws. Drawing candidates at random keeps
    /// the same few outliers from being every prompt's references.
    /// - Complexity: O(count² · spreadCandidates · d).
    func spread(_ embeddings: Matrix, using rng: inout some RandomNumberGenerator) -> [Int] {
        let n = embeddings.rows
        guard n > count else { return pick(from: n, using: &rng) }
        var picked = [Int.random(in: 0 ..< n, using: &rng)]
        while picked.count < count {
            var best = -1, bestScore = Float.infinity
            for _ in 0 ..< Self.spreadCandidates {
                let candidate = Int.random(in: 0 ..< n, using: &rng)
                if picked.contains(candidate) { continue }
                let row = embeddings.row(candidate)
                let closest = picked.map { BLAS.dot(row, embeddings.row($0)) }.max() ?? -1
                if closest < bestScore { best = candidate; bestScore = closest }
            }
            if best >= 0 { picked.append(best) }
        }
        return picked
    }
}
