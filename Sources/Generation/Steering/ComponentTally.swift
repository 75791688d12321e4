import PersonaKit
import RunFormat

/// Coverage-aware sampling: professions and life contexts drawn with weights corrected by what was accepted.
///
/// For a value with intended share `p` (its weight over all weights) of which `a` of the `A` accepted
/// personas were sampled, the sampling weight is multiplied by `(p·A + 1) / (a + 1)`, kept within
/// ``factorRange``: values the run under-accepts (rejected more often, or unlucky) are drawn more, those
/// it over-accepts less, so the accepted shares track the intended weights (the audit's fit section).
/// The `+ 1` keeps the factor near 1 until the counts mean something.
struct ComponentTally: Sendable, Equatable {
    /// The multipliers' bounds.
    static let factorRange = 0.25 ... 4.0

    private let professionShares: [Double]
    private let lifeContextShares: [Double]
    private let professionIndex: [String: Int]
    private let lifeContextIndex: [String: Int]
    /// Accepted personas sampled with each profession.
    private(set) var professions: [Int]
    /// Accepted personas sampled with each life context.
    private(set) var lifeContexts: [Int]
    /// Accepted personas counted.
    private(set) var accepted = 0

    /// An empty tally over `components`.
    init(components: PersonaComponents) {
        func shares(_ entries: [WeightedComponent]) -> [Double] {
            let total = entries.reduce(0) { $0 + $1.weight }
            return entries.map { total > 0 ? $0.weight / total : 0 }
        }
        func index(_ entries: [WeightedComponent]) -> [String: Int] {
            Dictionary(entries.enumerated().map { ($1.value, $0) }, uniquingKeysWith: { first, _ in first })
        }
        professionShares = shares(components.professions)
        lifeContextShares = shares(components.lifeContexts)
        professionIndex = index(components.professions)
        lifeContextIndex = index(components.lifeContexts)
        professions = Array(repeating: 0, count: components.professions.count)
        lifeContexts = Array(repeating: 0, count: components.lifeContexts.count)
    }

    /// Counts an accepted persona's sampled components.
    mutating func record(_ blueprint: PersonaBlueprint) {
        accepted += 1
        if let index = professionIndex[blueprint.profession] { professions[index] += 1 }
        if let index = lifeContextIndex[blueprint.lifeContext] { lifeContexts[index] += 1 }
    }

    /// The multipliers of the profession and life-context weights for the next draw.
    var factors: ComponentSampler.WeightFactors {
        ComponentSampler.WeightFactors(professions: zip(professionShares, professions).map { factor(share: $0, count: $1) },
                                       lifeContexts: zip(lifeContextShares, lifeContexts).map { factor(share: $0, count: $1) })
    }

    /// The multipliers the profession and life context of `blueprint` were drawn with (1 when not a listed value).
    func factors(of blueprint: PersonaBlueprint) -> (profession: Double, lifeContext: Double) {
        (professionIndex[blueprint.profession].map { factor(share: professionShares[$0], count: professions[$0]) } ?? 1,
         lifeContextIndex[blueprint.lifeContext].map { factor(share: lifeContextShares[$0], count: lifeContexts[$0]) } ?? 1)
    }

    /// `(p·A + 1) / (a + 1)`, clamped to ``factorRange``.
    func factor(share: Double, count: Int) -> Double {
        min(max((share * Double(accepted) + 1) / (Double(count) + 1), Self.factorRange.lowerBound), Self.factorRange.upperBound)
    }
}
