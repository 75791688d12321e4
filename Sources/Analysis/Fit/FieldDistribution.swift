import PersonaKit

/// How one categorical field's values are spread (`--fit-field`): entropy, the most frequent values, and
/// with a component named, the divergence from that component's weights.
public struct FieldDistribution: Sendable, Codable, Equatable {
    /// One value and how often it occurs.
    public struct ValueCount: Sendable, Codable, Equatable {
        public var value: String
        /// Occurrences.
        public var count: Int
        /// Share of all values counted.
        public var share: Double
    }

    /// The field.
    public var field: String
    /// Items with at least one value.
    public var items: Int
    /// Items without the field (missing or null).
    public var missing: Int
    /// Values counted (a list field counts each of its items).
    public var observations: Int
    /// Distinct values (compared case-insensitively, shown as first written).
    public var categories: Int
    /// Shannon entropy of the values, in bits.
    public var entropyBits: Double
    /// Entropy over log2(categories): 1 when every value is equally frequent.
    public var normalizedEntropy: Double
    /// The most frequent values, most frequent first.
    public var topValues: [ValueCount]
    /// With `NAME=COMPONENT`: the observed values against that component's weights.
    public var against: FitReport.Component?

    /// Most values listed in ``topValues``.
    public static let listed = 12

    /// The distribution of `values` (each item's values, in item order).
    /// - Parameters:
    ///   - field: the field and the component it is compared with.
    ///   - values: per item, its values (empty when the item lacks the field).
    ///   - components: the weights for ``FitField/weights``.
    /// - Complexity: O(total values + categories · log categories).
    public static func measure(_ field: FitField, values: [[String]], components: PersonaComponents?) -> FieldDistribution {
        var counts = [String: (shown: String, count: Int)]()
        var observations = 0
        for list in values {
            for value in list {
                let key = value.lowercased().trimmingCharacters()
                counts[key, default: (value.trimmingCharacters(), 0)].count += 1
                observations += 1
            }
        }
        let ordered = counts.values.sorted { $0.count != $1.count ? $0.count > $1.count : $0.shown < $1.shown }
        let frequencies = ordered.map { Double($0.count) }
        var against: FitReport.Component?
        if let weights = field.weights, let components {
            against = FitAnalysis.component(weights.rawValue, weights.entries(of: components), observed: values.flatMap { $0 })
        }
        let items = values.filter { !$0.isEmpty }.count
        return FieldDistribution(
            field: field.name, items: items, missing: values.count - items, observations: observations, categories: ordered.count,
            entropyBits: Distribution.entropy(frequencies), normalizedEntropy: Distribution.normalizedEntropy(frequencies),
            topValues: ordered.prefix(listed).map { ValueCount(value: $0.shown, count: $0.count, share: Double($0.count) / Double(max(observations, 1))) },
            against: against)
    }
}
