import Foundation
import LinearAlgebra
import RunFormat
import TextMetrics

/// Selection steering: which of a run's held personas to keep when it has gathered more than its target.
///
/// A rule that decides one candidate at a time cannot know what comes later; choosing among all the
/// candidates at the end can (on replays of SmolLM2 runs, the best subset chosen after the fact beat every
/// one-at-a-time rule at the same cost: `Benchmarks/steering_replay.py`, figures in `Benchmarks/RESULTS.md`),
/// as far as the personas held are diverse enough. So with `--steer selection` the
/// run gathers ``SteeringSettings/selectionOversample`` more personas than its target and withdraws the
/// surplus one at a time:
/// 1. while some phrase template (``PhraseTemplate``) is used by more than the cap of the kept personas,
///    a persona using the most used such template, the one whose removal raises the diversity most;
/// 2. then the persona whose removal raises the diversity most.
///
/// Diversity is the Vendi score (q = 1): the exponential of the entropy of `ρ = XᵀX / m` for the kept
/// unit rows `X`. Removing row `x` changes that entropy, to first order, by an amount that grows with
/// `xᵀ log(ρ) x` (``removalScore``), so the highest score goes first; on the replays this matched removing
/// by the exact Vendi change to the third decimal, at one `d×d` eigendecomposition per step instead of `m`.
struct FinalSelection {
    /// Why a persona was withdrawn.
    enum Cause: Equatable, Sendable {
        /// It used `template`, which `uses` kept personas used, above the cap.
        case overusedPhrase(PhraseTemplate, uses: Int, cap: Int)
        /// Its removal raised the kept set's diversity most (its ``removalScore``).
        case diversity(score: Double)

        /// How `rejected.jsonl` and `events.jsonl` explain it.
        var detail: String {
            switch self {
            case let .overusedPhrase(template, uses, cap):
                "withdrawn at selection: uses \(template), which \(uses) kept personas used (at most \(cap) may)"
            case let .diversity(score):
                String(format: "withdrawn at selection: removing it raised the kept personas' Vendi entropy most (score %.4f)", score)
            }
        }

        /// The `selection` object of its `rejected.jsonl` and `events.jsonl` lines, with the selection's sizes.
        func record(held: Int, kept: Int) -> SelectionRecord {
            switch self {
            case let .overusedPhrase(template, uses, cap):
                SelectionRecord(held: held, kept: kept, cause: SelectionRecord.overusedPhrase, template: template.description, uses: uses, cap: cap)
            case let .diversity(score):
                SelectionRecord(held: held, kept: kept, cause: SelectionRecord.diversity, score: score)
            }
        }
    }

    /// One withdrawn persona, in the order of withdrawal.
    struct Withdrawal: Equatable, Sendable {
        /// Its row among the held personas.
        var index: Int
        var cause: Cause
    }

    /// What a selection did.
    struct Outcome: Sendable {
        /// Rows kept, ascending (the held order).
        var kept: [Int]
        /// Rows withdrawn, in the order they were.
        var withdrawals: [Withdrawal]
        /// Vendi score (q = 1) of all held personas.
        var vendiBefore: Double
        /// Vendi score (q = 1) of the kept ones.
        var vendiAfter: Double
        /// Templates still above the cap when the target was reached (the cap could not be met).
        var overCap: [PhraseTemplate]
    }

    /// Most kept personas one template may have: `share` of the target, at least 2.
    static func cap(share: Double, target: Int) -> Int { max(2, Int(share * Double(target))) }

    /// Keeps `target` of the rows of `embeddings` (unit rows, one per held persona, whose phrase templates are
    /// `templates`), withdrawing the rest as described on the type.
    /// - Complexity: O(w · (m·d·e + e³)), e = min(m, d), for w withdrawals from m rows of dimension d (one eigendecomposition
    ///   per withdrawal while templates are above the cap, then one per batch of max(1, m / 200)).
    static func select(embeddings: Matrix, templates: [Set<PhraseTemplate>], target: Int, cap: Int) throws -> Outcome {
        precondition(templates.count == embeddings.rows, "one template set per row")
        var kept = Array(0 ..< embeddings.rows)
        var uses = [PhraseTemplate: Int]()
        for set in templates { for template in set { uses[template, default: 0] += 1 } }
        var withdrawals = [Withdrawal]()
        var vendiBefore: Double?
        while kept.count > max(target, 0) {
            let (scores, vendi) = try removalScores(embeddings.selecting(rows: kept))
            if vendiBefore == nil { vendiBefore = vendi }
            var chosen: [(position: Int, cause: Cause)] = []
            // `uses` counts the kept personas only, so a template above the cap has kept members.
            if let worst = uses.filter({ $0.value > cap }).max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }),
               let position = kept.indices.filter({ templates[kept[$0]].contains(worst.key) })
                   .max(by: { scores[$0] != scores[$1] ? scores[$0] < scores[$1] : $0 > $1 }) {
                chosen = [(position, .overusedPhrase(worst.key, uses: worst.value, cap: cap))]
            } else {
                let batch = min(max(1, kept.count / 200), kept.count - target)
                chosen = kept.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }.prefix(batch)
                    .map { ($0, .diversity(score: scores[$0])) }
            }
            for (position, cause) in chosen { withdrawals.append(Withdrawal(index: kept[position], cause: cause)) }
            for position in chosen.map(\.position).sorted(by: >) {
                for template in templates[kept[position]] { uses[template]! -= 1 }
                kept.remove(at: position)
            }
        }
        let vendiAfter = try Diversity.vendi(embeddings.selecting(rows: kept)).order1
        let overCap = uses.filter { $0.value > cap }.keys.sorted()
        return Outcome(kept: kept, withdrawals: withdrawals, vendiBefore: vendiBefore ?? vendiAfter, vendiAfter: vendiAfter, overCap: overCap)
    }

    /// Each row's removal score `xᵀ log(ρ) x` with `ρ = XᵀX / m` (eigenvalues floored at 1e-12), and the
    /// rows' Vendi score (q = 1).
    ///
    /// With fewer rows than dimensions the `m×m` Gram matrix `XXᵀ = U Λ Uᵀ` is decomposed instead of the
    /// `d×d` moment: row `i` projects onto eigenvector `k` of ρ as `U_ik·√λ_k`, and ρ's eigenvalues there are
    /// `λ_k / m`, so the score is `Σ_k U_ik² λ_k log(λ_k / m)` (the rest of ρ's spectrum meets no row). That
    /// keeps a run with 4,096-wide hashed n-gram vectors from eigendecomposing 4,096×4,096 matrices.
    /// - Complexity: O(m·d·min(m, d) + min(m, d)³).
    static func removalScores(_ rows: Matrix) throws -> (scores: [Double], vendi: Double) {
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
