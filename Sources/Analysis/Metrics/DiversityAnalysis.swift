import LinearAlgebra
import PersonaKit
import TextMetrics

/// The diversity section: Vendi, pairwise and nearest-neighbour similarity, distinct-n, entropies.
public enum DiversityAnalysis {
    /// Computes the section.
    /// - Complexity: O(n·d² + d³ + total words).
    public static func report(dataset: AuditDataset, embeddings: Matrix, moment: SecondMoment, scan: NeighborScan,
                              tokenized: NumberedWords, components: PersonaComponents?) throws -> DiversityReport {
        let neighbours = scan.nearestScore.filter(\.isFinite).map(Double.init).sorted()
        var distinct = ["text": (1 ... 3).map { tokenized.distinct($0) }]
        var entropy = [String: EntropyValue]()
        if let personas = dataset.personas {
            let backgrounds = NumberedWords.of(personas.map(\.background))
            distinct["background"] = (1 ... 3).map { backgrounds.distinct($0) }
            let styles = NumberedWords.of(personas.map(\.chattingStyle))
            distinct["chatting_style"] = (1 ... 3).map { styles.distinct($0) }
            var traits = [String: Double]()
            for persona in personas { for trait in persona.traits { traits[trait.lowercased().trimmingCharacters(), default: 0] += 1 } }
            entropy["traits"] = value(traits)
            if let components, !components.professions.isEmpty {
                let matcher = ProfessionMatcher(professions: components.professions)
                var professions = [String: Double]()
                let sampled = dataset.run?.sampled ?? []
                for (index, persona) in personas.enumerated() {
                    let name = index < sampled.count ? sampled[index]?.profession : nil
                    if let name = name ?? matcher.match(persona.background).map({ components.professions[$0].value }) {
                        professions[name, default: 0] += 1
                    }
                }
                entropy["professions"] = value(professions)
            }
        }
        return DiversityReport(
            vendi: try Diversity.vendi(moment),
            meanPairwiseCosineDistance: Diversity.meanPairwiseCosineDistance(embeddings),
            meanNearestNeighbourSimilarity: neighbours.isEmpty ? nil : neighbours.reduce(0, +) / Double(neighbours.count),
            medianNearestNeighbourSimilarity: neighbours.isEmpty ? nil : neighbours[neighbours.count / 2],
            distinct: distinct, entropy: entropy)
    }

    static func value(_ counts: [String: Double]) -> EntropyValue {
        let values = Array(counts.values)
        return EntropyValue(bits: Distribution.entropy(values), normalized: Distribution.normalizedEntropy(values),
                            categories: values.count, observations: Int(values.reduce(0, +)))
    }
}
