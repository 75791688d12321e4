import Foundation
import Judging

/// Precision and recall of the first stage alone against the first stage plus the LLM judge, on one
/// labelled persona-pair set, with the judge's cost.
public struct JudgeEvaluation: Sendable, Codable {
    /// Data set name.
    public let dataset: String
    /// The first-stage score (`cosine` or `fields`).
    public let score: String
    /// The first stage's own threshold (τ or p*).
    public let threshold: Double
    /// The band sent to the judge.
    public let band: JudgeBand
    /// Whether every pair went to the judge (`--judge-all`).
    public let judgeAll: Bool
    /// The judge model.
    public let model: String
    /// Labelled pairs.
    public let pairs: Int
    /// Pairs whose first-stage score lies in the band.
    public let inBand: Int
    /// The first stage alone: duplicate when score >= threshold.
    public let firstStage: OperatingPoint
    /// The first stage with the judge: above the band duplicate, below not, judged pairs as the judge said
    /// (a garbage verdict or a failed call keeps the first stage's decision).
    public let withJudge: OperatingPoint
    /// Judge requests made (one per judged pair).
    public let calls: Int
    /// Verdicts that could not be parsed.
    public let garbage: Int
    /// Calls that failed for good.
    public let failures: Int
    /// Why the first failed call failed, so a user can fix the endpoint.
    public let firstFailure: String?
    /// Judge prompt tokens.
    public let promptTokens: Int
    /// Judge completion tokens.
    public let completionTokens: Int
    /// Wall time of the judge calls, in seconds.
    public let seconds: Double

    /// The share of pairs in the band.
    public var bandShare: Double { pairs == 0 ? 0 : Double(inBand) / Double(pairs) }
}

/// Sends labelled persona pairs to the generator's judge (same prompt, schema and client).
public enum PairJudging {
    /// Judges the in-band pairs of `set` (or all of them with `judgeAll`), one request at a time.
    /// - Parameters:
    ///   - set: labelled persona pairs (every pair needs its personas).
    ///   - scores: the first-stage score of each labelled pair, in order.
    ///   - scoreName: `cosine` or `fields`, for the report.
    ///   - threshold: the first stage's own threshold.
    /// - Throws: `CancellationError` only; a failed call is counted and falls back to the first stage.
    public static func evaluate(_ set: PairSet, scores: [Double], scoreName: String, threshold: Double, band: JudgeBand,
                                judgeAll: Bool, judge: PersonaJudge) async throws -> JudgeEvaluation {
        precondition(scores.count == set.pairs.count, "one score per labelled pair")
        var alone = [Double](), judged = [Double]()
        var (calls, garbage, failures, promptTokens, completionTokens, inBand) = (0, 0, 0, 0, 0, 0)
        let clock = ContinuousClock()
        var elapsed = Duration.zero
        var firstFailure: String?
        for (pair, score) in zip(set.pairs, scores) {
            let first = score >= threshold
            alone.append(first ? 1 : 0)
            if band.contains(score) { inBand += 1 }
            guard let personas = pair.personas, judgeAll || band.contains(score) else {
                judged.append(score >= band.high ? 1 : (score < band.low ? 0 : (first ? 1 : 0)))
                continue
            }
            calls += 1
            let started = clock.now
            var decision = first
            do {
                let call = try await judge.judge(personas.first, [personas.second])
                promptTokens += call.promptTokens
                completionTokens += call.completionTokens
                if let verdict = call.verdict { decision = verdict.sameCharacter } else { garbage += 1 }
            } catch let error as CancellationError {
                throw error
            } catch {
                failures += 1
                if firstFailure == nil { firstFailure = "\(error)" }
            }
            elapsed += clock.now - started
            judged.append(decision ? 1 : 0)
        }
        let labels = set.pairs.map(\.isDuplicate)
        let seconds = elapsed / .seconds(1)
        return JudgeEvaluation(dataset: set.name, score: scoreName, threshold: threshold, band: band, judgeAll: judgeAll, model: judge.model,
                               pairs: set.pairs.count, inBand: inBand,
                               firstStage: ClassifierCurve(scores: alone, labels: labels).point(at: 0.5),
                               withJudge: ClassifierCurve(scores: judged, labels: labels).point(at: 0.5),
                               calls: calls, garbage: garbage, failures: failures, firstFailure: firstFailure, promptTokens: promptTokens,
                               completionTokens: completionTokens, seconds: seconds)
    }
}

extension JudgeEvaluation {
    /// A plain-text summary: both operating points, the band share and the judge's cost.
    public func text() -> String {
        func point(_ p: OperatingPoint) -> String { String(format: "P %.3f R %.3f F1 %.3f", p.precision, p.recall, p.f1) }
        return """
        \(dataset): judge \(model), \(score) band \(band.text)\(judgeAll ? " (--judge-all: every pair judged)" : "")
          in band: \(inBand) of \(pairs) pairs (\(String(format: "%.1f", 100 * bandShare)) %)
          first stage alone (\(score) >= \(String(format: "%.2f", threshold))): \(point(firstStage))
          first stage + judge:                 \(point(withJudge))
          judge: \(calls) calls, \(garbage) garbage, \(failures) failed, \(promptTokens) prompt + \(completionTokens) completion tokens, \
        \(String(format: "%.1f", seconds)) s (\(String(format: "%.2f", calls == 0 ? 0 : seconds / Double(calls))) s per call)
        \(firstFailure.map { "  first failure: \($0)\n" } ?? "")
        """
    }
}
