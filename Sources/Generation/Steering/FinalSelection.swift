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
/// `xᵀ log(ρ) x` (TextMetrics' `VendiSelection.removalScores`), so the highest score goes first; on the replays
/// this matched removing by the exact Vendi change to the third decimal, at one `d×d` eigendecomposition per
/// step instead of `m`. The loop is TextMetrics' `VendiSelection`, which `spb-analyze dedup --keep N --by diversity`
/// shares; the phrase-template cap is this type's.
struct FinalSelection {
    /// Why a persona was withdrawn.
    enum Cause: Equatable, Sendable {
        /// It used `template`, which `uses` kept personas used, above the cap.
        case overusedPhrase(PhraseTemplate, uses: Int, cap: Int)
        /// Its removal raised the kept set's diversity most (its removal score, `VendiSelection.removalScores`).
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
    /// `templates`), withdrawing the rest as described on the type: ``VendiSelection``'s loop, with the template
    /// cap put in front of its diversity rule.
    /// - Complexity: O(w · (m·d·e + e³)), e = min(m, d), for w withdrawals from m rows of dimension d (one eigendecomposition
    ///   per withdrawal while templates are above the cap, then one per batch of max(1, m / 200)).
    static func select(embeddings: Matrix, templates: [Set<PhraseTemplate>], target: Int, cap: Int) throws -> Outcome {
        precondition(templates.count == embeddings.rows, "one template set per row")
        var uses = [PhraseTemplate: Int]()
        for set in templates { for template in set { uses[template, default: 0] += 1 } }
        // `uses` counts the kept personas only, so a template above the cap has kept members.
        let outcome = try VendiSelection.withdraw(from: embeddings, keeping: target, prefer: { kept, scores -> (position: Int, reason: Cause)? in
            guard let worst = uses.filter({ $0.value > cap }).max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }),
                  let position = kept.indices.filter({ templates[kept[$0]].contains(worst.key) })
                      .max(by: { scores[$0] != scores[$1] ? scores[$0] < scores[$1] : $0 > $1 }) else { return nil }
            return (position, .overusedPhrase(worst.key, uses: worst.value, cap: cap))
        }, didWithdraw: { index in
            for template in templates[index] { uses[template]! -= 1 }
        })
        let withdrawals = outcome.withdrawals.map { Withdrawal(index: $0.index, cause: $0.reason ?? .diversity(score: $0.score)) }
        let overCap = uses.filter { $0.value > cap }.keys.sorted()
        return Outcome(kept: outcome.kept, withdrawals: withdrawals, vendiBefore: outcome.vendiBefore, vendiAfter: outcome.vendiAfter, overCap: overCap)
    }
}
