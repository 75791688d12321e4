import Foundation

/// Crowding-aware acceptance: how much new volume a candidate adds next to its nearest held personas,
/// against what recent candidates added.
///
/// With `x` the candidate's unit embedding, `N` the unit embeddings of its `neighbors` nearest held
/// personas, `s = N x` their cosines and `K = N Nᵀ` their Gram matrix, the gain is
/// `ln(1 − sᵀ K⁻¹ s)`: the log-determinant gain `ln det K₊ − ln det K` of adding `x` to the neighbours
/// (a DPP's marginal gain; `1 − sᵀK⁻¹s` is the squared length of the part of `x` outside their span).
/// Near 0 means the candidate points somewhere new; far below 0, it lies almost inside the span of
/// what the run already holds there, even when no single neighbour reaches the gate's τ.
///
/// The cut is relative, since typical gains depend on the model, the encoder, τ and how full the run
/// is (with SmolLM2 and MiniLM at τ 0.75 a third of the gated candidates fall below −1.1, and the
/// level drifts down as the run fills): a candidate is crowded when its gain is below the
/// `share`-quantile of the last ``window`` gains measured, and below `ceiling` as well, so a stream
/// that is already diverse loses nothing. Before ``minimumMeasured`` gains nothing is crowded.
public struct CrowdingRule: Sendable, Equatable {
    /// Nearest held personas measured against.
    public var neighbors: Int
    /// The share of recent gains a crowded candidate must fall below (its quantile is the cut).
    public var share: Double
    /// The highest gain ever called crowded.
    public var ceiling: Double

    /// How many recent gains the quantile is taken over.
    public static let window = 40
    /// Gains needed before the rule rejects anything.
    public static let minimumMeasured = 10

    /// A rule over `neighbors` nearest personas, cutting at the `share`-quantile of recent gains, at most `ceiling`.
    public init(neighbors: Int, share: Double, ceiling: Double) {
        self.neighbors = neighbors
        self.share = share
        self.ceiling = ceiling
    }

    /// The cut for the next candidate given the recent gains (oldest first; only the last ``window``
    /// count): the gain at sorted position ⌊share × (count − 1)⌋, or `ceiling` when lower; nil while
    /// fewer than ``minimumMeasured`` were measured.
    /// - Complexity: O(w log w) for w = ``window``.
    public func cut(recentGains: [Double]) -> Double? {
        let recent = recentGains.suffix(Self.window)
        guard recent.count >= Self.minimumMeasured else { return nil }
        let sorted = recent.sorted()
        return min(sorted[Int((share * Double(sorted.count - 1)).rounded(.down))], ceiling)
    }

    /// Ridge added to the Gram matrix's diagonal, so identical neighbours do not make it singular.
    static let ridge = 1e-6

    /// The gain `ln(1 − sᵀK⁻¹s)`, at least ln 1e-12; 0 without neighbours.
    /// - Parameters:
    ///   - scores: `s`, the candidate's cosine with each neighbour.
    ///   - gram: `K`, the neighbours' cosines with each other, row-major `scores.count × scores.count`.
    /// - Complexity: O(k³) for k neighbours (a Cholesky factorisation).
    public static func gain(scores: [Double], gram: [Double]) -> Double {
        let k = scores.count
        precondition(gram.count == k * k, "the Gram matrix must be \(k)×\(k)")
        guard k > 0 else { return 0 }
        // Cholesky K = L Lᵀ, then sᵀK⁻¹s = ‖L⁻¹s‖².
        var lower = [Double](repeating: 0, count: k * k)
        for i in 0 ..< k {
            for j in 0 ... i {
                var sum = gram[i * k + j] + (i == j ? ridge : 0)
                for p in 0 ..< j { sum -= lower[i * k + p] * lower[j * k + p] }
                lower[i * k + j] = i == j ? sqrt(max(sum, ridge)) : sum / lower[j * k + j]
            }
        }
        var solved = [Double](repeating: 0, count: k)
        for i in 0 ..< k {
            var sum = scores[i]
            for p in 0 ..< i { sum -= lower[i * k + p] * solved[p] }
            solved[i] = sum / lower[i * k + i]
        }
        let explained = solved.reduce(0) { $0 + $1 * $1 }
        return log(max(1 - explained, 1e-12))
    }
}
