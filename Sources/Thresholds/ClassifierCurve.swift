/// Precision, recall and F1 of the rule "predict positive when score >= threshold".
public struct OperatingPoint: Sendable, Equatable, Codable {
    /// The decision threshold (inclusive).
    public let threshold: Double
    /// True positives / predicted positives (1 when nothing is predicted positive).
    public let precision: Double
    /// True positives / positives.
    public let recall: Double
    /// Harmonic mean of precision and recall (0 when both are 0).
    public let f1: Double
    /// Number of examples at or above the threshold.
    public let predictedPositive: Int
}

/// The precision-recall and ROC structure of scores against binary labels, with ties
/// grouped: every distinct score is one threshold, so tied scores are never split.
///
/// Used for ROC-AUC (average ranks for ties), average precision (scikit-learn's
/// definition: Σ (Rₖ − Rₖ₋₁) Pₖ over thresholds in descending order), the best-F1 threshold
/// and precision at a target recall.
public struct ClassifierCurve: Sendable {
    /// Distinct scores, descending.
    public let thresholds: [Double]
    /// True positives among examples scoring >= `thresholds[k]`.
    public let truePositives: [Int]
    /// False positives among examples scoring >= `thresholds[k]`.
    public let falsePositives: [Int]
    /// Number of positive labels.
    public let positives: Int
    /// Number of negative labels.
    public let negatives: Int
    /// Area under the ROC curve: the probability that a random positive outscores a random
    /// negative, ties counting one half (Mann-Whitney U with average ranks); nil without
    /// both classes.
    public let rocAUC: Double?

    /// Builds the curve.
    /// - Parameters:
    ///   - scores: one finite score per example (higher = more likely positive).
    ///   - labels: the true classes, same length.
    /// - Complexity: O(n log n).
    public init(scores: [Double], labels: [Bool]) {
        precondition(scores.count == labels.count, "\(scores.count) scores for \(labels.count) labels")
        precondition(scores.allSatisfy(\.isFinite), "scores must be finite")
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var thresholds: [Double] = [], tps: [Int] = [], fps: [Int] = []
        var tp = 0, fp = 0
        // Groups of tied scores, in descending order; ascending ranks are n - position.
        var positiveRankSum = 0.0
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, scores[order[end + 1]] == scores[order[start]] { end += 1 }
            var positivesInGroup = 0
            for position in start ... end {
                if labels[order[position]] { positivesInGroup += 1 }
            }
            tp += positivesInGroup
            fp += end - start + 1 - positivesInGroup
            thresholds.append(scores[order[start]])
            tps.append(tp)
            fps.append(fp)
            // Descending positions start...end hold ascending ranks n-end ... n-start.
            let averageRank = Double((order.count - end) + (order.count - start)) / 2
            positiveRankSum += averageRank * Double(positivesInGroup)
            start = end + 1
        }
        self.thresholds = thresholds
        truePositives = tps
        falsePositives = fps
        positives = tp
        negatives = fp
        if tp > 0, fp > 0 {
            let p = Double(tp), n = Double(fp)
            rocAUC = (positiveRankSum - p * (p + 1) / 2) / (p * n)
        } else {
            rocAUC = nil
        }
    }

    /// Average precision (area under the step precision-recall curve); nil without positives.
    public var averagePrecision: Double? {
        guard positives > 0 else { return nil }
        var sum = 0.0, previousRecall = 0.0
        for k in thresholds.indices {
            let recall = Double(truePositives[k]) / Double(positives)
            let precision = Double(truePositives[k]) / Double(truePositives[k] + falsePositives[k])
            sum += (recall - previousRecall) * precision
            previousRecall = recall
        }
        return sum
    }

    /// The operating point at curve index `k` (threshold `thresholds[k]`).
    public func point(atIndex k: Int) -> OperatingPoint {
        let tp = Double(truePositives[k]), predicted = truePositives[k] + falsePositives[k]
        let precision = predicted == 0 ? 1 : tp / Double(predicted)
        let recall = positives == 0 ? 0 : tp / Double(positives)
        let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
        return OperatingPoint(threshold: thresholds[k], precision: precision, recall: recall, f1: f1, predictedPositive: predicted)
    }

    /// The operating point of "score >= threshold" for any threshold.
    /// - Complexity: O(log n).
    public func point(at threshold: Double) -> OperatingPoint {
        // Count of leading (descending) thresholds that are >= the given one.
        var low = 0, high = thresholds.count
        while low < high {
            let mid = (low + high) / 2
            if thresholds[mid] >= threshold { low = mid + 1 } else { high = mid }
        }
        guard low > 0 else {
            return OperatingPoint(threshold: threshold, precision: 1, recall: 0, f1: 0, predictedPositive: 0)
        }
        let point = point(atIndex: low - 1)
        return OperatingPoint(threshold: threshold, precision: point.precision, recall: point.recall, f1: point.f1,
                              predictedPositive: point.predictedPositive)
    }

    /// The threshold with the highest F1 (the higher threshold on ties); nil without positives.
    public var bestF1: OperatingPoint? {
        guard positives > 0 else { return nil }
        var best: OperatingPoint?
        for k in thresholds.indices {
            let candidate = point(atIndex: k)
            if candidate.f1 > best?.f1 ?? -1 { best = candidate }
        }
        return best
    }

    /// The highest precision among thresholds whose recall is at least `recall` (the higher
    /// threshold on ties); nil without positives.
    public func precision(atRecall recall: Double) -> OperatingPoint? {
        guard positives > 0 else { return nil }
        var best: OperatingPoint?
        for k in thresholds.indices {
            let candidate = point(atIndex: k)
            guard candidate.recall >= recall - 1e-12 else { continue }
            if candidate.precision > best?.precision ?? -1 { best = candidate }
        }
        return best
    }
}
