import Testing
import TestSupport
@testable import Thresholds

/// Naive references, written independently of ClassifierCurve.
enum Naive {
    static func auc(_ s: [Double], _ y: [Bool]) -> Double {
        var wins = 0.0, pairs = 0.0
        for i in s.indices where y[i] {
            for j in s.indices where !y[j] {
                pairs += 1
                wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0
            }
        }
        return wins / pairs
    }

    static func counts(_ s: [Double], _ y: [Bool], _ t: Double) -> (tp: Int, fp: Int, fn: Int) {
        var tp = 0, fp = 0, fn = 0
        for i in s.indices {
            if s[i] >= t { if y[i] { tp += 1 } else { fp += 1 } } else if y[i] { fn += 1 }
        }
        return (tp, fp, fn)
    }

    static func precisionRecall(_ s: [Double], _ y: [Bool], _ t: Double) -> (p: Double, r: Double) {
        let c = counts(s, y, t)
        return (c.tp + c.fp == 0 ? 1 : Double(c.tp) / Double(c.tp + c.fp), Double(c.tp) / Double(c.tp + c.fn))
    }

    static func ap(_ s: [Double], _ y: [Bool]) -> Double {
        var sum = 0.0, previous = 0.0
        for t in Set(s).sorted(by: >) {
            let (p, r) = precisionRecall(s, y, t)
            sum += (r - previous) * p
            previous = r
        }
        return sum
    }

    static func f1(_ s: [Double], _ y: [Bool], _ t: Double) -> Double {
        let c = counts(s, y, t)
        return 2 * Double(c.tp) / Double(2 * c.tp + c.fp + c.fn)
    }
}

@Suite struct ClassifierCurveTests {
    @Test func matchesScikitLearnReference() throws {
        for (index, reference) in metricsReferenceCases.enumerated() {
            let curve = ClassifierCurve(scores: reference.scores, labels: reference.labels)
            #expect(isClose(try #require(curve.rocAUC), reference.auc, absolute: 1e-12), "case \(index)")
            #expect(isClose(try #require(curve.averagePrecision), reference.ap, absolute: 1e-12), "case \(index)")
            let best = try #require(curve.bestF1)
            #expect(isClose(best.threshold, reference.f1Threshold, absolute: 1e-12), "case \(index)")
            #expect(isClose(best.f1, reference.f1, absolute: 1e-12))
            #expect(isClose(best.precision, reference.f1Precision, absolute: 1e-12))
            #expect(isClose(best.recall, reference.f1Recall, absolute: 1e-12))
            let p90 = try #require(curve.precision(atRecall: 0.9))
            #expect(isClose(p90.threshold, reference.p90Threshold, absolute: 1e-12), "case \(index)")
            #expect(isClose(p90.precision, reference.p90Precision, absolute: 1e-12))
            #expect(isClose(p90.recall, reference.p90Recall, absolute: 1e-12))
        }
    }

    @Test func matchesNaiveReferencesOnRandomTiedScores() throws {
        var random = SplitMix64(seed: 7)
        for trial in 0 ..< 20 {
            let n = 5 + trial * 3
            let y = (0 ..< n).map { $0 < 2 ? $0 == 0 : Bool.random(using: &random) }
            let s = (0 ..< n).map { i in (Double(Int.random(in: 0 ... 8, using: &random)) + (y[i] ? 2 : 0)) / 10 }
            let curve = ClassifierCurve(scores: s, labels: y)
            #expect(isClose(try #require(curve.rocAUC), Naive.auc(s, y), absolute: 1e-12))
            #expect(isClose(try #require(curve.averagePrecision), Naive.ap(s, y), absolute: 1e-12))
            let best = try #require(curve.bestF1)
            let naiveBest = Set(s).map { Naive.f1(s, y, $0) }.max() ?? 0
            #expect(isClose(best.f1, naiveBest, absolute: 1e-12))
            #expect(isClose(best.f1, Naive.f1(s, y, best.threshold), absolute: 1e-12))
            for t in [0.0, 0.35, 0.5, 0.55, 2.0] {
                let point = curve.point(at: t)
                let (p, r) = Naive.precisionRecall(s, y, t)
                #expect(isClose(point.precision, p) && isClose(point.recall, r), "τ \(t)")
            }
            let p90 = try #require(curve.precision(atRecall: 0.9))
            let naiveP90 = Set(s).filter { Naive.precisionRecall(s, y, $0).r >= 0.9 }.map { Naive.precisionRecall(s, y, $0).p }.max()
            #expect(isClose(p90.precision, try #require(naiveP90)))
        }
    }

    @Test func perfectAndInvertedAndConstantScorers() throws {
        let y = [true, true, false, false, false]
        #expect(isClose(try #require(ClassifierCurve(scores: [0.9, 0.8, 0.3, 0.2, 0.1], labels: y).rocAUC), 1))
        #expect(isClose(try #require(ClassifierCurve(scores: [0.1, 0.2, 0.3, 0.8, 0.9], labels: y).rocAUC), 0))
        let constant = ClassifierCurve(scores: [0.5, 0.5, 0.5, 0.5, 0.5], labels: y)
        #expect(isClose(try #require(constant.rocAUC), 0.5))
        #expect(isClose(try #require(constant.averagePrecision), 0.4))
        #expect(isClose(try #require(constant.bestF1).f1, 2 * 0.4 / 1.4))
    }

    @Test func missingClassesGiveNilNotNaN() {
        let onlyPositive = ClassifierCurve(scores: [0.1, 0.2], labels: [true, true])
        #expect(onlyPositive.rocAUC == nil)
        #expect(onlyPositive.averagePrecision != nil)
        let onlyNegative = ClassifierCurve(scores: [0.1, 0.2], labels: [false, false])
        #expect(onlyNegative.rocAUC == nil && onlyNegative.averagePrecision == nil && onlyNegative.bestF1 == nil)
        let empty = ClassifierCurve(scores: [], labels: [])
        #expect(empty.rocAUC == nil && empty.precision(atRecall: 0.9) == nil)
    }
}
