/// How far each split's category shares are from the whole set's, per stratification variable.
public struct StratificationReport: Sendable, Codable, Equatable {
    /// One variable in one split.
    public struct Deviation: Sendable, Codable, Equatable {
        /// The variable (`profession`, `age band`, `trope cluster`).
        public var variable: String
        /// `train`, `validation` or `test`.
        public var split: String
        /// Largest |share in split − share in whole set| over the categories, in percentage points.
        public var maxDeviationPoints: Double
        /// The category where it occurs.
        public var category: String
        /// Categories of the variable.
        public var categories: Int
        /// Items of the split with a known category.
        public var knownItems: Int
    }

    /// Every variable × non-empty split.
    public var deviations: [Deviation]

    /// The largest deviation of `variable` over the splits (0 when absent).
    public func largest(_ variable: String) -> Double {
        deviations.filter { $0.variable == variable }.map(\.maxDeviationPoints).max() ?? 0
    }

    /// Measures an assignment.
    /// - Parameters:
    ///   - strata: the variables.
    ///   - assignment: split of each item.
    ///   - splitNames: names by split index.
    /// - Complexity: O(n · variables + categories · splits · variables).
    public static func measure(strata: [StratumVariable], assignment: [Int], splitNames: [String]) -> StratificationReport {
        var deviations = [Deviation]()
        for variable in strata where variable.isKnown {
            let (codes, totals, names) = variable.encoded()
            let known = totals.reduce(0, +)
            var counts = [[Int]](repeating: [Int](repeating: 0, count: totals.count), count: splitNames.count)
            for (item, code) in codes.enumerated() where code >= 0 { counts[assignment[item]][code] += 1 }
            for (split, name) in splitNames.enumerated() {
                let inSplit = counts[split].reduce(0, +)
                guard inSplit > 0 else { continue }
                var worst = 0.0, worstCode = 0
                for code in totals.indices {
                    let gap = abs(Double(counts[split][code]) / Double(inSplit) - Double(totals[code]) / Double(known)) * 100
                    if gap > worst { worst = gap; worstCode = code }
                }
                deviations.append(Deviation(variable: variable.name, split: name, maxDeviationPoints: worst,
                                            category: names[worstCode], categories: totals.count, knownItems: inSplit))
            }
        }
        return StratificationReport(deviations: deviations)
    }
}
