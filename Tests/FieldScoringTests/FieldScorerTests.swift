import Embedding
import FieldScoring
import LinearAlgebra
import PersonaKit
import Testing
import TestSupport

/// MiniLM, loaded once (nil when `models/` is absent).
private let miniLM: MiniLMEncoder? = SharedData.modelDirectory.flatMap { try? MiniLMEncoder(modelDirectory: $0, batchSize: 16) }

@Suite struct FieldScorerTests {
    let personas = [
        Persona(name: "A", username: nil, age: 30, traits: ["calm", "practical"], background: "Vet in Tromso who skis to work.",
                chattingStyle: "Short, sends snow photos."),
        Persona(name: "B", username: nil, age: 60, traits: ["Calm", "stubborn"], background: "Reindeer herder near Tromso.",
                chattingStyle: "Short and practical."),
        Persona(name: "C", username: "c", age: 25, traits: ["loud"], background: "Sprinter in Kumasi.", chattingStyle: "Hype, fire emoji."),
    ]

    @Test(.enabled(if: SharedData.modelDirectory != nil, "\(modelAbsent)"))
    func featuresMatchThePythonFixture() async throws {
        let scorer = FieldScorer(encoder: try #require(miniLM))
        let fixture = try FieldFixture.load()
        let scores = try await scorer.scores(fixture.pairs.map { ($0.a, $0.b) })
        var worstCosine = 0.0
        for (pair, swift) in zip(fixture.pairs, scores) {
            let python = pair.scores
            let cosineGaps = zip(swift.features.values.prefix(4), python.features.values.prefix(4)).map { abs($0 - $1) }
            worstCosine = max(worstCosine, cosineGaps.max() ?? 0)
            #expect(cosineGaps.allSatisfy { $0 <= 1e-4 }, "\(pair.id): cosines \(swift.features) vs \(python.features)")
            #expect(isClose(swift.traitJaccard, python.traitJaccard, absolute: 1e-12, relative: 0), "\(pair.id) trait Jaccard")
            #expect(isClose(swift.wordJaccard, python.wordJaccard, absolute: 1e-12, relative: 0), "\(pair.id) word Jaccard")
            #expect(isClose(swift.probability, python.probability, absolute: 1e-3, relative: 0),
                    "\(pair.id): probability \(swift.probability) vs \(python.probability)")
        }
        print("field features: \(fixture.pairs.count) pairs, worst cosine gap \(worstCosine)")
    }

    @Test func wholeTextIsTheGateTemplateAndTraitsAreJoinedLikeIt() {
        let texts = PersonaField.texts(of: personas[0])
        #expect(texts == ["Traits: calm, practical. Background: Vet in Tromso who skis to work. Chatting style: Short, sends snow photos.",
                          "Vet in Tromso who skis to work.", "calm, practical", "Short, sends snow photos."])
        #expect(texts[0] == PersonaTextTemplate.default.render(personas[0]))
    }

    @Test func profilesInOneBatchEqualProfilesOneByOne() async throws {
        let scorer = FieldScorer(encoder: HashedNGramEncoder(dimension: 256))
        let together = try await scorer.profiles(personas)
        for (index, persona) in personas.enumerated() {
            let alone = try await scorer.profiles([persona])
            #expect(allClose(alone[0].vectors.storage, together[index].vectors.storage, absolute: 1e-6))
            #expect(alone[0].traits == together[index].traits && alone[0].backgroundWords == together[index].backgroundWords)
        }
        #expect(together[0].features(against: together[0]).cosBackground > 0.999)
        #expect(together[0].features(against: together[1]).traitJaccard == 1.0 / 3)
    }

    @Test func bankScoresEqualDirectPairScores() async throws {
        let scorer = FieldScorer(encoder: HashedNGramEncoder(dimension: 256))
        let profiles = try await scorer.profiles(personas)
        var bank = FieldProfileBank(dimension: 256)
        for profile in profiles.dropFirst() { bank.append(profile) }
        #expect(bank.count == 2)
        for id in 0 ..< bank.count {
            let direct = profiles[0].features(against: profiles[id + 1])
            let banked = bank.scores(of: profiles[0], against: id, wholeCosine: Float(direct.cosWhole))
            #expect(allClose(banked.features.values, direct.values, absolute: 1e-6))
            #expect(isClose(banked.probability, FieldScoreModel.fitted.probability(direct), absolute: 1e-6))
        }
    }
}
