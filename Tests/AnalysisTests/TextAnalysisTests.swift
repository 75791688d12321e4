import PersonaKit
import Testing
import TestSupport
@testable import Analysis
import TextMetrics

@Suite("Text analyses")
struct TextAnalysisTests {
    @Test func templatesFindTheRecurringShapes() {
        let jobs = ["baker", "pilot", "nurse", "teacher", "welder", "farmer"]
        var texts = jobs.map { "A former \($0) who now runs a tiny bookshop by the sea." }
        texts += ["After losing her job she started knitting.", "After losing his dog he moved to Oslo.", "After losing everything, they began again."]
        texts += ["Quiet accountant in Leeds.", "Retired surgeon who paints."]
        let tokens = texts.map(Lexical.words)
        let patterns = PhraseTemplates.patterns(tokens)
        #expect(patterns.contains { $0.phrase == "a former * who now" && $0.documents == 6 }, "\(patterns)")
        let openings = PhraseTemplates.openings(tokens)
        #expect(openings.first?.phrase.hasPrefix("a former") == true)
        #expect(openings.contains { $0.phrase == "after losing" && $0.documents == 3 })
        let ngrams = PhraseTemplates.ngrams(tokens)
        #expect(ngrams.contains { $0.phrase.contains("runs a tiny bookshop") && $0.documents == 6 })
    }

    @Test func classTFIDFLabelsPlantedTopics() {
        let documents = ["sourdough bread oven flour", "flour oven bakery bread", "bread bakery croissant",
                         "guitar stage band tour", "band guitar drums stage", "tour bus band"]
        let terms = ClassTFIDF.topTerms(documents: documents, labels: [0, 0, 0, 1, 1, 1], classes: 2, count: 2)
        #expect(terms[0] == ["bread", "bakery"] || terms[0] == ["bread", "flour"] || terms[0] == ["bread", "oven"])
        #expect(terms[1].first == "band")
    }

    @Test func professionsAreRecoveredFromBackgrounds() {
        let entries = [WeightedComponent(value: "Truck / Delivery Driver", weight: 17),
                       WeightedComponent(value: "Registered Nurse", weight: 20, minAge: 21),
                       WeightedComponent(value: "Gig Driver (Uber/DoorDash)", weight: 12),
                       WeightedComponent(value: "Customer Service Representative", weight: 19)]
        let matcher = ProfessionMatcher(professions: entries)
        #expect(matcher.match("A delivery driver who loves podcasts.") == 0)
        #expect(matcher.match("Night-shift registered nurse in Ohio") == 1)
        #expect(matcher.match("Works as a gig driver on weekends") == 2)
        #expect(matcher.match("Handles angry callers as a customer service representative") == 3)
        #expect(matcher.match("A painter by the sea") == nil)
    }

    @Test func exactDuplicatesUseSortedTraits() {
        let a = Persona(name: "Ann", username: nil, age: 30, traits: ["calm", "kind", "shy"], background: "b", chattingStyle: "c")
        var b = a
        b.traits = ["shy", "calm", "kind"]
        b.username = "different"
        var c = a
        c.age = 31
        #expect(ValidityAnalysis.exactDuplicates([a, c, b, c]) == [[0, 2], [1, 3]])
    }

    @Test func fitFlagsOverrepresentedProfessionsAndAges() throws {
        let components = PersonaComponents(
            professions: [WeightedComponent(value: "Baker", weight: 1), WeightedComponent(value: "Student", weight: 1, minAge: 18, maxAge: 28)],
            lifeContexts: [], traits: [WeightedComponent(value: "calm", weight: 1), WeightedComponent(value: "loud", weight: 1)],
            chattingQuirks: [])
        var personas = (0 ..< 9).map { Persona(name: "P\($0)", username: nil, age: 30, traits: ["calm"], background: "A baker in Rome.", chattingStyle: "x") }
        personas.append(Persona(name: "S", username: nil, age: 60, traits: ["loud"], background: "A student of Latin.", chattingStyle: "x"))
        let dataset = AuditDataset(source: "t", format: "t", ids: (1 ... 10).map(String.init), texts: personas.map(\.background), personas: personas)
        let fit = try #require(FitAnalysis.report(dataset: dataset, file: ComponentsFile(components: components, source: "test")))
        let professions = try #require(fit.components.first { $0.name == "professions" })
        #expect(professions.observations == 10)
        #expect(isClose(professions.largestResiduals[0].residual.magnitude, 0.4, absolute: 1e-9))
        #expect((professions.jensenShannon ?? 0) > 0.1)
        #expect(fit.agesOutsideProfessionRange == 1)
    }
}
