import FieldScoring
import Judging
import LLMClient
import PersonaKit
import RunFormat

/// Where the judging of one candidate stands; travels with the candidate between the ledger's calls.
///
/// Built up outside the ledger actor (the judge calls), read inside it: the ids judged different go
/// to ``DedupGate/admit(_:text:embedding:id:references:veto:profile:judged:mayJudge:)``.
struct JudgeProgress: Sendable {
    /// Why the first stage decided instead of the judge.
    enum Fallback: String, Sendable {
        /// The judge's reply was not a verdict.
        case garbage
        /// The judge request failed for good (retries exhausted, or an error answer).
        case failed
        /// Judge calls had reached `--max-judge-calls-per-accepted` × (accepted + 1).
        case cap
        /// The candidate had used ``JudgeProgress/maxRounds`` judge calls.
        case rounds
    }

    /// Judge calls one candidate may use (new held personas can enter the band while it is judged).
    static let maxRounds = 3

    /// Held personas the judge called different people.
    var different: Set<String> = []
    /// Every held persona shown to the judge, in order.
    var shown: [String] = []
    /// The calls that returned a reply.
    var calls: [JudgeCall] = []
    /// The calls that failed for good.
    var failures: [ChatFailure] = []
    /// The verdict "same character" and the personas it was given against, when the judge said so.
    var same: (verdict: JudgeVerdict, against: [DedupGate.Nearest])?
    /// Set when the first stage must decide instead of the judge.
    var fallback: Fallback?

    /// Judge requests made for this candidate.
    var rounds: Int { calls.count + failures.count }

    /// Records one call's reply: a verdict "different" marks the personas shown; "same" ends the judging;
    /// anything else is garbage.
    mutating func record(_ call: JudgeCall, against held: [DedupGate.Nearest]) {
        calls.append(call)
        shown += held.map(\.id)
        switch call.verdict {
        case let verdict? where verdict.sameCharacter: same = (verdict, held)
        case .some: different.formUnion(held.map(\.id))
        case nil: fallback = .garbage
        }
    }

    /// Records a failed call.
    mutating func record(_ failure: ChatFailure, against held: [DedupGate.Nearest]) {
        failures.append(failure)
        shown += held.map(\.id)
        fallback = .failed
    }

    /// The log record, given the model; nil when the judge was never involved.
    func record(model: String) -> JudgeRecord? {
        guard rounds > 0 || fallback != nil else { return nil }
        let verdict = same != nil ? "same" : (fallback != nil ? "fallback" : "different")
        let reason = same?.verdict.reason ?? calls.last(where: { $0.verdict != nil })?.verdict?.reason
        return JudgeRecord(verdict: verdict, reason: reason, fallback: fallback?.rawValue, model: model, calls: rounds,
                           promptTokens: calls.reduce(0) { $0 + $1.promptTokens }, completionTokens: calls.reduce(0) { $0 + $1.completionTokens },
                           against: shown, detail: fallbackDetail)
    }

    /// What the fallback was about, in a few words.
    private var fallbackDetail: String? {
        switch fallback {
        case .garbage: "the judge's reply was not a verdict: " + (calls.last?.reply ?? "")
        case .failed: failures.last.map { $0.reason ?? $0.message }
        case .cap: "judge calls reached --max-judge-calls-per-accepted x (accepted + 1)"
        case .rounds: "\(Self.maxRounds) judge calls for this candidate"
        case nil: nil
        }
    }
}
