import Foundation
import Generation
import LinearAlgebra
import RunFormat
import Testing

@Suite("Component sampling")
struct SamplingTests {
    /// Upper critical value of chi-square with `df` degrees of freedom at p = 0.001
    /// (Wilson–Hilferty approximation, z = 3.0902).
    static func chiSquareCritical(df: Int) -> Double {
        let k = Double(df), z = 3.0902
        return k * pow(1 - 2 / (9 * k) + z * (2 / (9 * k)).squareRoot(), 3)
    }

    static func chiSquare(counts: [String: Int], weights: [(String, Double)], draws: Int) -> Double {
        let total = weights.reduce(0) { $0 + $1.1 }
        return weights.reduce(0) { sum, entry in
            let expected = Double(draws) * entry.1 / total
            let observed = Double(counts[entry.0, default: 0])
            return sum + (observed - expected) * (observed - expected) / expected
        }
    }

    @Test("professions follow their weights (chi-square, 10,000 draws, p > 0.001)")
    func professionDistribution() {
        let inputs = TestInputs.inputs()
        let sampler = ComponentSampler(inputs: inputs)
        var rng = SeededGenerator(seed: 7)
        var counts = [String: Int]()
        for _ in 0 ..< 10_000 { counts[sampler.blueprint(using: &rng).profession, default: 0] += 1 }
        let statistic = Self.chiSquare(counts: counts, weights: inputs.components.professions.map { ($0.value, $0.weight) }, draws: 10_000)
        #expect(statistic < Self.chiSquareCritical(df: 3), "chi-square \(statistic)")
        // The test can fail: uniform sampling would put Judge near 2,500, far from its 500.
        #expect(abs(counts["Judge", default: 0] - 500) < 100)
    }

    @Test("the bundled professions follow their weights too")
    func defaultProfessionDistribution() throws {
        let inputs = try GenerationInputs.loadDefault()
        let sampler = ComponentSampler(inputs: inputs)
        var rng = SeededGenerator(seed: 11)
        var counts = [String: Int]()
        let draws = 10_000
        for _ in 0 ..< draws { counts[sampler.blueprint(using: &rng).profession, default: 0] += 1 }
        // Pool rare professions so every expected count is at least 5.
        let total = inputs.components.professions.reduce(0) { $0 + $1.weight }
        var pooled = [(String, Double)](), pooledCounts = [String: Int](), rareWeight = 0.0, rareCount = 0
        for profession in inputs.components.professions {
            if Double(draws) * profession.weight / total < 5 {
                rareWeight += profession.weight
                rareCount += counts[profession.value, default: 0]
            } else {
                pooled.append((profession.value, profession.weight))
                pooledCounts[profession.value] = counts[profession.value, default: 0]
            }
        }
        if rareWeight > 0 { pooled.append(("(rare)", rareWeight)); pooledCounts["(rare)"] = rareCount }
        let statistic = Self.chiSquare(counts: pooledCounts, weights: pooled, draws: draws)
        #expect(statistic < Self.chiSquareCritical(df: pooled.count - 1), "chi-square \(statistic) over \(pooled.count) cells")
    }

    @Test("ages stay in the profession's range ∩ 19-75; traits are 3-5 and distinct")
    func ranges() {
        let sampler = ComponentSampler(inputs: TestInputs.inputs())
        var rng = SeededGenerator(seed: 3)
        var studentAges = Set<Int>()
        for _ in 0 ..< 2_000 {
            let blueprint = sampler.blueprint(using: &rng)
            #expect((19 ... 75).contains(blueprint.age))
            switch blueprint.profession {
            case "Student": studentAges.insert(blueprint.age); #expect(blueprint.age <= 24)
            case "Judge": #expect(blueprint.age >= 40)
            case "Nurse": #expect(blueprint.age >= 22)
            default: break
            }
            #expect((3 ... 5).contains(blueprint.traits.count))
            #expect(Set(blueprint.traits).count == blueprint.traits.count)
            #expect(["Ana", "Bo", "Chidi"].contains(String(blueprint.name.split(separator: " ")[0])))
        }
        #expect(studentAges == Set(19 ... 24), "uniform over the intersected range reaches both ends")
    }

    @Test("an attempt's components depend only on the seed and the attempt number")
    func reproducible() {
        let sampler = ComponentSampler(inputs: TestInputs.inputs())
        func draw(_ attempt: Int, _ seed: UInt64) -> PersonaBlueprint {
            var rng = SeededGenerator.forAttempt(attempt, runSeed: seed)
            return sampler.blueprint(using: &rng)
        }
        #expect(draw(5, 42) == draw(5, 42))
        let differing = (1 ... 20).filter { draw($0, 42) != draw($0, 43) }.count
        #expect(differing >= 15)
        #expect(Set((1 ... 20).map { draw($0, 42).name + "\(draw($0, 42).age)" }).count > 10)
    }

    @Test("trait weights matter: the heaviest trait is drawn far more often than the lightest")
    func traitWeights() {
        let sampler = ComponentSampler(inputs: TestInputs.inputs())
        var rng = SeededGenerator(seed: 5)
        var counts = [String: Int]()
        for _ in 0 ..< 3_000 { for trait in sampler.blueprint(using: &rng).traits { counts[trait, default: 0] += 1 } }
        #expect(counts["shy", default: 0] > 2 * counts["calm", default: 0])
    }
}
