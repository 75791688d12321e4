import PersonaKit
import RunFormat

/// Draws a ``PersonaBlueprint`` from the weighted inputs.
///
/// Professions, life contexts and quirks are weighted choices; traits are distinct,
/// drawn one by one with probability proportional to weight among those not yet chosen;
/// the age is uniform over the profession's range intersected with the global range.
public struct ComponentSampler: Sendable {
    /// Allowed ages for every persona (the card: 19-75).
    public let ages: ClosedRange<Int>
    /// How many traits to draw (uniform over the range).
    public let traitCount: ClosedRange<Int>
    /// Probability that a persona has no username.
    public let noUsernameProbability: Double
    private let inputs: GenerationInputs
    private let professions: WeightedTable
    private let lifeContexts: WeightedTable
    private let quirks: WeightedTable

    /// A sampler over `inputs`.
    /// - Precondition: `traitCount.upperBound` does not exceed the number of traits
    ///   (``PersonaComponents/parse(_:file:ages:)`` guarantees at least 5).
    public init(inputs: GenerationInputs, ages: ClosedRange<Int> = 19 ... 75, traitCount: ClosedRange<Int> = 3 ... 5,
                noUsernameProbability: Double = 0.15) {
        precondition(inputs.components.traits.count >= traitCount.upperBound, "fewer traits than the largest trait count")
        self.inputs = inputs
        self.ages = ages
        self.traitCount = traitCount
        self.noUsernameProbability = inputs.usernames.isEmpty ? 1 : noUsernameProbability
        professions = WeightedTable(inputs.components.professions.map(\.weight))
        lifeContexts = WeightedTable(inputs.components.lifeContexts.map(\.weight))
        quirks = WeightedTable(inputs.components.chattingQuirks.map(\.weight))
    }

    /// Multipliers of the profession and life-context weights (coverage steering, see `ComponentTally`).
    public struct WeightFactors: Sendable, Equatable {
        /// One per profession, in the inputs' order.
        public var professions: [Double]
        /// One per life context, in the inputs' order.
        public var lifeContexts: [Double]
    }

    /// One blueprint; the same generator state (and factors) always gives the same blueprint.
    /// - Parameter factors: multipliers of the inputs' weights; nil draws by the weights as given.
    /// - Complexity: O(p + l + q) for the cumulative tables' binary searches (O(p + l) more to build
    ///   the tables when `factors` is given) plus O(t·k) for k traits of t.
    public func blueprint(using rng: inout some RandomNumberGenerator, factors: WeightFactors? = nil) -> PersonaBlueprint {
        func table(_ base: WeightedTable, _ entries: [WeightedComponent], _ factors: [Double]?) -> WeightedTable {
            guard let factors, factors.count == entries.count else { return base }
            return WeightedTable(zip(entries, factors).map { $0.weight * $1 })
        }
        let professionTable = table(professions, inputs.components.professions, factors?.professions)
        let lifeContextTable = table(lifeContexts, inputs.components.lifeContexts, factors?.lifeContexts)
        let profession = inputs.components.professions[professionTable.index(using: &rng)]
        let low = max(profession.minAge ?? ages.lowerBound, ages.lowerBound)
        let high = min(profession.maxAge ?? ages.upperBound, ages.upperBound)
        let age = low <= high ? Int.random(in: low ... high, using: &rng) : Int.random(in: ages, using: &rng)
        let lifeContext = inputs.components.lifeContexts[lifeContextTable.index(using: &rng)].value
        let traits = distinctTraits(Int.random(in: traitCount, using: &rng), using: &rng)
        let quirk = inputs.components.chattingQuirks[quirks.index(using: &rng)].value
        let name = "\(inputs.firstNames.randomElement(using: &rng) ?? "Alex") \(inputs.lastNames.randomElement(using: &rng) ?? "Doe")"
        let username = Double.random(in: 0 ..< 1, using: &rng) < noUsernameProbability ? nil : inputs.usernames.randomElement(using: &rng)
        return PersonaBlueprint(profession: profession.value, age: age, lifeContext: lifeContext, traits: traits,
                                chattingQuirk: quirk, name: name, username: username)
    }

    /// `count` distinct trait values by successive weighted draws without replacement
    /// (duplicate values in the list count once, with their weights summed).
    func distinctTraits(_ count: Int, using rng: inout some RandomNumberGenerator) -> [String] {
        var pool = [(value: String, weight: Double)]()
        var position = [String: Int]()
        for trait in inputs.components.traits {
            if let index = position[trait.value] { pool[index].weight += trait.weight } else {
                position[trait.value] = pool.count
                pool.append((trait.value, trait.weight))
            }
        }
        var chosen = [String]()
        while chosen.count < count, !pool.isEmpty {
            let index = WeightedTable(pool.map(\.weight)).index(using: &rng)
            chosen.append(pool.remove(at: index).value)
        }
        return chosen
    }
}

/// Cumulative weights for O(log n) weighted choice.
struct WeightedTable: Sendable {
    private let cumulative: [Double]

    /// A table over positive weights.
    init(_ weights: [Double]) {
        var total = 0.0
        cumulative = weights.map { total += $0; return total }
    }

    /// An index drawn with probability proportional to its weight.
    /// - Complexity: O(log n).
    func index(using rng: inout some RandomNumberGenerator) -> Int {
        guard let total = cumulative.last, total > 0 else { return 0 }
        let target = Double.random(in: 0 ..< total, using: &rng)
        var low = 0, high = cumulative.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] > target { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
