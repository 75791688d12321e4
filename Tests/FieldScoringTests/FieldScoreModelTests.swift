import FieldScoring
import Foundation
import RunFormat
import Testing
import TestSupport

@Suite struct FieldScoreModelTests {
    @Test func probabilityEqualsThePythonModelOnTheFixtureFeatures() throws {
        let fixture = try FieldFixture.load()
        #expect(fixture.pairs.count >= 20)
        for pair in fixture.pairs {
            let probability = FieldScoreModel.fitted.probability(pair.scores.features)
            #expect(isClose(probability, pair.scores.probability, absolute: 1e-8, relative: 0),
                    "\(pair.id): Swift \(probability), Python \(pair.scores.probability)")
        }
    }

    @Test func fixtureAndModelComeFromTheCommittedDevSplits() throws {
        let fixture = try FieldFixture.load()
        #expect(fixture.data.map(\.path) == ["Benchmarks/persona-pairs/dev.jsonl", "Benchmarks/persona-pairs/dev-names.jsonl"])
        for source in fixture.data {
            let url = SharedData.repositoryRoot.appendingPathComponent(source.path)
            #expect(sha256Hex(try Data(contentsOf: url)) == source.sha256, "\(source.path) changed since fit_fields.py ran: re-run it")
        }
    }

    @Test("more similarity on any field never lowers the fitted duplicate probability")
    func fittedModelIsMonotone() {
        #expect(FieldScoreModel.fitted.weights.values.allSatisfy { $0 >= 0 }, "\(FieldScoreModel.fitted.weights)")
        let base = FieldFeatures(cosWhole: 0.5, cosBackground: 0.5, cosTraits: 0.5, cosStyle: 0.5, traitJaccard: 0.2, wordJaccard: 0.2)
        for path in [\FieldFeatures.cosWhole, \.cosBackground, \.cosTraits, \.cosStyle, \.traitJaccard, \.wordJaccard] {
            var more = base
            more[keyPath: path] += 0.2
            #expect(FieldScoreModel.fitted.probability(more) >= FieldScoreModel.fitted.probability(base))
        }
    }

    @Test func logisticIsStableAtExtremeLogits() {
        let zero = FieldFeatures(cosWhole: 0, cosBackground: 0, cosTraits: 0, cosStyle: 0, traitJaccard: 0, wordJaccard: 0)
        let high = FieldScoreModel(intercept: 800, weights: zero, decisionThreshold: 0.5)
        let low = FieldScoreModel(intercept: -800, weights: zero, decisionThreshold: 0.5)
        #expect(high.probability(zero) == 1)
        #expect(low.probability(zero) == 0)
        #expect(high.isDuplicate(high.scores(zero)) && !low.isDuplicate(low.scores(zero)))
        #expect(FieldScoreModel(intercept: 0, weights: zero, decisionThreshold: 0.5).probability(zero) == 0.5)
    }

    @Test func componentScoresEncodeWithSnakeCaseKeysAndRoundTrip() throws {
        let features = FieldFeatures(cosWhole: 0.9, cosBackground: 0.8, cosTraits: 0.1, cosStyle: 0.7, traitJaccard: 0.25, wordJaccard: 0.5)
        let scores = FieldScoreModel.fitted.scores(features)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(scores)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Double])
        #expect(Set(object.keys) == ["cos_whole", "cos_background", "cos_traits", "cos_style", "trait_jaccard", "word_jaccard", "probability"])
        #expect(try JSONDecoder().decode(ComponentScores.self, from: data) == scores)
        #expect(scores.features == features)
    }
}
