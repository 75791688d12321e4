import Foundation
import LinearAlgebra

/// Keeps the most diverse `target` of a set of unit rows by withdrawing the others, a batch at a time,
/// by their first-order effect on the Vendi score (q = 1).
///
/// Diversity is the Vendi score: the exponential of the entropy of `ρ = XᵀX / m` for the kept unit rows `X`.
/// Removing row `x` changes that entropy, to first order, by an amount that grows with `xᵀ log(ρ) x`
/// (``removalScores(_:)``), so the rows with the highest score go first: one per step while there are
/// fewer than 400 rows, `m / 200` per step above (one eigendecomposition per step). On replays of
/// generator runs this matched removing by the exact Vendi change to the third decimal.
///
/// The generator's selection steering (Generation's `FinalSelection`, which puts its phrase-template
/// cap in front through `prefer`) and `spb-analyze dedup --keep N --by diversity` both withdraw through
/// ``withdraw(from:keeping:prefer:didWithdraw:)``.
public enum VendiSelection {
    /// One withdrawn row.
    public struct Withdrawal<Reason: Sendable>: Sendable {
        /// The row of the matrix given.
        public var index: Int
        /// Its removal score when it was withdrawn.
        public var score: Double
        /// Why `prefer` chose it; nil when it was withdrawn for its removal score.
        public var reason: Reason?
    }

    /// What a selection did.
    public struct Outcome<Reason: Sendable>: Sendable {
        /// Rows kept, ascending.
        public var kept: [Int]
        /// Rows withdrawn, in the order they were.
        public var withdrawals: [Withdrawal<Reason>]
        /// Vendi score (q = 1) of all the rows.
        public var vendiBefore: Double
        /// Vendi score (q = 1) of the kept rows.
        public var vendiAfter: Double
    }

    /// Withdraws rows of `rows` until `target` remain, the highest removal score first.
    ///
    /// Each step scores the kept rows (``removalScores(_:)``); a row `prefer` names is then withdrawn alone,
    /// otherwise the `max(1, kept / 200)` rows of highest score (ties: the earlier row), never below `target`.
    /// - Parameters:
    ///   - rows: unit rows.
    ///   - target: rows to keep (all are kept when there are no more).
    ///   - prefer: given the kept rows (ascending) and their scores, a position in them to withdraw first, with
    ///     its reason; nil to withdraw by score.
    ///   - didWithdraw: called with each withdrawn row.
    /// - Throws: what the eigendecomposition throws.
    /// - Complexity: O(w · (m·d·e + e³)), e = min(m, d), for w steps over m rows of dimension d.
    public static func withdraw<Reason: Sendable>(from rows: Matrix, keeping target: Int,
                                                  prefer: (_ kept: [Int], _ scores: [Double]) -> (position: Int, reason: Reason)?,
                                                  didWithdraw: (Int) -> Void = { _ in }) throws -> Outcome<Reason> {
        var kept = Array(0 ..< rows.rows)
        var withdrawals = [Withdrawal<Reason>]()
        var vendiBefore: Double?
        while kept.count > max(target, 0) {
            let (scores, vendi) = try removalScores(rows.selecting(rows: kept))
            if vendiBefore == nil { vendiBefore = vendi }
            let chosen: [(position: Int, reason: Reason?)]
            if let preferred = prefer(kept, scores) {
                precondition(kept.indices.contains(preferred.position), "prefer named position \(preferred.position) of \(kept.count)")
                chosen = [(preferred.position, preferred.reason)]
            } else {
                let batch = min(max(1, kept.count / 200), kept.count - target)
                chosen = kept.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }.prefix(batch).map { ($0, nil) }
            }
            for (position, reason) in chosen {
                withdrawals.append(Withdrawal(index: kept[position], score: scores[position], reason: reason))
            }
            for position in chosen.map(\.position).sorted(by: >) {
                didWithdraw(kept[position])
                kept.remove(at: position)
            }
        }
        let vendiAfter = try Diversity.vendi(rows.selecting(rows: kept)).order1
        return Outcome(kept: kept, withdrawals: withdrawals, vendiBefore: vendiBefore ?? vendiAfter, vendiAfter: vendiAfter)
    }

    /// ``withdraw(from:keeping:prefer:didWithdraw:)`` by removal score alone.
    public static func withdraw(from rows: Matrix, keeping target: Int) throws -> Outcome<Never> {
        try withdraw(from: rows, keeping: target, prefer: { _, _ in nil })
    }

    /// Each row's removal score `xᵀ log(ρ) x` with `ρ = XᵀX / m` (eigenvalues floored at 1e-12), and the
    /// rows' Vendi score (q = 1).
    ///
    /// With fewer rows than dimensions the `m×m` Gram matrix `XXᵀ = U Λ Uᵀ` is decomposed instead of the
    /// `d×d` moment: row `i` projects onto eigenvector `k` of ρ as `U_ik·√λ_k`, and ρ's eigenvalues there are
    /// `λ_k / m`, so the score is `Σ_k U_ik² λ_k log(λ_k / m)` (the rest of ρ's spectrum meets no row). That
    /// keeps 4,096-wide hashed n-gram vectors from eigendecomposing 4,096×4,096 matrices.
    /// - Parameter rows: unit rows.
    /// - Complexity: O(m·d·min(m, d) + min(m, d)³).
    public static func removalScores(_ rows: Matrix) throws -> (scores: [Double], vendi: Double) {
        let (m, d) = (rows.rows, rows.columns)
        if m < d { return try dualRemovalScores(rows) }
        let moment = BLAS.multiply(rows, .transposed, rows, .none)
        let (values, vectors) = try Eigen.symmetricEigenDecomposition(of: moment.storage.map { Double($0) / Double(m) }, order: d)
        let logs = values.map { log(max($0, 1e-12)) }
        // Column-major eigenvectors: vector j is vectors[j*d ..< (j+1)*d], so reading them as a row-major
        // d×d matrix puts vector j in row j, and X·Vᵀ holds the projections of every row on every vector.
        let basis = Matrix(rows: d, columns: d, storage: vectors.map { Float($0) })
        let projections = BLAS.multiply(rows, .none, basis, .transposed)
        let scores = (0 ..< m).map { i in
            (0 ..< d).reduce(0.0) { sum, j in
                let projection = Double(projections.storage[i * d + j])
                return sum + logs[j] * projection * projection
            }
        }
        return (scores, Diversity.vendi(eigenvalues: values).order1)
    }

    /// ``removalScores(_:)`` through the `m×m` Gram matrix (for `m < d`).
    private static func dualRemovalScores(_ rows: Matrix) throws -> (scores: [Double], vendi: Double) {
        let m = rows.rows
        let gram = BLAS.multiply(rows, .none, rows, .transposed)
        let (values, vectors) = try Eigen.symmetricEigenDecomposition(of: gram.storage.map(Double.init), order: m)
        let weights = values.map { max($0, 0) * log(max($0 / Double(m), 1e-12)) }
        // Column-major eigenvectors: U_ik is vectors[k*m + i].
        let scores = (0 ..< m).map { i in
            (0 ..< m).reduce(0.0) { sum, k in sum + vectors[k * m + i] * vectors[k * m + i] * weights[k] }
        }
        return (scores, Diversity.vendi(eigenvalues: values.map { $0 / Double(m) }).order1)
    }
}
